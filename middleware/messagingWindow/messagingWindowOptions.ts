/**
 * Options of `MessagingWindowMiddleware`, the event its `onWindowClosed` hook receives, and their
 * validation.
 *
 * @module
 */
import { MessengerError } from '../../adapter/errors';
import type { MessengerChannelId } from '../../adapter/platform';
import type { StateStore } from '../../adapter/state/stateStore';
import type { MessengerTurnContext, TurnActivity } from '../../adapter/turnContext';
import type { UnknownWindowPolicy } from './windowPolicy';
import type { WindowState } from './windowState';

/** What the `onWindowClosed` hook learns about a refused send. */
export interface WindowClosedEvent {
  /** `${userId}-${accountId}`. */
  readonly conversationId: string;
  readonly channelId: MessengerChannelId;
  /** Page id or Instagram account id. */
  readonly accountId: string;
  /** PSID / IGSID of the user, when known. */
  readonly userId: string | undefined;
  /**
   * `local`: refused before any Graph call. `graph`: Meta refused it (Graph 10/2018278 or
   * 10/2534022); the stored record has been corrected.
   */
  readonly source: 'local' | 'graph';
  /** The window state now (after any correction). */
  readonly state: WindowState;
  /**
   * The activities of the refused batch: with `local`, those the window refused (nothing of the batch
   * was sent); with `graph`, the batch Meta refused a message of (earlier messages may have gone out).
   */
  readonly activities: readonly TurnActivity[];
  /** The `MESSAGING_WINDOW_CLOSED` error the send rejects with. */
  readonly error: MessengerError;
}

/**
 * What the `onRefused` hook learns about a message refused before any Graph call: for the window
 * (`MESSAGING_WINDOW_CLOSED`), a tag (`TAG_NOT_ALLOWED`), or a `messaging_type` that cannot go out
 * (`CONFIG_INVALID`, `NOT_SUPPORTED`). The error's message says why and what is still allowed.
 */
export interface LocalRefusalEvent {
  /** `${userId}-${accountId}`. */
  readonly conversationId: string;
  readonly channelId: MessengerChannelId;
  /** Page id or Instagram account id. */
  readonly accountId: string;
  /** PSID / IGSID of the user, when known. */
  readonly userId: string | undefined;
  /** The window state when the message was refused. */
  readonly state: WindowState;
  /** The refused activities (nothing of their batch was sent). */
  readonly activities: readonly TurnActivity[];
  /** The error the send rejects with. */
  readonly error: MessengerError;
}

/** Options of `MessagingWindowMiddleware`. */
export interface MessagingWindowOptions {
  /**
   * Whether the app may use the `HUMAN_AGENT` tag (Meta grants it through App Review). With `false`,
   * nothing goes out past 24 hours, not even a human agent's reply. Default `true`.
   */
  humanAgentTag?: boolean;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /**
   * A conversation with no user interaction on record (the store was reset, the record expired, or
   * another instance without a shared store saw the user): `send` (default) lets Meta decide, with
   * `RESPONSE` / `UPDATE` (or `HUMAN_AGENT` for a person's message), and a refusal corrects the
   * record; `reject` refuses locally with `MESSAGING_WINDOW_CLOSED`.
   */
  unknownWindow?: UnknownWindowPolicy;
  /**
   * Where window records live. Default: the adapter's store, as each turn carries it. Give the same
   * store here to query `getWindowState` before the first turn.
   */
  store?: StateStore;
  /**
   * Called when a send is refused for the messaging window (locally or by Meta), before the send
   * rejects with `MESSAGING_WINDOW_CLOSED`: e.g. to reach the user by e-mail or SMS instead.
   * If the hook throws, the send rejects with the hook's error.
   *
   * @example
   * ```ts
   * new MessagingWindowMiddleware({
   *   onWindowClosed: async (context, event) => {
   *     await outbox.enqueueEmail(event.conversationId, event.activities);
   *   },
   * });
   * ```
   */
  onWindowClosed?(context: MessengerTurnContext, event: WindowClosedEvent): void | Promise<void>;
  /**
   * Called for every message this middleware refuses before any Graph call, whatever the rule
   * (window, tag, messaging type), before the send rejects: e.g. to show the person at the console
   * why a message did not go out. If the hook throws, the send rejects with the hook's error.
   */
  onRefused?(context: MessengerTurnContext, event: LocalRefusalEvent): void | Promise<void>;
  /**
   * Apply the longer standard window after a Click-to-Messenger / Click-to-Direct ad: when a
   * conversation's message came from an ad (`message.referral.source === 'ADS'`), the bot may send
   * `RESPONSE` / `UPDATE` messages until 7 days after that message. Default `false`.
   *
   * Opt-in because Meta's policy (messenger-platform policy page, Updated: Sep 28, 2026) only says the
   * window "may last up to 7 days from that message", and the rest of that passage is not published in
   * full. Meta's first refusal of a message as outside the window ends the longer window for that
   * conversation.
   */
  adWindow?: boolean;
}

