/**
 * Waiting for what the bot sends (real time: the bot answers asynchronously).
 *
 * @module
 */
import type { Engine } from '../engine';
import { SandboxError } from '../errors';
import type { SentMessage } from '../world/types';

/** Options of {@link waitForSent}. */
export interface WaitOptions {
  /** Real milliseconds to wait (default 5000). */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
}

/**
 * Resolves with the first sent message (already recorded, or arriving within the timeout) that
 * matches `predicate`; rejects with `TIMEOUT`.
 */
export function waitForSent(
  engine: Engine,
  predicate: (sent: SentMessage) => boolean,
  options: WaitOptions = {},
): Promise<SentMessage> {
  const found = engine.world.sent.find(predicate);
  if (found !== undefined) return Promise.resolve(found);
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const stop = engine.onSent((sent) => {
      if (!predicate(sent)) return;
      stop();
      clearTimeout(timer);
      resolve(sent);
    });
    const timer = setTimeout(() => {
      stop();
      reject(
        new SandboxError(
          'TIMEOUT',
          `The bot sent no ${options.what ?? 'matching message'} within ${timeoutMs} ms. Check the sandbox log for the webhook and for Graph errors.`,
        ),
      );
    }, timeoutMs);
  });
}
