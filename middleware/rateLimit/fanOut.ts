/**
 * Proactive fan-out: one proactive turn per stored conversation reference, a bounded number at a time,
 * with progress reports. Pacing comes from {@link RateLimitMiddleware} on the adapter.
 *
 * @module
 */
import { MessengerError, type MessengerErrorCode } from '../../adapter/errors';
import type { MessengerTurnContext, ProactiveReference } from '../../adapter/turnContext';
import { copyWith } from '../../adapter/copyWith';

/**
 * What {@link fanOut} needs of an adapter: botbuilder's `continueConversationAsync(botAppId, reference,
 * logic)`. `MessengerAdapter` (any `BotAdapter`) and `MessengerAgentsAdapter` fit.
 */
export interface ProactiveAdapter<TContext = MessengerTurnContext, TReference = ProactiveReference> {
  continueConversationAsync(
    botAppId: string,
    reference: TReference,
    logic: (context: TContext) => Promise<void>,
  ): Promise<void>;
}

/** Where a fan-out stands; passed to `onProgress` after each conversation. */
export interface FanOutProgress {
  /** Number of references, when known (an array, or `options.total`). */
  readonly total: number | undefined;
  /** Conversations whose logic finished without error. */
  readonly done: number;
  /** Conversations whose logic failed. */
  readonly failed: number;
  /** Conversations skipped: window closed, or `shouldSend` said no. */
  readonly skipped: number;
  /** Conversations being sent to right now. */
  readonly active: number;
}

/** A conversation the fan-out failed to send to. */
export interface FanOutFailure<TReference> {
  readonly reference: TReference;
  readonly error: unknown;
}

/** A conversation the fan-out skipped, and why. */
export interface FanOutSkip<TReference> {
  readonly reference: TReference;
  /** The error code (`MESSAGING_WINDOW_CLOSED`, or another from `skipCodes`), or `filtered` (`shouldSend` said no). */
  readonly reason: 'filtered' | MessengerErrorCode;
  /** The error that made it skip, when one did. */
  readonly error?: MessengerError;
}

/** The outcome of {@link fanOut}. */
export interface FanOutResult<TReference> extends FanOutProgress {
  /** Every failed conversation with its error. */
  readonly failures: readonly FanOutFailure<TReference>[];
  /** Every skipped conversation with the reason. */
  readonly skips: readonly FanOutSkip<TReference>[];
  /** True when `signal` stopped the fan-out before every reference was tried. */
  readonly aborted: boolean;
}

/** Options of {@link fanOut}. */
export interface FanOutOptions<TReference> {
  /**
   * Conversations in progress at once (default 25). The rate limiter paces the sends; this bounds how
   * many wait in its queue, so keep it well below `maxQueue`.
   */
  concurrency?: number;
  /** Called after each conversation (and once at the start) with the counts so far. */
  onProgress?: (progress: FanOutProgress) => void;
  /** Stops starting new conversations; those in progress finish. */
  signal?: AbortSignal;
  /**
   * Error codes that count a conversation as skipped rather than failed. Default
   * `['MESSAGING_WINDOW_CLOSED']` (thrown before any Graph call by `MessagingWindowMiddleware`, and
   * for Graph 10/2018278, 10/2534022).
   */
  skipCodes?: readonly MessengerErrorCode[];
  /** A check before the turn (e.g. your own record of the last user message); `false` skips as `filtered`. */
  shouldSend?: (reference: TReference) => boolean | Promise<boolean>;
  /** The number of references, for progress, when `references` is not an array. */
  total?: number;
}

/** Default {@link FanOutOptions.concurrency}. */
export const DEFAULT_FAN_OUT_CONCURRENCY = 25;

/**
 * Runs `logic` in a proactive turn for each conversation reference, at most `concurrency` at a time,
 * and reports progress. Every send goes through the adapter's middleware, so `RateLimitMiddleware`
 * keeps the whole fan-out within the Page's limits and `MessagingWindowMiddleware` refuses
 * conversations whose window is closed, which are then skipped and reported, not failed.
 *
 * **Meta's policy.** Meta forbids unsolicited bulk and promotional messages. Use a fan-out only for
 * messages people expect, inside their 24-hour window: answering every open conversation after an
 * outage, a delay notice about their own order or request. Outside the window, only a human agent
 * may reply (HUMAN_AGENT tag, 7 days); promotions need Meta's paid or opt-in products (Sponsored
 * Messages, Marketing Messages). Pages that send unwanted messages are throttled (613/2018338) and
 * restricted (10/1893063).
 *
 * A failed conversation is not retried (its logic may already have sent part of its messages);
 * `failures` lists it with the error, also when `adapter.onTurnError` handled it (botbuilder then
 * does not reject `continueConversationAsync`). Resolves when every reference was handled or
 * `signal` stopped it.
 *
 * @example
 * ```ts
 * const result = await fanOut(adapter, appId, openConversations, async (context) => {
 *   await context.sendActivity('Sorry for the wait: we are back, and here is the answer to your question…');
 * }, { onProgress: (p) => process.stdout.write(`\r${formatFanOutProgress(p)}`) });
 * console.log(`\n${result.done} sent, ${result.failed} failed, ${result.skipped} skipped`);
 * ```
 */
