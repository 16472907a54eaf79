/**
 * The users of a sandbox and their handles: one {@link SandboxUser} per PSID / IGSID.
 *
 * @module
 */
import type { Engine } from '../engine';
import { SandboxError } from '../errors';
import { userId as newUserId } from '../ids';
import type { Conversation, Platform } from '../world/types';
import { SandboxUser } from './user';

/** Options of `sandbox.user()`. */
export interface UserOptions {
  /** `messenger` (default) or `instagram`; picks the first account of that platform. */
  platform?: Platform;
  /** A specific Page / Instagram account id (overrides `platform`). */
  accountId?: string;
  firstName?: string;
  lastName?: string;
  /** Instagram handle. */
  username?: string;
}

/** Default user ids, so examples and screenshots stay stable. */
const DEFAULT_USER_IDS: Record<Platform, string> = {
  messenger: '6780462125377510',
  instagram: '1254459154682919',
};

/** Names of the users the page's "+ new" adds, in order. */
const NEW_USER_NAMES: readonly (readonly [string, string])[] = [
  ['Sam', 'Lee'],
  ['Priya', 'Shah'],
  ['Mateo', 'Garcia'],
  ['Noor', 'Haddad'],
  ['Lena', 'Vogel'],
  ['Kenji', 'Sato'],
  ['Ada', 'Okafor'],
  ['Tom', 'Berg'],
  ['Ines', 'Costa'],
  ['Yusuf', 'Demir'],
];

/** Creates users on demand and keeps one handle per user (so `nextReply` cursors persist). */
export class Users {
  private readonly handles = new Map<string, SandboxUser>();

  constructor(private readonly engine: Engine) {}

  /** The conversation of a known user, or `INVALID_ARGUMENT`. */
  conversationOf(userId: string): Conversation {
    const conversation = this.engine.world.conversationOfUser(userId);
    if (conversation === undefined) {
      throw new SandboxError(
        'INVALID_ARGUMENT',
        `No user ${userId} in this sandbox: create it with sandbox.user(id).`,
      );
    }
    return conversation;
  }

  /** The handle of a known user. */
  handle(userId: string): SandboxUser {
    const conversation = this.conversationOf(userId);
    let handle = this.handles.get(userId);
    if (handle === undefined) {
      handle = new SandboxUser(this.engine, conversation);
      this.handles.set(userId, handle);
    }
    return handle;
  }

  /**
   * The user `id` (created on first use), or without `id` the first user of the account that
   * `options` picks (created with a default id if it has none yet).
   */
  get(id?: string, options: UserOptions = {}): SandboxUser {
    const { world } = this.engine;
    const known = id === undefined ? undefined : world.conversationOfUser(id);
    if (known !== undefined && (options.accountId === undefined || options.accountId === known.account.id)) {
      return this.handle(known.user.id);
    }
    const account =
      options.accountId === undefined
        ? world.firstAccount(options.platform ?? 'messenger')
        : world.account(options.accountId);
    if (id === undefined) {
      for (const user of world.users.values()) if (user.accountId === account.id) return this.handle(user.id);
    }
    const preferred = DEFAULT_USER_IDS[account.platform];
    const chosen = id ?? (world.users.has(preferred) ? newUserId() : preferred);
    return this.handle(world.ensureUser(account, chosen, options).id);
  }

  /** A new user with a fresh id and a name no other user of the account has, on the first account of `platform`. */
  create(platform: Platform): SandboxUser {
    const { world } = this.engine;
    const account = world.firstAccount(platform);
    const taken = new Set(
      [...world.users.values()]
        .filter((user) => user.accountId === account.id)
        .map((user) => `${user.firstName} ${user.lastName}`),
    );
    const names = NEW_USER_NAMES.find(([first, last]) => !taken.has(`${first} ${last}`));
    const [firstName, lastName] = names ?? ['Sam', `Lee ${taken.size + 1}`];
    const user = this.handle(world.ensureUser(account, undefined, { firstName, lastName }).id);
    this.engine.changed();
    return user;
  }
}
