/**
 * The image grid template as the sandbox's Send API checks it (Messenger only; Meta's "Image grid
 * template" page, Updated: Jun 30, 2026): exactly one element of 2–6 images, at most one hero, a
 * title of at most 45 characters, a subtitle of at most 80, up to 3 URL / postback buttons; a
 * `web_url` image action needs `url`, a `postback` one `payload` and `text`.
 *
 * @module
 */
import { z } from 'zod';

const httpUrl = z.string().regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL');
const payloadText = z.string().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters');

const action = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('web_url'), url: httpUrl }),
  z.looseObject({ type: z.literal('postback'), payload: payloadText, text: z.string().min(1, 'must not be empty') }),
]);

const button = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('web_url'), url: httpUrl, title: z.string().min(1, 'must not be empty') }),
  z.looseObject({ type: z.literal('postback'), payload: payloadText, title: z.string().min(1, 'must not be empty') }),
]);

const image = z.looseObject({ url: httpUrl, is_hero_image: z.boolean().optional(), action: action.optional() });

/** `message.attachment.payload` of an image grid template. */
export const imageGridTemplateSchema = z.looseObject({
  template_type: z.literal('image_grid'),
  elements: z
    .array(
      z
        .looseObject({
          images: z.array(image).min(2, 'must have at least 2 items').max(6, 'must have at most 6 items'),
          title: z.string().max(45, 'must be at most 45 characters').optional(),
          subtitle: z.string().max(80, 'must be at most 80 characters').optional(),
          buttons: z.array(button).max(3, 'must have at most 3 items').optional(),
        })
        .refine((grid) => grid.images.filter((item) => item.is_hero_image === true).length <= 1, {
          path: ['images'],
          message: 'may have at most one is_hero_image',
        }),
    )
    .length(1, 'must have exactly 1 item'),
});