/** The options with defaults applied. */
export interface ResolvedWindowOptions {
  readonly humanAgentTag: boolean;
  readonly now: () => number;
  readonly unknownWindow: UnknownWindowPolicy;
  readonly store: StateStore | undefined;
  readonly onWindowClosed: MessagingWindowOptions['onWindowClosed'];
  readonly onRefused: MessagingWindowOptions['onRefused'];
  readonly adWindow: boolean;
}

function invalid(message: string): MessengerError {
  return new MessengerError('CONFIG_INVALID', `MessagingWindowMiddleware: ${message}`);
}

function isStore(value: unknown): value is StateStore {
  if (typeof value !== 'object' || value === null) return false;
  const store = value as Record<string, unknown>;
  return ['get', 'set', 'setIfAbsent', 'delete'].every((method) => typeof store[method] === 'function');
}

/** Checks the options and applies the defaults; wrong options throw `CONFIG_INVALID` naming the option. */
export function resolveWindowOptions(options: MessagingWindowOptions | undefined): ResolvedWindowOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalid('options must be an object.');
  }
  const { humanAgentTag, now, unknownWindow, store, onWindowClosed, onRefused, adWindow } = options ?? {};
  if (adWindow !== undefined && typeof adWindow !== 'boolean') {
    throw invalid('adWindow must be true or false (true applies the longer window after a message from an ad).');
  }
  if (humanAgentTag !== undefined && typeof humanAgentTag !== 'boolean') {
    throw invalid('humanAgentTag must be true or false (false for apps without the Human Agent permission).');
  }
  if (now !== undefined && typeof now !== 'function')
    throw invalid('now must be a function returning epoch milliseconds.');
  if (unknownWindow !== undefined && unknownWindow !== 'send' && unknownWindow !== 'reject') {
    throw invalid(`unknownWindow must be 'send' or 'reject'; got ${JSON.stringify(unknownWindow)}.`);
  }
  if (store !== undefined && !isStore(store)) {
    throw invalid('store must be a StateStore (get, set, setIfAbsent, delete), e.g. the adapter’s store.');
  }
  if (onWindowClosed !== undefined && typeof onWindowClosed !== 'function') {
    throw invalid('onWindowClosed must be a function (context, event) => void | Promise<void>.');
  }
  if (onRefused !== undefined && typeof onRefused !== 'function') {
    throw invalid('onRefused must be a function (context, event) => void | Promise<void>.');
  }
  return {
    humanAgentTag: humanAgentTag ?? true,
    // Read Date.now at call time, so a clock installed later (sinon fake timers) is seen.
    now: now ?? (() => Date.now()),
    unknownWindow: unknownWindow ?? 'send',
    store,
    onWindowClosed,
    onRefused,
    adWindow: adWindow ?? false,
  };
}
