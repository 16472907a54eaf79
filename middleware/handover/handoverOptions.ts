/**
 * Options of {@link HandoverMiddleware}, their defaults and their validation.
 *
 * @module
 */
import { z } from 'zod';
import type { PlainActivity } from '../../adapter/activity';
import { MessengerError } from '../../adapter/errors';
import type { MessengerTurnContext, TurnActivity } from '../../adapter/turnContext';
import type { HandoverPolicy, ThreadControlRequest } from './handoverTurn';

/**
 * Options of `HandoverMiddleware`. All are optional.
 *
 * @example
 * ```ts
 * adapter.use(
 *   new HandoverMiddleware({
 *     targetAppId: process.env.CONTACT_CENTRE_APP_ID, // default: the Page / Instagram Inbox
 *     takeBackKeywords: ['bot', 'menu'],
 *     takeBackAfterIdleMinutes: 30,
 *     onHeldMessage: (context, activity) => metrics.increment('held'),
 *   }),
 * );
 * ```
 */
export interface HandoverMiddlewareOptions {
  /**
   * The app that `handoff.initiate` passes the thread to: a contact-centre product's Meta app id.
   * Default: the Page Inbox (263902037430900) on Messenger, the Instagram Inbox (1217981644879628) on
   * Instagram.
   */
  targetAppId?: string;
  /**
   * Called for each outgoing activity of the bot that was held back because another app (or a human
   * agent of this app) controls the thread. The activity is not sent, now or later. Default: nothing.
   */
  onHeldMessage?(context: MessengerTurnContext, activity: TurnActivity): void | Promise<void>;
  /**
   * Another app asked for the thread (`request_thread_control`). Resolve `true` to pass it the thread
   * (the bot then gets `handoff.status` `accepted` or `failed`), `false` to keep it.
   * Default: grant it while the bot has the thread (a request normally means a person wants to take
   * over, and the bot should not stand in the way), refuse it while a human agent of this app writes.
   */
  onThreadControlRequest?(context: MessengerTurnContext, request: ThreadControlRequest): boolean | Promise<boolean>;
  /**
   * What the person can type to get the bot back while people (or another app) have the thread:
   * strings match the whole message (or quick-reply / postback payload), trimmed, ignoring case; a
   * RegExp is tested on it. The bot then takes thread control (`completed`). Default: none.
   */
  takeBackKeywords?: string | readonly string[] | RegExp;
  /**
   * Take the thread back for the bot when the person writes and no agent has written for this many
   * minutes. Default: never (people hand it back, release it, or Meta makes it idle after 24 hours).
   */
  takeBackAfterIdleMinutes?: number;
  /**
   * When a message marked as a human agent's (`channelData.humanAgent === true`, see `asHumanAgent`)
   * goes out through this app, hold the bot's own messages from then on, until the bot takes the
   * thread back (`take_thread_control` event, keyword, idle timer). Default true.
   */
  pauseBotOnHumanAgent?: boolean;
  /**
   * Builds the `metadata` of the pass from the handoff context (`handoff.initiate`'s `value`).
   * Default: the context as text (JSON for objects), cut to Meta's limit keeping JSON valid.
   */
  handoffMetadata?(handoffContext: unknown, activity: TurnActivity): string | undefined;
  /** Clock (epoch ms), for tests. Default `Date.now`. */
  now?: () => number;
}

const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);
const keyword = z.string().trim().min(1, 'must not be empty');

const optionsSchema = z.strictObject({
  targetAppId: z.string().regex(/^\d+$/, "must be the target's numeric Meta app id, as a string").optional(),
  onHeldMessage: fn.optional(),
  onThreadControlRequest: fn.optional(),
  takeBackKeywords: z.union([keyword, z.array(keyword), z.instanceof(RegExp)]).optional(),
  takeBackAfterIdleMinutes: z.number().positive('must be more than 0').finite().optional(),
  pauseBotOnHumanAgent: z.boolean().optional(),
  handoffMetadata: fn.optional(),
  now: fn.optional(),
});

/**
 * Checks the options and resolves the policy part of them.
 *
 * @throws MessengerError `CONFIG_INVALID` naming the wrong option.
 */
export function resolveHandoverPolicy(options: HandoverMiddlewareOptions): HandoverPolicy {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'options';
    throw new MessengerError(
      'CONFIG_INVALID',
      `HandoverMiddleware: ${where} ${issue?.message ?? 'is invalid'}. See HandoverMiddlewareOptions.`,
    );
  }
  const minutes = options.takeBackAfterIdleMinutes;
  return {
    targetAppId: options.targetAppId,
    handoffMetadata: options.handoffMetadata as
      | ((handoffContext: unknown, activity: PlainActivity) => string | undefined)
      | undefined,
    isTakeBackKeyword: keywordMatcher(options.takeBackKeywords),
    takeBackAfterIdleMs: minutes === undefined ? undefined : minutes * 60_000,
    pauseBotOnHumanAgent: options.pauseBotOnHumanAgent ?? true,
    now: options.now ?? Date.now,
  };
}

/** The keyword test of {@link HandoverMiddlewareOptions.takeBackKeywords}. */
export function keywordMatcher(
  keywords: HandoverMiddlewareOptions['takeBackKeywords'],
): (text: string) => boolean {
  if (keywords === undefined) return () => false;
  if (keywords instanceof RegExp) {
    return (text) => {
      keywords.lastIndex = 0;
      return keywords.test(text);
    };
  }
  const list = new Set((typeof keywords === 'string' ? [keywords] : keywords).map(normalize));
  return (text) => list.has(normalize(text));
}

function normalize(text: string): string {
  return text.trim().toLocaleLowerCase();
}

/** The default {@link HandoverMiddlewareOptions.onThreadControlRequest}: grant while the bot has the thread. */
export function grantWhileBotControls(_context: unknown, request: ThreadControlRequest): boolean {
  return request.controller === 'bot';
}
