/**
 * Serialising and signing webhook bodies exactly as Meta does.
 *
 * @module
 */
import { createHmac } from 'node:crypto';

/**
 * JSON as Meta writes webhook bodies: every non-ASCII UTF-16 unit escaped as `\uXXXX` with
 * lowercase hex (so `äöå` becomes `\u00e4\u00f6\u00e5` and an emoji becomes its surrogate pair),
 * and `/` escaped as `\/`. The result is pure ASCII, and the signature is computed over these bytes.
 *
 * @example
 * ```ts
 * metaJson({ text: 'Grüße 👋', url: 'https://x/y' });
 * // '{"text":"Gr\\u00fc\\u00dfe \\ud83d\\udc4b","url":"https:\\/\\/x\\/y"}'
 * ```
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** `sha256=` + lowercase hex HMAC-SHA256 of `body` keyed with the app secret: the `X-Hub-Signature-256` value. */
export function signatureOf(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** hex HMAC-SHA256(app secret, access token): the `appsecret_proof` Meta expects with a token. */
export function appSecretProofOf(appSecret: string, accessToken: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}
