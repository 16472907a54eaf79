/**
 * The catalogue the dialog shows as a hero card carousel.
 *
 * @module
 */
import { type Attachment, CardFactory } from 'botbuilder';

export interface Shirt {
  name: string;
  price: string;
  /** The picture's file name, under the shop's image base URL. */
  image: string;
  detailsUrl: string;
}

export const SHIRTS: readonly Shirt[] = [
  {
    name: 'Linen shirt',
    price: '49 EUR',
    image: 'linen-shirt.png',
    detailsUrl: 'https://example.com/shop/linen-shirt',
  },
  {
    name: 'Oxford shirt',
    price: '59 EUR',
    image: 'oxford-shirt.png',
    detailsUrl: 'https://example.com/shop/oxford-shirt',
  },
  {
    name: 'Flannel shirt',
    price: '55 EUR',
    image: 'flannel-shirt.png',
    detailsUrl: 'https://example.com/shop/flannel-shirt',
  },
];

/** Where the pictures are when the bot is not given another place (placeholders: they do not load). */
export const DEFAULT_IMAGE_BASE_URL = 'https://example.com/shop/';

/**
 * One hero card per shirt: a "Choose" button that answers the prompt, and a link.
 *
 * @param imageBaseUrl the folder of the pictures, ending in `/` (the sandbox serves them at
 *   `<sandbox>/sandbox/media/shop/`).
 */
export function shirtCards(imageBaseUrl = DEFAULT_IMAGE_BASE_URL): Attachment[] {
  return SHIRTS.map((shirt) =>
    CardFactory.heroCard(
      shirt.name,
      shirt.price,
      CardFactory.images([`${imageBaseUrl}${shirt.image}`]),
      CardFactory.actions([
        { type: 'postBack', title: 'Choose', value: shirt.name },
        { type: 'openUrl', title: 'Details', value: shirt.detailsUrl },
      ]),
    ),
  );
}
