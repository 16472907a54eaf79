/**
 * The stored window record and the query API over it.
 *
 * One record per conversation, under `stateKeys.window(conversationId)`: a bare number, the epoch ms
 * of the user's last window-opening interaction. A number (not an object) keeps the default memory
 * store under 200 bytes per tracked conversation, key included (see bench/messagingWindow.bench.ts).
 * When Meta refuses a message as outside the window, the record is moved back to the latest time
 * consistent with that answer, so further messages are refused locally.
 *
 * @module
 */
import type { MessengerChannelId } from '../../adapter/platform';
import { stateKeys } from '../../adapter/state/keys';
import type { StateStore } from '../../adapter/state/stateStore';
import { readAdWindowEndsAt } from './adWindow';
import { MESSAGING_WINDOWS, windowPhase } from './windows';
import { copyWith } from '../../adapter/copyWith';

/**
 * How long a record is kept after the 7-day window ends (7 days), so a closed window is refused
 * locally for a while; after that the conversation is `unknown` and the memory is freed.
 */
export const CLOSED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const LONGEST_WINDOW_MS = Math.max(
  ...Object.values(MESSAGING_WINDOWS).map((windows) => windows.humanAgentMs),
);

/** Time-to-live of a record whose user last interacted at `lastUserAt`. */
export function recordTtlMs(lastUserAt: number, now: number): number {
  return Math.max(0, lastUserAt + LONGEST_WINDOW_MS - now) + CLOSED_RETENTION_MS;
}

