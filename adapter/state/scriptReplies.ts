/**
 * What the Lua scripts of the store and of the rate limiter share: their SHA1 for `EVALSHA`, telling a
 * NOSCRIPT error (the server lost its script cache), and how a key's error comes back in a batched
 * script's reply (a one-element array holding Redis's error text).
 *
 * @module
 */
import { createHash } from 'node:crypto';

/** SHA1 of a script, as `EVALSHA` wants it. */
export function sha1Of(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

/** Text of a reply element (ioredis answers strings, or Buffers for binary replies). */
export function replyText(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** The error a batched script reported for one key (`{ 'WRONGTYPE ...' }`), or `undefined` for a plain entry. */
export function keyErrorOf(entry: unknown): Error | undefined {
  return Array.isArray(entry) ? new Error(replyText(entry[0])) : undefined;
}

/** True when an error (or one of its causes) is Redis's NOSCRIPT: the server does not have the script cached. */
export function isNoScript(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message.includes('NOSCRIPT')) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
