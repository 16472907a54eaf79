/**
 * Hero and thumbnail cards -> generic template elements (or a button template / text when that fits
 * better).
 *
 * @module
 */

import { z } from 'zod';
import type { PlainCardAction } from '../../activity';
import { MessengerError } from '../../errors';
import type { MessengerChannelId } from '../../platform';
import { buttonMessages, chunk, genericTemplateMessages, textMessages } from '../buttonMessages';
import { actionsToButtons, webUrlOf } from '../buttons';
import { BUTTON_TITLE_MAX, BUTTONS_MAX, ELEMENT_TITLE_MAX, ELEMENTS_MAX } from '../limits';
import { mediaUrlMessage } from '../media';
import { ELLIPSIS, truncate } from '../truncate';
import type { GenericElement, OutboundMessage, SendButton } from '../types';
import {
  cardActionSchema,
  cardImageSchema,
  joinText,
  optionalList,
  optionalText,
  parseCard,
} from './cardSchemas';
import { copyWith } from '../../copyWith';

const heroCardSchema = z.looseObject({
  title: optionalText,
  subtitle: optionalText,
  text: optionalText,
  images: optionalList(cardImageSchema),
  buttons: optionalList(cardActionSchema),
  tap: cardActionSchema.nullish().transform((value) => value ?? undefined),
});

/** A hero / thumbnail card read and its actions mapped for one channel. */
export interface HeroCardParts {
  title: string | undefined;
  subtitle: string | undefined;
  text: string | undefined;
  /** `images[0].url`. */
  imageUrl: string | undefined;
  /** `images[0].alt`. */
  imageAlt: string | undefined;
  /** The card's (or its image's) `tap`, when it opens a web link: the element's `default_action`. */
  tapUrl: string | undefined;
  /** The buttons, with a `tap` that is not a link first (so it is not lost). */
  buttons: SendButton[];
  /** Actions the channel shows as text (`call` on Instagram). */
  textLines: string[];
}

/** The elements of one card and the text that did not fit into them. */
export interface HeroElements {
  /** The card's element, then one more element (same title) per three further buttons. */
  elements: GenericElement[];
  /** Text that did not fit the 80-character title / subtitle, to send before the template. */
  overflow: string;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//iu.test(url);
}

