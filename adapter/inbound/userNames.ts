/**
 * `from.name` of inbound activities from Meta's user profile API, as Azure's Facebook channel filled
 * it: Messenger `"{first_name} {last_name}"`, Instagram `name` (else `username`). Cached in the
 * {@link StateStore} (one look-up per user per TTL), and failing open: a missing permission, a missing
 * consent or a slow Graph leaves the name out, never fails the turn.
 *
 * @module
 */
import { z } from 'zod';
import type { PlainActivity } from '../activity';
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import type { MessengerChannelId } from '../platform';
import { stateKeys } from '../state/keys';
import type { StateStore } from '../state/stateStore';
import type { TurnActivity, TurnChannelAccount } from '../turnContext';
import type { MessengerTurnInfo } from '../turnInfo';
import type { TurnPrelude } from '../turnPrelude';
import { copyWith } from '../copyWith';

/** Settings of the name look-up (adapter option `userNames`). */
export interface UserNameSettings {
  /** How long a name read from Meta is kept, in ms. Default 24 hours. */
  ttlMs?: number;
  /**
   * How long "no name" (no permission, no consent, Graph failed) is kept before asking again, in ms.
   * Default 1 hour.
   */
  unknownTtlMs?: number;
  /**
   * Longest a turn waits for a first look-up, in ms; a slower answer is still stored for later turns.
   * Default 3000.
   */
  timeoutMs?: number;
}

/** Defaults of {@link UserNameSettings}. */
export const USER_NAME_DEFAULTS: Readonly<Required<UserNameSettings>> = {
  ttlMs: 24 * 3600_000,
  unknownTtlMs: 3600_000,
  timeoutMs: 3000,
};

/** The profile fields read per platform: only what the name needs. */
export const USER_NAME_FIELDS: Readonly<Record<MessengerChannelId, readonly string[]>> = {
  facebook: ['first_name', 'last_name'],
  instagram: ['name', 'username'],
};

const text = z.string().nullish();
const messengerProfileSchema = z.looseObject({ first_name: text, last_name: text });
const instagramProfileSchema = z.looseObject({ name: text, username: text });
/** The zod schema of the profile answer per platform (Meta answers `{}` without profile access). */
const PROFILE_SCHEMAS: Readonly<Record<MessengerChannelId, z.ZodType<Record<string, unknown>>>> = {
  facebook: messengerProfileSchema,
  instagram: instagramProfileSchema,
};

/**
 * The display name in a Graph profile answer, or `undefined` when it has none (Meta answers `{}` when
 * the app lacks profile access) or does not have the documented shape.
 *
 * @example
 * ```ts
 * nameFromProfile('facebook', { first_name: 'Ada', last_name: 'Lovelace' }); // 'Ada Lovelace'
 * nameFromProfile('instagram', { name: null, username: 'ada.codes' }); // 'ada.codes'
 * ```
 */
