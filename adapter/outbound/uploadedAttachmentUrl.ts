/**
 * The attachment URLs botbuilder's attachment upload path produces on this adapter. A bot written for
 * `CloudAdapter` uploads with `connector.conversations.uploadAttachment(...)` and then sends
 * `contentUrl = connector.baseUri + 'v3/attachments/{id}/views/original'`; here `baseUri` is
 * {@link UPLOADED_ATTACHMENT_BASE_URI} and `{id}` is Meta's `attachment_id`, so the outbound
 * mapping sends the upload by its id.
 *
 * @module
 */

/** `baseUri` of the connector client the adapter hands out (not a fetchable location). */
export const UPLOADED_ATTACHMENT_BASE_URI = 'messenger-attachment:/';

const UPLOADED_URL = /^messenger-attachment:\/+v3\/attachments\/([^/]+)\/views\/[a-z]+$/i;

/**
 * The Meta `attachment_id` in a `contentUrl` built from {@link UPLOADED_ATTACHMENT_BASE_URI}, else
 * `undefined`.
 *
 * @example
 * ```ts
 * attachmentIdOfUrl('messenger-attachment:/v3/attachments/1857777774821032/views/original'); // '1857777774821032'
 * ```
 */
export function attachmentIdOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const encoded = UPLOADED_URL.exec(url.trim())?.[1];
  if (encoded === undefined) return undefined;
  try {
    const id = decodeURIComponent(encoded);
    return /^\d+$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
