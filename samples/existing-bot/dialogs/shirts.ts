/**
 * The catalogue the dialog shows as a hero card carousel.
 *
 * @module
 */
import { type Attachment, CardFactory } from 'botbuilder';

export interface Shirt {
  name: string;
  price: string;
  imageUrl: string;
  detailsUrl: string;
}

export const SHIRTS: readonly Shirt[] = [
  {
    name: 'Linen shirt',
    price: '49 EUR',
    imageUrl: 'https://example.com/shop/linen-shirt.jpg',
    detailsUrl: 'https://example.com/shop/linen-shirt',
  },
  {
    name: 'Oxford shirt',
    price: '59 EUR',
    imageUrl: 'https://example.com/shop/oxford-shirt.jpg',
    detailsUrl: 'https://example.com/shop/oxford-shirt',
  },
  {
    name: 'Flannel shirt',
    price: '55 EUR',
    imageUrl: 'https://example.com/shop/flannel-shirt.jpg',
    detailsUrl: 'https://example.com/shop/flannel-shirt',
  },
];

/** One hero card per shirt: a "Choose" button that answers the prompt, and a link. */
export function shirtCards(): Attachment[] {
  return SHIRTS.map((shirt) =>
    CardFactory.heroCard(
      shirt.name,
      shirt.price,
      CardFactory.images([shirt.imageUrl]),
      CardFactory.actions([
        { type: 'postBack', title: 'Choose', value: shirt.name },
        { type: 'openUrl', title: 'Details', value: shirt.detailsUrl },
      ]),
    ),
  );
}