export function nameFromProfile(channelId: MessengerChannelId, profile: unknown): string | undefined {
  const clean = (value: string | null | undefined): string | undefined => {
    const trimmed = value?.trim();
    return trimmed === undefined || trimmed === '' ? undefined : trimmed;
  };
  if (channelId === 'instagram') {
    const parsed = instagramProfileSchema.safeParse(profile);
    return parsed.success ? (clean(parsed.data.name) ?? clean(parsed.data.username)) : undefined;
  }
  const parsed = messengerProfileSchema.safeParse(profile);
  if (!parsed.success) return undefined;
  const parts = [clean(parsed.data.first_name), clean(parsed.data.last_name)].filter(
    (part): part is string => part !== undefined,
  );
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** What the store keeps per user: the name, or `null` for "asked, none". */
interface StoredName {
  n: string | null;
}

/** Dependencies of {@link UserNames}. */
export interface UserNamesDeps {
  readonly store: StateStore;
  readonly graph: Pick<GraphClient, 'raw'>;
  /** Told (ids and error code only) when a look-up fails. */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Reads and caches people's display names. One instance per adapter; concurrent look-ups of the
 * same person share one Graph call.
 *
 * @example
 * ```ts
 * const names = new UserNames({ store, graph });
 * await names.lookup('facebook', pageId, psid); // 'Ada Lovelace' (then from the store)
 * ```
 */
export class UserNames {
  private readonly settings: Required<UserNameSettings>;
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly deps: UserNamesDeps,
    settings: UserNameSettings = {},
  ) {
    this.settings = copyWith(USER_NAME_DEFAULTS, settings) as Required<UserNameSettings>;
  }

  /**
   * The person's name: from the store when known (no Graph call), else from the profile API (then
   * stored). Never rejects; `undefined` when there is no name or it could not be read in
   * `timeoutMs`.
   */
  async lookup(
    channelId: MessengerChannelId,
    accountId: string,
    userId: string,
  ): Promise<string | undefined> {
    const key = stateKeys.userName(accountId, userId);
    try {
      const stored = await this.deps.store.get<StoredName>(key);
      if (stored !== undefined && stored !== null && typeof stored === 'object' && 'n' in stored) {
        return typeof stored.n === 'string' ? stored.n : undefined;
      }
    } catch (error) {
      this.warn('the stored name could not be read', channelId, accountId, error);
      return undefined;
    }
    let running = this.inFlight.get(key);
    if (running === undefined) {
      running = this.fetchAndStore(channelId, accountId, userId, key).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, running);
    }
    return this.withinTimeout(running);
  }

  /**
   * Starts the look-up of the person's name for an activity of a webhook turn, and returns how to
   * write it into that turn's activity: `from` (or `recipient` of an echo) and the person's
   * `membersAdded` entry, where they have no name yet. `undefined` when nothing needs a name: turns
   * without a person (comments, account-level events), proactive turns, activities named already.
   * The store read leaves at once, so that it can share a round trip with the policies' turn-start
   * commands (see `TurnPrelude`).
   */
  prelude(
    activity: PlainActivity,
    info: Pick<MessengerTurnInfo, 'channelId' | 'accountId' | 'userId' | 'source'>,
  ): TurnPrelude | undefined {
    const { userId } = info;
    if (userId === undefined || (info.source !== 'messaging' && info.source !== 'standby')) return undefined;
    if (!needsName(activity, userId)) return undefined;
    let name: string | undefined;
    const settled = this.lookup(info.channelId, info.accountId, userId).then((found) => {
      name = found;
    });
    return {
      settled,
      applyTo: (target) => {
        if (name !== undefined) setName(target, userId, name);
      },
    };
  }

  private async fetchAndStore(
    channelId: MessengerChannelId,
    accountId: string,
    userId: string,
    key: string,
  ): Promise<string | undefined> {
    let name: string | undefined;
    try {
      // Not retried: a name is not worth holding a turn for; it is asked again after unknownTtlMs.
      const { data } = await this.deps.graph.raw(accountId, 'GET', `/${userId}`, {
        query: { fields: USER_NAME_FIELDS[channelId].join(',') },
        schema: PROFILE_SCHEMAS[channelId],
        maxRetries: 0,
      });
      name = nameFromProfile(channelId, data);
    } catch (error) {
      const what = 'the user profile could not be read; activities go without from.name';
      this.warn(what, channelId, accountId, error);
    }
    const ttl = name === undefined ? this.settings.unknownTtlMs : this.settings.ttlMs;
    try {
      await this.deps.store.set(key, { n: name ?? null } satisfies StoredName, ttl);
    } catch (error) {
      this.warn('the name could not be stored', channelId, accountId, error);
    }
    return name;
  }

  private withinTimeout(running: Promise<string | undefined>): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), this.settings.timeoutMs);
      timer.unref?.();
      void running.then((name) => {
        clearTimeout(timer);
        resolve(name);
      });
    });
  }

  private warn(what: string, channelId: MessengerChannelId, accountId: string, error: unknown): void {
    const code =
      error instanceof MessengerError ? error.code : error instanceof Error ? error.name : typeof error;
    this.deps.warn?.(`botbuilder-adapter-messenger: ${what}`, { channelId, accountId, code });
  }
}

/** A turn runner as the intake calls it (see `EventIntake`). */
type TurnRunner<TLogic> = (activity: PlainActivity, info: MessengerTurnInfo, logic: TLogic) => Promise<void>;

/** A turn runner that takes the turn's {@link TurnPrelude} too (the core's runner of a shell's turn). */
type TurnRunnerWithPrelude<TLogic> = (
  activity: PlainActivity,
  info: MessengerTurnInfo,
  logic: TLogic,
  prelude: TurnPrelude | undefined,
) => Promise<void>;

/**
 * Wraps a turn runner so that the person's name of every webhook activity is looked up as the turn
 * starts (see {@link UserNames.prelude}); the policy chain waits for it before any middleware sees the
 * activity. `names` undefined (the option is off): no prelude.
 */
export function withUserNames<TLogic>(
  names: UserNames | undefined,
  runTurn: TurnRunnerWithPrelude<TLogic>,
): TurnRunner<TLogic> {
  if (names === undefined) return (activity, info, logic) => runTurn(activity, info, logic, undefined);
  return (activity, info, logic) => runTurn(activity, info, logic, names.prelude(activity, info));
}

/** True when an account of the person in `activity` (from, recipient, membersAdded) has no name. */
function needsName(activity: TurnActivity, userId: string): boolean {
  return unnamed(activity.from, userId) || unnamed(activity.recipient, userId) || (activity.membersAdded ?? []).some((member) => unnamed(member, userId));
}

function unnamed(account: TurnChannelAccount | undefined, userId: string): boolean {
  return account?.id === userId && account.name === undefined;
}

/** Writes `name` into the person's accounts of `activity` that have none (new objects, not edits). */
function setName(activity: TurnActivity, userId: string, name: string): void {
  if (activity.from !== undefined && unnamed(activity.from, userId)) activity.from = copyWith(activity.from, { name });
  if (activity.recipient !== undefined && unnamed(activity.recipient, userId)) activity.recipient = copyWith(activity.recipient, { name });
  if (activity.membersAdded !== undefined) {
    activity.membersAdded = activity.membersAdded.map((member) => (unnamed(member, userId) ? copyWith(member, { name }) : member));
  }
}