export async function fanOut<TContext = MessengerTurnContext, TReference = ProactiveReference>(
  adapter: ProactiveAdapter<TContext, TReference>,
  botAppId: string,
  references: Iterable<TReference> | AsyncIterable<TReference>,
  logic: (context: TContext, reference: TReference) => Promise<void>,
  options: FanOutOptions<TReference> = {},
): Promise<FanOutResult<TReference>> {
  const concurrency = options.concurrency ?? DEFAULT_FAN_OUT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MessengerError(
      'CONFIG_INVALID',
      `fanOut concurrency must be a whole number of at least 1 (got ${concurrency}).`,
    );
  }
  const skipCodes = new Set<MessengerErrorCode>(options.skipCodes ?? ['MESSAGING_WINDOW_CLOSED']);
  const total = Array.isArray(references) ? references.length : options.total;
  const failures: FanOutFailure<TReference>[] = [];
  const skips: FanOutSkip<TReference>[] = [];
  let done = 0;
  let active = 0;
  let progressError: { error: unknown } | undefined;

  const progress = (): FanOutProgress => ({
    total,
    done,
    failed: failures.length,
    skipped: skips.length,
    active,
  });
  const report = (): void => {
    if (!options.onProgress || progressError) return;
    try {
      options.onProgress(progress());
    } catch (error) {
      progressError = { error };
    }
  };
  const stopped = (): boolean => options.signal?.aborted === true || progressError !== undefined;

  const iterator = toAsyncIterator(references);
  const next = async (): Promise<IteratorResult<TReference>> => iterator.next();

  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopped()) return;
      const item = await next();
      if (item.done) return;
      const reference = item.value;
      active++;
      try {
        if (options.shouldSend && !(await options.shouldSend(reference))) {
          skips.push({ reference, reason: 'filtered' });
        } else {
          // botbuilder hands turn errors to `adapter.onTurnError` (and does not reject) when one is set:
          // the error is caught here on its way out of `logic`, so it is counted either way.
          let thrown: { error: unknown } | undefined;
          await adapter.continueConversationAsync(botAppId, reference, async (context) => {
            try {
              await logic(context, reference);
            } catch (error) {
              thrown = { error };
              throw error;
            }
          });
          if (thrown) throw thrown.error;
          done++;
        }
      } catch (error) {
        if (error instanceof MessengerError && skipCodes.has(error.code)) {
          skips.push({ reference, reason: error.code, error });
        } else {
          failures.push({ reference, error });
        }
      } finally {
        active--;
      }
      report();
    }
  };

  report();
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (progressError) throw progressError.error;
  return copyWith(progress(), { failures, skips, aborted: options.signal?.aborted === true });
}

function toAsyncIterator<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<T>)[Symbol.asyncIterator]();
  return (source as Iterable<T>)[Symbol.iterator]();
}

/** Options of {@link formatFanOutProgress}. */
export interface ProgressBarOptions {
  /** Width of the bar in characters (default 30). */
  width?: number;
  /** Character of the finished part (default `'█'`). */
  complete?: string;
  /** Character of the rest (default `'░'`). */
  incomplete?: string;
}

/**
 * One line describing a fan-out's progress, for a terminal (`process.stdout.write('\r' + line)`):
 *
 * ```text
 * [███████████████░░░░░░░░░░░░░░░]  50% 500/1000  sent 480  failed 5  skipped 15
 * ```
 *
 * Without a known total, the bar is left out: `612 handled  sent 600  failed 2  skipped 10`.
 */
export function formatFanOutProgress(progress: FanOutProgress, options: ProgressBarOptions = {}): string {
  const handled = progress.done + progress.failed + progress.skipped;
  const counts = `sent ${progress.done}  failed ${progress.failed}  skipped ${progress.skipped}`;
  if (progress.total === undefined) return `${handled} handled  ${counts}`;
  const width = Math.max(1, Math.floor(options.width ?? 30));
  const share = progress.total === 0 ? 1 : Math.min(1, handled / progress.total);
  const filled = Math.round(share * width);
  const bar = (options.complete ?? '█').repeat(filled) + (options.incomplete ?? '░').repeat(width - filled);
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `[${bar}] ${percent} ${handled}/${progress.total}  ${counts}`;
}
