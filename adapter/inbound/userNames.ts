/**
 * `from.name` of inbound activities from Meta's user profile API, as Azure's Facebook channel filled
 * it: Messenger `"{first_name} {last_name}"`, Instagram `name` (else `username`). Cached in the
 * {@link StateStore} (one look-up per user per TTL), and failing open: a missing permission, a missing
 * consent or a slow Graph leaves the name out, never fails the turn.
 *
 * @module
 */
import { z } from 'zod';
import type { PlainActivity, PlainChannelAccount } from '../activity';
import { MessengerError } from '../errors';
import type { GraphClient } from '../graph/graphClient';
import type { MessengerChannelId } from '../platform';
import { stateKeys } from '../state/keys';
import type { StateStore } from '../state/stateStore';
import type { MessengerTurnInfo } from '../turnInfo';

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
    this.settings = { ...USER_NAME_DEFAULTS, ...settings };
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
   * Sets the name on the person's side of each activity of a webhook turn: `from` (or `recipient` of
   * an echo) and the person's `membersAdded` entry. Does nothing for turns without a person
   * (comments, account-level events) and for proactive turns.
   */
  async fill(
    activity: PlainActivity,
    info: Pick<MessengerTurnInfo, 'channelId' | 'accountId' | 'userId' | 'source'>,
  ): Promise<void> {
    const { userId } = info;
    if (userId === undefined || (info.source !== 'messaging' && info.source !== 'standby')) return;
    const named = (account: PlainChannelAccount | undefined): boolean =>
      account?.id === userId && account.name === undefined;
    const members = activity.membersAdded ?? [];
    if (!named(activity.from) && !named(activity.recipient) && !members.some(named)) return;
    const name = await this.lookup(info.channelId, info.accountId, userId);
    if (name === undefined) return;
    if (activity.from !== undefined && named(activity.from)) activity.from = { ...activity.from, name };
    if (activity.recipient !== undefined && named(activity.recipient)) {
      activity.recipient = { ...activity.recipient, name };
    }
    if (activity.membersAdded !== undefined) {
      activity.membersAdded = activity.membersAdded.map((member) =>
        named(member) ? { ...member, name } : member,
      );
    }
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
type TurnRunner<TLogic> = (
  activity: PlainActivity,
  info: MessengerTurnInfo,
  logic: TLogic,
) => Promise<void>;

/**
 * Wraps a turn runner so that every webhook activity carries the person's name before the bot sees
 * it (see {@link UserNames.fill}); `names` undefined (the option is off) returns `runTurn` itself.
 */
export function withUserNames<TLogic>(
  names: UserNames | undefined,
  runTurn: TurnRunner<TLogic>,
): TurnRunner<TLogic> {
  if (names === undefined) return runTurn;
  return async (activity, info, logic) => {
    await names.fill(activity, info);
    await runTurn(activity, info, logic);
  };
}
