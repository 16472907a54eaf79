/**
 * `POST /{version}/me/message_attachments`: the Attachment Upload API, by URL (JSON) or with the
 * file itself (multipart `message` + `filedata`).
 *
 * @module
 */
import { z } from 'zod';
import * as ids from '../ids';
import type { Account } from '../world/types';
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

/**
 * The account an upload is for: the Page, or with `platform=instagram` (query, JSON body or multipart
 * field) its linked Instagram account, as Meta's Instagram Attachment Upload API requires. An id
 * uploaded without it belongs to the Page and cannot be sent on Instagram.
 */
function uploadAccount(call: Parameters<GraphHandler>[0]): Account {
  const accounts = accountsAt(call);
  const platform =
    call.query.platform ?? (typeof call.body.platform === 'string' ? call.body.platform : undefined);
  if (platform === undefined) {
    const page = accounts.find((account) => account.platform === 'messenger') ?? accounts[0];
    if (page === undefined) throw graphErrors.invalidToken();
    return page;
  }
  const wanted = platform === 'instagram' ? accounts.find((account) => account.platform === 'instagram') : undefined;
  if (wanted === undefined) {
    throw graphErrors.invalidParameter('Param platform must be instagram, for an Instagram account linked to this Page');
  }
  return wanted;
}

/** The upload handler: answers `{ attachment_id }`. */
export const uploadAttachment: GraphHandler = (call, { engine }) => {
  const account = uploadAccount(call);
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
