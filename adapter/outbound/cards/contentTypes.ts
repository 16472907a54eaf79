/**
 * Bot Framework card content types (the values of botbuilder's `CardFactory.contentTypes`).
 *
 * @module
 */

/** Content types of the Bot Framework cards the outbound mapping renders. */
export const CardContentTypes = {
  adaptive: 'application/vnd.microsoft.card.adaptive',
  animation: 'application/vnd.microsoft.card.animation',
  audio: 'application/vnd.microsoft.card.audio',
  hero: 'application/vnd.microsoft.card.hero',
  receipt: 'application/vnd.microsoft.card.receipt',
  oauth: 'application/vnd.microsoft.card.oauth',
  signin: 'application/vnd.microsoft.card.signin',
  thumbnail: 'application/vnd.microsoft.card.thumbnail',
  video: 'application/vnd.microsoft.card.video',
} as const;

/** True for a Bot Framework / Teams card content type (`application/vnd.microsoft.*`). */
export function isCardContentType(contentType: string): boolean {
  return /^application\/vnd\.microsoft\./iu.test(contentType);
}
