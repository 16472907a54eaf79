/**
 * The image grid template (Messenger, Meta's "Image grid template" page, Updated: Jun 30, 2026; see
 * messenger-platform.md, "2026 additions", topic 6): one message showing 2 to 6 images in a grid,
 * each with an optional tap action (open a URL, or a postback whose `text` is posted as the user's
 * reply), at most one of them the hero, with an optional title (45 characters), subtitle (80) and up
 * to 3 URL / postback buttons below. A typed builder, and the check every shell applies to a
 * `channelData.attachment` carrying `template_type: 'image_grid'` before a Graph call.
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';
import type { MessengerChannelId } from '../platform';
import { copyWith } from '../copyWith';

/** What happens when the person taps one image of the grid. */
export type ImageGridAction =
  /** Opens `url` in the browser. */
  | { type: 'web_url'; url: string }
  /** Sends `payload` to the bot (a `messaging_postbacks` event) and posts `text` as the person's reply. */
  | { type: 'postback'; payload: string; text: string };

/** One image of a grid, as the builder takes it. */
export interface ImageGridImageSpec {
  /** The image's http(s) URL. */
  url: string;
  /** Shows this image larger than the others (`is_hero_image`); at most one image of a grid. */
  hero?: boolean;
  /** The tap action, if any. */
  action?: ImageGridAction;
}

/** A button below the grid (only URL and postback buttons are allowed). */
export type ImageGridButton =
  | { type: 'web_url'; url: string; title: string }
  | { type: 'postback'; payload: string; title: string };

/** What {@link imageGridTemplate} needs. */
export interface ImageGridSpec {
  /** 2 to 6 images, in display order. */
  images: readonly ImageGridImageSpec[];
  /** Shown with the grid; at most 45 characters. */
  title?: string;
  /** Shown under the title; at most 80 characters. */
  subtitle?: string;
  /** Up to 3 buttons below the grid. */
  buttons?: readonly ImageGridButton[];
}

/** One image of an image grid, as Meta takes it. */
export interface ImageGridImage {
  url: string;
  is_hero_image?: boolean;
  action?: ImageGridAction;
}

/** The one element of an image grid template, as Meta takes it. */
export interface ImageGridElement {
  images: ImageGridImage[];
  title?: string;
  subtitle?: string;
  buttons?: ImageGridButton[];
}

/** The `message.attachment` of an image grid, as {@link imageGridTemplate} builds it. */
export interface ImageGridAttachment {
  type: 'template';
  payload: { template_type: 'image_grid'; elements: [ImageGridElement] };
}

/** Fewest and most images of a grid. */
export const IMAGE_GRID_IMAGES = { min: 2, max: 6 } as const;
/** Most characters of a grid's `title`. */
export const IMAGE_GRID_TITLE_MAX = 45;
/** Most characters of a grid's `subtitle`. */
export const IMAGE_GRID_SUBTITLE_MAX = 80;

const httpUrl = z.string().regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL');
const payload = z.string().min(1).max(1000);

const action = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('web_url'), url: httpUrl }),
  z.strictObject({
    type: z.literal('postback'),
    payload,
    text: z.string().min(1, 'a postback image action needs the text posted as the reply'),
  }),
]);

const button = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('web_url'), url: httpUrl, title: z.string().min(1) }),
  z.strictObject({ type: z.literal('postback'), payload, title: z.string().min(1) }),
]);

const element = z
  .strictObject({
    images: z
      .array(z.strictObject({ url: httpUrl, is_hero_image: z.boolean().optional(), action: action.optional() }))
      .min(IMAGE_GRID_IMAGES.min, `an image grid needs at least ${IMAGE_GRID_IMAGES.min} images`)
      .max(IMAGE_GRID_IMAGES.max, `an image grid shows at most ${IMAGE_GRID_IMAGES.max} images`),
    title: z.string().min(1).max(IMAGE_GRID_TITLE_MAX).optional(),
    subtitle: z.string().min(1).max(IMAGE_GRID_SUBTITLE_MAX).optional(),
    buttons: z.array(button).max(3).optional(),
  })
  .refine((grid) => grid.images.filter((image) => image.is_hero_image === true).length <= 1, {
    message: 'at most one image may be the hero (is_hero_image)',
    path: ['images'],
  });

