import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/**
 * The `X-Hub-Signature-256` value Meta sends for `rawBody`: `sha256=` + lowercase hex
 * HMAC-SHA256 keyed with the app secret, over the exact bytes of the body (Meta escapes non-ASCII
 * characters as `\uXXXX` before signing, so never re-serialize the JSON).
 *
 * @example
 * ```ts
 * const header = computeSignature(appSecret, Buffer.from(body)); // 'sha256=4f2c...'
 * ```
 */
export function computeSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** The outcome of {@link checkSignature}: `missing` (no header), `malformed`, `mismatch`, or `valid`. */
export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'mismatch';

/**
 * Checks an `X-Hub-Signature-256` header against the raw body in constant time (after a format and
 * length check). The legacy SHA-1 `X-Hub-Signature` header is never accepted.
 */
export function checkSignature(
  appSecret: string,
  rawBody: Buffer,
  header: string | undefined,
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = SIGNATURE_HEADER_FORMAT.exec(header.trim());
  if (!match?.[1]) return 'malformed';
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  if (given.length !== expected.length) return 'malformed';
  return timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}

/** True when `header` is a valid `X-Hub-Signature-256` for `rawBody`. */
export function verifySignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  return checkSignature(appSecret, rawBody, header) === 'valid';
}