/** The user's last window-opening interaction on record (epoch ms), or `undefined`. */
export async function readLastUserAt(store: StateStore, conversationId: string): Promise<number | undefined> {
  const value = await store.get<unknown>(stateKeys.window(conversationId));
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Records a window-opening interaction at `at` (epoch ms). The record only moves forward: an older,
 * late-delivered event leaves a newer record alone. Resolves the record now in force. On a store with
 * `setIfGreater` (`RedisStateStore`) this is one atomic command; otherwise a read, then a write.
 *
 * @example
 * ```ts
 * await recordUserInteraction(store, '6780462125377510-370873143344730', event.timestamp, Date.now());
 * ```
 */
export async function recordUserInteraction(
  store: StateStore,
  conversationId: string,
  at: number,
  now: number,
): Promise<number> {
  if (store.setIfGreater !== undefined) {
    return store.setIfGreater(stateKeys.window(conversationId), at, recordTtlMs(at, now));
  }
  const previous = await readLastUserAt(store, conversationId);
  if (previous !== undefined && previous >= at) return previous;
  await store.set(stateKeys.window(conversationId), at, recordTtlMs(at, now));
  return at;
}

/**
 * Which window Meta said is closed: `standard` (an untagged message was refused: 24 hours have
 * passed) or `all` (a tagged message was refused: 7 days have passed too).
 */
export type RefusedWindow = 'standard' | 'all';

/**
 * Corrects the record after Meta refused a message as outside the window (Graph 10/2018278,
 * 10/2534022): the record becomes the latest time consistent with Meta's answer (never later than
 * it was). Resolves the corrected record.
 */
export async function recordWindowRefusal(
  store: StateStore,
  conversationId: string,
  channelId: MessengerChannelId,
  refused: RefusedWindow,
  now: number,
): Promise<number> {
  const windows = MESSAGING_WINDOWS[channelId];
  const bound = now - (refused === 'all' ? windows.humanAgentMs : windows.standardMs);
  const previous = await readLastUserAt(store, conversationId);
  const corrected = previous === undefined ? bound : Math.min(previous, bound);
  await store.set(stateKeys.window(conversationId), corrected, recordTtlMs(corrected, now));
  return corrected;
}

/**
 * Where a conversation stands, for people (an agent UI) rather than for the policy:
 * - `open`: the bot and agents may write (`RESPONSE` / `UPDATE`).
 * - `human-agent-only`: only a human agent, tagged `HUMAN_AGENT`.
 * - `closed`: nothing until the user writes again.
 * - `unknown`: no interaction on record.
 */
export type WindowStatus = 'open' | 'human-agent-only' | 'closed' | 'unknown';

/** The window state of a conversation at a moment, with what changes next (for a countdown). */
export interface WindowState {
  readonly conversationId: string;
  readonly channelId: MessengerChannelId;
  readonly status: WindowStatus;
  /** Epoch ms of the user's last window-opening interaction on record (after a Meta refusal: the latest time consistent with it). */
  readonly lastUserAt: number | undefined;
  /**
   * Epoch ms when the standard window ends: `lastUserAt` + 24 h, or the end of the longer window after a
   * message from an ad when that applies (`adWindowEndsAt`) and is later.
   */
  readonly standardEndsAt: number | undefined;
  /**
   * Epoch ms when the longer window after a Click-to-Messenger / Click-to-Direct ad ends (7 days after the
   * message from the ad), when one is on record and the middleware applies it (`adWindow: true`).
   */
  readonly adWindowEndsAt?: number;
  /** Epoch ms when the 7-day human-agent window ends (`lastUserAt` + 7 d). */
  readonly humanAgentEndsAt: number | undefined;
  /** Epoch ms of the next status change, or `undefined` when none is due (`closed`, `unknown`). */
  readonly changesAt: number | undefined;
  /** The status from `changesAt` on. */
  readonly nextStatus: WindowStatus | undefined;
  /** Milliseconds until `changesAt` (the countdown), or `undefined`. */
  readonly remainingMs: number | undefined;
}

/** Options of {@link windowStateAt} and {@link getWindowState}. */
export interface WindowStateOptions {
  /** The platform; Messenger and Instagram have the same windows. Default `facebook`. */
  channelId?: MessengerChannelId;
  /** The clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** False when the app may not use HUMAN_AGENT: the window then closes at 24 hours. Default true. */
  humanAgentTag?: boolean;
  /** Apply the longer window after a message from an ad (see `MessagingWindowOptions.adWindow`). Default false. */
  adWindow?: boolean;
}

/**
 * The {@link WindowState} of a conversation whose user last interacted at `lastUserAt`, at `now`.
 * Pure.
 */
export function windowStateAt(
  conversationId: string,
  lastUserAt: number | undefined,
  now: number,
  options: Pick<WindowStateOptions, 'channelId' | 'humanAgentTag'> & { adWindowEndsAt?: number | undefined } = {},
): WindowState {
  const channelId = options.channelId ?? 'facebook';
  const humanAgentTag = options.humanAgentTag ?? true;
  const base = { conversationId, channelId, lastUserAt };
  if (lastUserAt === undefined) {
    return copyWith(base, {
      status: 'unknown' as const,
      standardEndsAt: undefined,
      humanAgentEndsAt: undefined,
      changesAt: undefined,
      nextStatus: undefined,
      remainingMs: undefined,
    });
  }
  const windows = MESSAGING_WINDOWS[channelId];
  const { adWindowEndsAt } = options;
  const standardEndsAt = Math.max(lastUserAt + windows.standardMs, adWindowEndsAt ?? 0);
  const humanAgentEndsAt = lastUserAt + windows.humanAgentMs;
  const ends = { standardEndsAt, humanAgentEndsAt, ...(adWindowEndsAt !== undefined ? { adWindowEndsAt } : {}) };
  const withEnds = copyWith(base, ends);
  const next = (status: WindowStatus, changesAt: number, nextStatus: WindowStatus): WindowState =>
    copyWith(withEnds, { status, changesAt, nextStatus, remainingMs: Math.max(0, changesAt - now) });
  switch (windowPhase(channelId, lastUserAt, now, adWindowEndsAt)) {
    case 'open':
      return next(
        'open',
        standardEndsAt,
        humanAgentTag && standardEndsAt < humanAgentEndsAt ? 'human-agent-only' : 'closed',
      );
    case 'human-agent':
      if (humanAgentTag) return next('human-agent-only', humanAgentEndsAt, 'closed');
      break;
    default:
      break;
  }
  return copyWith(withEnds, {
    status: 'closed' as const,
    changesAt: undefined,
    nextStatus: undefined,
    remainingMs: undefined,
  });
}

/**
 * The window state of a conversation, read from `store`: what an agent UI needs to show a countdown
 * ("bot may answer for 3 h 12 min more", "human agents: 5 d left").
 *
 * @example
 * ```ts
 * const state = await getWindowState(adapter.store, '6780462125377510-370873143344730');
 * if (state.status === 'human-agent-only') showBanner(`Reply within ${formatDuration(state.remainingMs ?? 0)}`);
 * ```
 */
export async function getWindowState(
  store: StateStore,
  conversationId: string,
  options: WindowStateOptions = {},
): Promise<WindowState> {
  const lastUserAt = await readLastUserAt(store, conversationId);
  const adWindowEndsAt = options.adWindow === true ? await readAdWindowEndsAt(store, conversationId) : undefined;
  return windowStateAt(conversationId, lastUserAt, (options.now ?? Date.now)(), copyWith(options, { adWindowEndsAt }));
}
