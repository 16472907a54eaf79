/**
 * `POST /{version}/me/message_attachments`: the Attachment Upload API, by URL (JSON) or with the
 * file itself (multipart `message` + `filedata`).
 *
 * @module
 */
import { z } from 'zod';
import * as ids from '../ids';
import { accountsAt, type GraphHandler } from './call';
import { GraphFailure, graphErrors } from './graphErrors';
import { parseParam } from './messageRules';

const MB = 1024 * 1024;
/** Meta's limit for any attachment. */
export const MAX_ATTACHMENT_BYTES = 25 * MB;
/** Instagram's limit for images. */
export const MAX_INSTAGRAM_IMAGE_BYTES = 8 * MB;
/** Uploaded files up to this size are kept so the web page can show them. */
const KEEP_BYTES = 8 * MB;

const uploadBody = z.looseObject({
  message: z.looseObject({
    attachment: z.looseObject({
      type: z.enum(['image', 'video', 'audio', 'file']),
      payload: z.looseObject({ url: z.string().optional(), is_reusable: z.boolean().optional() }),
    }),
  }),
});

/** The MIME families each attachment type accepts. */
const FAMILY: Record<string, (mime: string) => boolean> = {
  image: (mime) => mime.startsWith('image/'),
  video: (mime) => mime.startsWith('video/'),
  audio: (mime) => mime.startsWith('audio/') || mime === 'video/mp4',
  file: () => true,
};

/** The upload handler: answers `{ attachment_id }`. */
export const uploadAttachment: GraphHandler = (call, { engine }) => {
  const account = accountsAt(call)[0];
  if (account === undefined) throw graphErrors.invalidToken();
  const { attachment } = parseParam(uploadBody, call.body, []).message;
  const file = call.files.filedata;
  const attachmentId = ids.attachmentId();

  if (file === undefined) {
    const url = attachment.payload.url;
    if (url === undefined)
      throw graphErrors.invalidParameter('Upload needs message[attachment][payload][url] or a filedata part');
    if (!/^https?:\/\/\S+$/i.test(url)) throw graphErrors.attachmentUrlInvalid();
    engine.world.addUpload({
      id: attachmentId,
      accountId: account.id,
      type: attachment.type,
      url,
    });
    return { body: { attachment_id: attachmentId }, note: `${attachment.type} by URL` };
  }

  const limit =
    account.platform === 'instagram' && attachment.type === 'image'
      ? MAX_INSTAGRAM_IMAGE_BYTES
      : MAX_ATTACHMENT_BYTES;
  if (file.bytes.length > limit) throw graphErrors.attachmentTooLarge(limit / MB);
  const fits = FAMILY[attachment.type] ?? (() => true);
  if (!fits(file.mimeType)) {
    throw new GraphFailure({
      message: `(#100) Upload attachment failure: a ${file.mimeType} file is not a valid ${attachment.type}`,
      type: 'OAuthException',
      code: 100,
      error_subcode: 2018047,
    });
  }
  engine.world.addUpload({
    id: attachmentId,
    accountId: account.id,
    type: attachment.type,
    mimeType: file.mimeType,
    size: file.bytes.length,
    ...(file.bytes.length <= KEEP_BYTES ? { bytes: file.bytes } : {}),
  });
  return {
    body: { attachment_id: attachmentId },
    note: `${attachment.type}, ${file.bytes.length} bytes, ${file.mimeType}`,
  };
};