const payloadSchema = z.strictObject({
  template_type: z.literal('image_grid'),
  elements: z.array(element).length(1, 'an image grid template has exactly one element'),
});

/** The first zod issue as `where.path: message`. */
function describe(error: z.ZodError, where: string): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return `${path === '' ? where : `${where}.${path}`} is invalid (${issue?.message ?? 'invalid'})`;
}

/**
 * The `message.attachment` of an image grid template. Throws `CONFIG_INVALID` naming the field when
 * the spec is not one Meta takes (fewer than 2 or more than 6 images, two heroes, a title over 45
 * characters, a postback image action without `text`, ...).
 *
 * @example
 * ```ts
 * imageGridTemplate({
 *   title: 'Spring',
 *   images: [
 *     { url: 'https://shop.example/a.jpg', hero: true, action: { type: 'web_url', url: 'https://shop.example/a' } },
 *     { url: 'https://shop.example/b.jpg', action: { type: 'postback', payload: 'P_B', text: 'Tell me about B' } },
 *   ],
 * });
 * // { type: 'template', payload: { template_type: 'image_grid', elements: [{ title: 'Spring', images: [
 * //   { url: 'https://shop.example/a.jpg', is_hero_image: true, action: { type: 'web_url', url: 'https://shop.example/a' } },
 * //   { url: 'https://shop.example/b.jpg', action: { type: 'postback', payload: 'P_B', text: 'Tell me about B' } }] }] } }
 * ```
 */
export function imageGridTemplate(spec: ImageGridSpec): ImageGridAttachment {
  const titles = copyWith(spec.title !== undefined ? { title: spec.title } : {}, spec.subtitle !== undefined ? { subtitle: spec.subtitle } : {});
  const grid: ImageGridElement = copyWith(titles, {
    images: (spec.images ?? []).map((image) => ({
      url: image.url,
      ...(image.hero === true ? { is_hero_image: true } : {}),
      ...(image.action !== undefined ? { action: image.action } : {}),
    })),
    ...(spec.buttons !== undefined && spec.buttons.length > 0 ? { buttons: [...spec.buttons] } : {}),
  });
  const parsed = element.safeParse(grid);
  if (!parsed.success) throw new MessengerError('CONFIG_INVALID', `imageGridTemplate: ${describe(parsed.error, 'spec')}.`);
  return { type: 'template', payload: { template_type: 'image_grid', elements: [grid] } };
}

/**
 * An outgoing activity that sends an image grid (`channelData.attachment`), Messenger only. Add a
 * `text` to the activity to send a text message before the grid.
 *
 * @example
 * ```ts
 * await context.sendActivity(
 *   imageGridMessage({ images: [{ url: 'https://shop.example/a.jpg' }, { url: 'https://shop.example/b.jpg' }] }),
 * );
 * ```
 */
export function imageGridMessage(spec: ImageGridSpec): {
  type: 'message';
  channelData: { attachment: ImageGridAttachment };
} {
  return { type: 'message', channelData: { attachment: imageGridTemplate(spec) } };
}

/**
 * Checks a `channelData.attachment` before it goes out: an `image_grid` template must be one Meta
 * takes (as {@link imageGridTemplate} builds it), and only on Messenger. Any other attachment passes.
 * Throws `NOT_SUPPORTED` naming the field or, on Instagram, what to send instead.
 */
export function checkImageGridAttachment(
  attachment: { type: string; payload?: Record<string, unknown> },
  channelId: MessengerChannelId,
): void {
  if (attachment.type !== 'template' || attachment.payload?.template_type !== 'image_grid') return;
  if (channelId === 'instagram') {
    throw new MessengerError(
      'NOT_SUPPORTED',
      'The image_grid template exists on Messenger only. On Instagram, send the images as image attachments ' +
        '(up to 10 consecutive ones go out as one message) or as a generic template carousel (hero cards). ' +
        'Nothing was sent.',
      { details: { channelId, rule: 'image-grid-messenger-only' } },
    );
  }
  const parsed = payloadSchema.safeParse(attachment.payload);
  if (!parsed.success) {
    throw new MessengerError(
      'NOT_SUPPORTED',
      `${describe(parsed.error, 'channelData.attachment.payload')}; build it with imageGridTemplate(...). Nothing was sent.`,
      { details: { channelId, rule: 'image-grid-shape' } },
    );
  }
}
