/**
 * Receipt cards -> Messenger's receipt template (Messenger), or a text receipt when the card lacks
 * what the template requires, its amounts cannot be parsed, or the channel is Instagram.
 *
 * @module
 */

import { z } from 'zod';
import type { PlainCardAction } from '../../activity';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages, templateMessage } from '../buttonMessages';
import { actionsToButtons, webUrlOf } from '../buttons';
import { BUTTON_TITLE_MAX, RECEIPT_ELEMENTS_MAX } from '../limits';
import { truncate } from '../truncate';
import type { OutboundMessage } from '../types';
import { type Amount, parseAmount } from './amount';
import {
  cardActionSchema,
  cardImageSchema,
  joinText,
  optionalList,
  optionalText,
  parseCard,
} from './cardSchemas';

const factSchema = z.looseObject({ key: optionalText, value: optionalText });

const receiptItemSchema = z.looseObject({
  title: optionalText,
  subtitle: optionalText,
  text: optionalText,
  image: cardImageSchema.nullish().transform((value) => value ?? undefined),
  price: optionalText,
  quantity: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? undefined : String(value))),
  tap: cardActionSchema.nullish(),
});

const receiptCardSchema = z.looseObject({
  title: optionalText,
  facts: optionalList(factSchema),
  items: optionalList(receiptItemSchema),
  tap: cardActionSchema.nullish().transform((value) => value ?? undefined),
  total: optionalText,
  tax: optionalText,
  vat: optionalText,
  buttons: optionalList(cardActionSchema),
});

type ReceiptCard = z.output<typeof receiptCardSchema>;
type Fact = z.output<typeof factSchema>;

/** Fact keys read as the order number and the payment method (case-insensitive). */
const ORDER_NUMBER_KEY = /\b(order|reference|ref|confirmation|invoice|receipt)\b/iu;
const PAYMENT_METHOD_KEY = /\b(payment|paid with|card)\b/iu;

function isHttpUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//iu.test(url);
}

/**
 * The receipt template payload, or `undefined` when the card cannot fill it: the template needs a
 * recipient name (the card title), an order number and a payment method (facts whose keys name
 * them, e.g. "Order Number", "Payment Method"), and a total; all amounts must parse and share one
 * currency (a `$` is read as USD), and at most 100 items.
 */
function receiptPayload(
  card: ReceiptCard,
): { payload: Record<string, unknown>; unusedFacts: Fact[] } | undefined {
  const orderFact = card.facts.find((fact) => fact.key !== undefined && ORDER_NUMBER_KEY.test(fact.key));
  const paymentFact = card.facts.find(
    (fact) => fact !== orderFact && fact.key !== undefined && PAYMENT_METHOD_KEY.test(fact.key),
  );
  if (!card.title || !orderFact?.value || !paymentFact?.value || !card.total) return undefined;
  if (card.items.length > RECEIPT_ELEMENTS_MAX) return undefined;

  const amounts: (Amount | undefined)[] = [];
  const read = (text: string | undefined): Amount | undefined | null => {
    if (text === undefined || text.trim() === '') return undefined;
    const amount = parseAmount(text);
    amounts.push(amount);
    return amount ?? null;
  };
  const total = read(card.total);
  const tax = read(card.tax);
  const vat = read(card.vat);
  const prices = card.items.map((item) => read(item.price));
  if (amounts.some((amount) => amount === undefined) || !total) return undefined;
  const currencies = new Set(amounts.map((amount) => amount?.currency).filter((c) => c !== undefined));
  if (currencies.size !== 1) return undefined;
  const [currency] = currencies;

  const elements = card.items.map((item, i) => {
    const title = item.title ?? item.subtitle ?? item.text ?? '…';
    const subtitle = item.title !== undefined ? (item.subtitle ?? item.text) : undefined;
    const quantity = item.quantity !== undefined ? Number(item.quantity.trim()) : Number.NaN;
    const element: Record<string, unknown> = { title, price: prices[i]?.value ?? 0, currency };
    if (subtitle !== undefined) element.subtitle = subtitle;
    if (Number.isFinite(quantity)) element.quantity = quantity;
    if (isHttpUrl(item.image?.url)) element.image_url = item.image.url;
    return element;
  });
  const summary: Record<string, unknown> = { total_cost: total.value };
  if (tax || vat) summary.total_tax = round((tax?.value ?? 0) + (vat?.value ?? 0));

  const payload: Record<string, unknown> = {
    template_type: 'receipt',
    recipient_name: card.title,
    order_number: orderFact.value,
    currency,
    payment_method: paymentFact.value,
  };
  const orderUrl = webUrlOf(card.tap);
  if (orderUrl) payload.order_url = orderUrl;
  payload.elements = elements;
  payload.summary = summary;
  return { payload, unusedFacts: card.facts.filter((fact) => fact !== orderFact && fact !== paymentFact) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function factLine(fact: Fact): string {
  return joinText([fact.key, fact.value], ': ');
}

/** The receipt as text: title, facts, items, tax, VAT and total, one per line. */
export function receiptText(card: ReceiptCard): string {
  const items = card.items.map((item) => {
    const name = joinText([item.title, item.subtitle ?? item.text], ' - ');
    const quantity = item.quantity ? ` × ${item.quantity}` : '';
    return `${name}${quantity}${item.price ? `: ${item.price}` : ''}`;
  });
  const totals = [
    card.tax ? `Tax: ${card.tax}` : undefined,
    card.vat ? `VAT: ${card.vat}` : undefined,
    card.total ? `Total: ${card.total}` : undefined,
  ];
  return joinText(
    [joinText([card.title, ...card.facts.map(factLine)]), joinText(items), joinText(totals)],
    '\n\n',
  );
}

/**
 * The messages of a receipt card.
 *
 * @remarks
 * - Messenger, when the card fills the template (see the conditions on the payload builder): a
 *   receipt template with `recipient_name` = title, `order_number` / `payment_method` from the
 *   facts, `order_url` from a link `tap`, one element per item (price and quantity parsed, image),
 *   `summary.total_cost` and `summary.total_tax` (tax + VAT). The other facts and the card buttons
 *   (the receipt template has none) follow in a button template / text message.
 * - Otherwise (Instagram has no receipt template, or the card cannot be parsed): the receipt as text
 *   (see {@link receiptText}) with the buttons (a link `tap` becomes a button). Never throws for
 *   amounts it cannot read.
 */
export function receiptCardMessages(content: unknown, channelId: MessengerChannelId): OutboundMessage[] {
  const card = parseCard(receiptCardSchema, content, 'receipt card');
  const actions: PlainCardAction[] = [...card.buttons];
  const built = channelId === 'facebook' ? receiptPayload(card) : undefined;
  if (built) {
    const { buttons, textLines } = actionsToButtons(actions, channelId);
    const followUp = joinText([...built.unusedFacts.map(factLine), ...textLines]);
    const messages = [templateMessage(built.payload)];
    if (followUp !== '' || buttons.length > 0) {
      messages.push(...buttonMessages(followUp, buttons, channelId, card.title));
    }
    return messages;
  }
  const tapUrl = webUrlOf(card.tap);
  if (tapUrl && !actions.some((action) => webUrlOf(action) === tapUrl)) {
    actions.unshift({
      type: 'openUrl',
      title: truncate(card.title ?? new URL(tapUrl).hostname, BUTTON_TITLE_MAX),
      value: tapUrl,
    });
  }
  const { buttons, textLines } = actionsToButtons(actions, channelId);
  return buttonMessages(joinText([receiptText(card), ...textLines], '\n\n'), buttons, channelId, card.title);
}
