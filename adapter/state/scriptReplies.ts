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

/** One key's entry in a batched script's reply: what the script answered for it, or the error Redis met. */
export type PerKeyEntry<T> = T | { readonly error: Error };

/**
 * Reads a batched script's reply of one entry per key: `undefined` when it is not an array of `count`
 * entries, or when `read` finds an entry of another shape (`undefined`); an entry holding Redis's error
 * text becomes `{ error }`.
 */
export function readPerKeyReply<T>(reply: unknown, count: number, read: (entry: unknown) => T | undefined): PerKeyEntry<T>[] | undefined {
  if (!Array.isArray(reply) || reply.length !== count) return undefined;
  const entries: PerKeyEntry<T>[] = [];
  for (const entry of reply as unknown[]) {
    const error = keyErrorOf(entry);
    const value = error === undefined ? read(entry) : { error };
    if (value === undefined) return undefined;
    entries.push(value);
  }
  return entries;
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