/** Reads a hero or thumbnail card `content` (throws `NOT_SUPPORTED` when malformed). */
export function readHeroCard(
  content: unknown,
  channelId: MessengerChannelId,
  cardName = 'hero card',
): HeroCardParts {
  const card = parseCard(heroCardSchema, content, cardName);
  const image = card.images[0];
  if (image && !isHttpUrl(image.url)) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `The ${cardName}'s image must be an http(s) URL (Messenger fetches template images itself); ` +
        'host the image, or send it as its own attachment.',
      { details: { card: cardName } },
    );
  }
  const tap: PlainCardAction | undefined = card.tap ?? image?.tap;
  const tapUrl = webUrlOf(tap);
  const actions: PlainCardAction[] = [...card.buttons];
  if (tap && tapUrl === undefined) {
    // A tap that is not a link cannot be a default_action: keep it as the first button.
    actions.unshift(copyWith(tap, { title: tap.title ?? truncate(card.title ?? '', BUTTON_TITLE_MAX) }));
  }
  const { buttons, textLines } = actionsToButtons(actions, channelId);
  return {
    title: blankToUndefined(card.title),
    subtitle: blankToUndefined(card.subtitle),
    text: blankToUndefined(card.text),
    imageUrl: image?.url,
    imageAlt: blankToUndefined(image?.alt),
    tapUrl,
    buttons,
    textLines,
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The generic template elements of a card, or `undefined` when the card has nothing an element
 * needs besides a title (no subtitle, image, link or button): such a card is plain text.
 *
 * @remarks
 * The title is the card title (else its subtitle or text). The subtitle is the subtitle and text
 * joined when they fit in 80 characters; else the subtitle alone when it fits, and what did not fit
 * goes to `overflow` (sent as text before the template), so no text is lost. A title over 80
 * characters is cut with `…` and given in full in `overflow`. With `inCarousel`, the overflow starts
 * with the card title so the reader knows which card it belongs to. More than three buttons go into
 * further elements with the same title.
 */
export function heroElements(parts: HeroCardParts, inCarousel: boolean): HeroElements | undefined {
  const lines = [parts.subtitle, parts.text, ...parts.textLines].filter(
    (line): line is string => line !== undefined,
  );
  let headline: string;
  let bodyLines: string[];
  let explicitSubtitle: string | undefined;
  if (parts.title !== undefined) {
    headline = parts.title;
    bodyLines = lines;
    explicitSubtitle = parts.subtitle;
  } else if (lines.length > 0) {
    headline = lines[0] as string;
    bodyLines = lines.slice(1);
  } else {
    headline = parts.imageAlt ?? ELLIPSIS;
    bodyLines = [];
  }

  const body = joinText(bodyLines);
  const overflow: string[] = [];
  let subtitle: string | undefined;
  if (body.length <= ELEMENT_TITLE_MAX) {
    subtitle = body === '' ? undefined : body;
  } else if (explicitSubtitle !== undefined && explicitSubtitle.length <= ELEMENT_TITLE_MAX) {
    subtitle = explicitSubtitle;
    overflow.push(joinText(bodyLines.slice(1)));
  } else {
    overflow.push(body);
  }
  const title = truncate(headline, ELEMENT_TITLE_MAX);
  if (title !== headline || (inCarousel && overflow.length > 0)) overflow.unshift(headline);

  const [first = [], ...more] = chunk(parts.buttons, BUTTONS_MAX);
  const element: GenericElement = { title };
  if (subtitle !== undefined) element.subtitle = subtitle;
  if (parts.imageUrl !== undefined) element.image_url = parts.imageUrl;
  if (parts.tapUrl !== undefined) element.default_action = { type: 'web_url', url: parts.tapUrl };
  if (first.length > 0) element.buttons = first;
  if (Object.keys(element).length === 1) return undefined;
  return {
    elements: [element, ...more.map((group): GenericElement => ({ title, buttons: group }))],
    overflow: joinText(overflow, '\n\n'),
  };
}

/** The card as plain text: title, subtitle, text and text-only actions, one per line. */
export function heroText(parts: HeroCardParts): string {
  return joinText([parts.title, parts.subtitle, parts.text, ...parts.textLines]);
}

/**
 * The messages of one hero / thumbnail card on its own.
 *
 * @remarks
 * - With an image: a generic template (overflowing text first as a text message).
 * - Only an image: the image as a media message.
 * - No image but buttons: a button template (text up to 640 characters), a closer fit than an
 *   image-less generic element; a `tap` link becomes the first button there.
 * - No image, no buttons, but a `tap` link: a generic element with `default_action`.
 * - Text only: text messages.
 */
export function heroCardMessages(parts: HeroCardParts, channelId: MessengerChannelId): OutboundMessage[] {
  const text = heroText(parts);
  if (parts.imageUrl !== undefined) {
    if (text === '' && parts.buttons.length === 0 && parts.tapUrl === undefined) {
      return [mediaUrlMessage(parts.imageUrl, 'image')];
    }
    return elementMessages([parts], channelId, false);
  }
  if (text === '' && parts.buttons.length === 0) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'A hero / thumbnail card has no title, text, image or buttons, so Messenger has nothing to show.',
    );
  }
  if (parts.buttons.length > 0) {
    const buttons = [...parts.buttons];
    if (parts.tapUrl !== undefined && !buttons.some((b) => b.type === 'web_url' && b.url === parts.tapUrl)) {
      const label = parts.title ?? new URL(parts.tapUrl).hostname;
      buttons.unshift({ type: 'web_url', title: truncate(label, BUTTON_TITLE_MAX), url: parts.tapUrl });
    }
    return buttonMessages(text, buttons, channelId, parts.title);
  }
  if (parts.tapUrl !== undefined) return elementMessages([parts], channelId, false);
  return textMessages(text, channelId);
}

/**
 * Generic template messages (at most 10 elements each) for cards that all render as elements, each
 * preceded by the text that overflowed the elements it holds.
 */
export function elementMessages(
  cards: readonly HeroCardParts[],
  channelId: MessengerChannelId,
  inCarousel: boolean,
): OutboundMessage[] {
  const entries = cards.flatMap((card) => {
    const rendered = heroElements(card, inCarousel);
    if (!rendered) return [];
    return rendered.elements.map((element, i) => ({ element, overflow: i === 0 ? rendered.overflow : '' }));
  });
  const messages: OutboundMessage[] = [];
  for (const group of chunk(entries, ELEMENTS_MAX)) {
    const overflow = joinText(
      group.map((entry) => entry.overflow),
      '\n\n',
    );
    messages.push(
      ...textMessages(overflow, channelId),
      ...genericTemplateMessages(group.map((entry) => entry.element)),
    );
  }
  return messages;
}

/** True when the card renders as a generic template element (see {@link heroElements}). */
export function isElementCard(parts: HeroCardParts): boolean {
  return heroElements(parts, true) !== undefined;
}
