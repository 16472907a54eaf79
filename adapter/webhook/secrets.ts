/**
 * Webhook signatures when more than one secret may sign: the Meta app secret (Facebook Pages,
 * Facebook-Login Instagram accounts) and the Instagram app secret (Instagram Login; Meta's pages
 * disagree on which of the two signs those deliveries, so both are accepted).
 *
 * @module
 */
import { checkSignature, type SignatureCheck } from './signature';

/** Which configured secret a webhook POST was signed with. */
export type WebhookSigner = 'app' | 'instagram';

/** The secrets a POST may be signed with, in the order they are tried. */
export interface WebhookSecrets {
  /** The Meta app secret (App settings > Basic). */
  readonly app: string;
  /** The Instagram app secret (Instagram > API setup with Instagram login > Business login settings). */
  readonly instagram?: string | undefined;
}

/** The outcome of {@link checkSignatures}. */
export interface SignaturesCheck {
  /** `valid` when at least one secret matches. */
  readonly check: SignatureCheck;
  /** The secrets that match (both when they are equal). */
  readonly signedBy: readonly WebhookSigner[];
}

/**
 * Checks `X-Hub-Signature-256` against every configured secret, each in constant time, always all of
 * them (the time taken does not tell which secret matched).
 *
 * @example
 * ```ts
 * checkSignatures({ app: appSecret, instagram: igSecret }, raw, header); // { check: 'valid', signedBy: ['instagram'] }
 * ```
 */
export function checkSignatures(
  secrets: WebhookSecrets,
  rawBody: Buffer,
  header: string | undefined,
): SignaturesCheck {
  const candidates: [WebhookSigner, string][] = [['app', secrets.app]];
  if (secrets.instagram !== undefined) candidates.push(['instagram', secrets.instagram]);
  const results = candidates.map(([name, secret]) => [name, checkSignature(secret, rawBody, header)] as const);
  const signedBy = results.filter(([, check]) => check === 'valid').map(([name]) => name);
  if (signedBy.length > 0) return { check: 'valid', signedBy };
  return { check: results[0]?.[1] ?? 'missing', signedBy };
}
