import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { parseAmount } from '../../../adapter/outbound/cards/amount';
import { fb, ig, map, messageRequest, messagesOf, template } from '../helpers';

const TRAFFIC = 'https://github.com/amido/azure-vector-icons/raw/master/renders/traffic-manager.png';
const CLOUD = 'https://github.com/amido/azure-vector-icons/raw/master/renders/cloud-service.png';
const PRICING = 'https://azure.microsoft.com/en-us/pricing/details/bot-service/';

/** The receipt card of BotBuilder-Samples 06.using-cards. */
function sampleReceipt(overrides: Record<string, unknown> = {}) {
  return CardFactory.receiptCard({
    title: 'John Doe',
    facts: [
      { key: 'Order Number', value: '1234' },
      { key: 'Payment Method', value: 'VISA 5555-****' },
    ],
    items: [
      { title: 'Data Transfer', price: '$38.45', quantity: '368', image: { url: TRAFFIC } },
      { title: 'App Service', price: '$45.00', quantity: '720', image: { url: CLOUD } },
    ],
    tax: '$7.50',
    total: '$90.95',
    buttons: CardFactory.actions([
      { type: ActionTypes.OpenUrl, title: 'More information', value: PRICING } as never,
    ]),
    ...overrides,
  } as never);
}

const moreInfo = { type: 'web_url', title: 'More information', url: PRICING };

describe('receipt cards', () => {
  it('maps the 06.using-cards receipt to a receipt template plus its button on Messenger', () => {
    expect(map(MessageFactory.attachment(sampleReceipt()), fb)).to.deep.equal([
      messageRequest(
        fb,
        template({
          template_type: 'receipt',
          recipient_name: 'John Doe',
          order_number: '1234',
          currency: 'USD',
          payment_method: 'VISA 5555-****',
          elements: [
            { title: 'Data Transfer', price: 38.45, currency: 'USD', quantity: 368, image_url: TRAFFIC },
            { title: 'App Service', price: 45, currency: 'USD', quantity: 720, image_url: CLOUD },
          ],
          summary: { total_cost: 90.95, total_tax: 7.5 },
        }),
      ),
      messageRequest(fb, template({ template_type: 'button', text: 'John Doe', buttons: [moreInfo] })),
    ]);
  });

  const receiptText =
    'John Doe\nOrder Number: 1234\nPayment Method: VISA 5555-****\n\n' +
    'Data Transfer × 368: $38.45\nApp Service × 720: $45.00\n\nTax: $7.50\nTotal: $90.95';

  it('sends the receipt as text with its buttons on Instagram (no receipt template there)', () => {
    expect(map(MessageFactory.attachment(sampleReceipt()), ig)).to.deep.equal([
      messageRequest(ig, template({ template_type: 'button', text: receiptText, buttons: [moreInfo] })),
    ]);
  });

  it('falls back to text (never throws) when an amount cannot be parsed', () => {
    const card = sampleReceipt({ total: 'about ninety bucks' });
    expect(messagesOf(map(MessageFactory.attachment(card), fb))).to.deep.equal([
      template({
        template_type: 'button',
        text: receiptText.replace('Total: $90.95', 'Total: about ninety bucks'),
        buttons: [moreInfo],
      }),
    ]);
  });

  it('falls back to text without an order number, or with mixed currencies', () => {
    const noOrder = sampleReceipt({ facts: [{ key: 'Payment Method', value: 'VISA' }], buttons: [] });
    expect(messagesOf(map(MessageFactory.attachment(noOrder), fb))).to.deep.equal([
      {
        text: 'John Doe\nPayment Method: VISA\n\nData Transfer × 368: $38.45\nApp Service × 720: $45.00\n\nTax: $7.50\nTotal: $90.95',
      },
    ]);
    const mixed = sampleReceipt({ tax: '€7.50', buttons: [] });
    const [message] = messagesOf(map(MessageFactory.attachment(mixed), fb));
    expect(message).to.deep.equal({ text: receiptText.replace('Tax: $7.50', 'Tax: €7.50') });
  });

  it('maps a link tap to order_url, adds VAT to the tax, and sends the other facts after the template', () => {
    const card = sampleReceipt({
      facts: [
        { key: 'Order Number', value: 'A-77' },
        { key: 'Payment Method', value: 'Cash' },
        { key: 'Delivery', value: 'Tomorrow' },
      ],
      items: [{ title: 'Tea', subtitle: 'Green', price: '€4,50' }],
      tax: '€0,30',
      vat: '€0,20',
      total: '€5,00',
      tap: { type: 'openUrl', title: 'Order', value: 'https://shop.example/orders/A-77' },
      buttons: [],
    });
    expect(messagesOf(map(MessageFactory.attachment(card), fb))).to.deep.equal([
      template({
        template_type: 'receipt',
        recipient_name: 'John Doe',
        order_number: 'A-77',
        currency: 'EUR',
        payment_method: 'Cash',
        order_url: 'https://shop.example/orders/A-77',
        elements: [{ title: 'Tea', subtitle: 'Green', price: 4.5, currency: 'EUR' }],
        summary: { total_cost: 5, total_tax: 0.5 },
      }),
      { text: 'Delivery: Tomorrow' },
    ]);
  });
});

describe('parseAmount', () => {
  it('reads symbols, ISO codes and both decimal conventions', () => {
    expect(parseAmount('$38.45')).to.deep.equal({ value: 38.45, currency: 'USD' });
    expect(parseAmount('€1.234,50')).to.deep.equal({ value: 1234.5, currency: 'EUR' });
    expect(parseAmount('1 234,50 EUR')).to.deep.equal({ value: 1234.5, currency: 'EUR' });
    expect(parseAmount('USD 1,234.56')).to.deep.equal({ value: 1234.56, currency: 'USD' });
    expect(parseAmount('R$ 10,00')).to.deep.equal({ value: 10, currency: 'BRL' });
    expect(parseAmount('-$5.00')).to.deep.equal({ value: -5, currency: 'USD' });
    expect(parseAmount('£1,234')).to.deep.equal({ value: 1234, currency: 'GBP' });
    expect(parseAmount('12')).to.deep.equal({ value: 12, currency: undefined });
  });

  it('returns undefined for what is not one amount', () => {
    for (const text of ['', 'free', '$', '1.2.3', '12,', 'EUR 5 USD', '5 apples']) {
      expect(parseAmount(text), text).to.equal(undefined);
    }
  });
});
