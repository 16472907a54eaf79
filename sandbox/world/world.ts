/**
 * The sandbox's state: accounts, users, conversations, uploads, Messenger profiles, and the record of
 * what the bot sent. Plain data with lookups; the rules live elsewhere.
 *
 * @module
 */
import { INSTAGRAM_INBOX_APP_ID, PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { SandboxError } from '../errors';
import * as ids from '../ids';
import type { Account, Conversation, JsonObject, Platform, SandboxUserProfile, SentMessage } from './types';

/** Bytes of uploaded files kept for display, newest first. */
const KEPT_UPLOAD_BYTES = 64 * 1024 * 1024;

/** A Page the sandbox hosts, with its optional linked Instagram professional account. */
export interface PageConfig {
  /** Page id, e.g. `'370873143344730'`. */
  id: string;
  /** Page access token the bot uses. */
  token: string;
  /** Display name (default `'Sandbox Page'`). */
  name?: string;
  /** The linked Instagram account. Without its own token, the Page token acts for it (as on Meta). */
  instagram?: { id: string; token?: string; username?: string; name?: string };
}

/** An Instagram professional account connected with Instagram Login (no Facebook Page). */
export interface InstagramLoginAccountConfig {
  /** The account's id (webhook `entry[].id`, `/me`'s `user_id`), e.g. `'17841400000000002'`. */
  id: string;
  /** Its Instagram user access token, accepted on the Instagram host only. */
  token: string;
  username?: string;
  name?: string;
}

/** A file stored through the Attachment Upload API. */
export interface Upload {
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  /** Where Meta fetched it from (upload by URL). */
  readonly url?: string;
  /** The bytes (multipart upload), kept when small enough to show in the web page. */
  readonly bytes?: Buffer;
  readonly mimeType?: string;
  readonly size?: number;
}

/** Everything the sandbox knows. */
export class World {
  readonly accounts = new Map<string, Account>();
  readonly users = new Map<string, SandboxUserProfile>();
  readonly conversations = new Map<string, Conversation>();
  readonly uploads = new Map<string, Upload>();
  /** Messenger profile (`get_started`, `persistent_menu`, `ice_breakers`, ...) per account id. */
  readonly messengerProfiles = new Map<string, JsonObject>();
  readonly sent: SentMessage[] = [];
  private seq = 0;

  constructor(pages: readonly PageConfig[], instagramLogin: readonly InstagramLoginAccountConfig[] = []) {
    for (const page of pages) {
      this.addAccount({
        id: page.id,
        platform: 'messenger',
        name: page.name ?? 'Sandbox Page',
        tokens: [page.token],
        pageId: page.id,
        inboxAppId: PAGE_INBOX_APP_ID,
      });
      const ig = page.instagram;
      if (ig !== undefined) {
        this.addAccount({
          id: ig.id,
          platform: 'instagram',
          name: ig.name ?? page.name ?? 'Sandbox Shop',
          username: ig.username ?? 'sandbox.shop',
          tokens: ig.token === undefined ? [page.token] : [ig.token, page.token],
          pageId: page.id,
          inboxAppId: INSTAGRAM_INBOX_APP_ID,
        });
      }
    }
    for (const ig of instagramLogin) {
      this.addAccount({
        id: ig.id,
        platform: 'instagram',
        name: ig.name ?? 'Sandbox Studio',
        username: ig.username ?? 'sandbox.studio',
        tokens: [ig.token],
        pageId: ig.id,
        inboxAppId: INSTAGRAM_INBOX_APP_ID,
        login: 'instagram',
      });
    }
  }

  /**
   * Stores an upload. File bytes are kept for the web page while the kept bytes stay under 64 MB;
   * older files then lose their bytes (their id stays valid for the Send API).
   */
  addUpload(upload: Upload): void {
    this.uploads.set(upload.id, upload);
    let kept = 0;
    for (const item of [...this.uploads.values()].reverse()) {
      kept += item.bytes?.length ?? 0;
      if (kept > KEPT_UPLOAD_BYTES && item.bytes !== undefined) {
        const { bytes: _dropped, ...rest } = item;
        this.uploads.set(item.id, rest);
      }
    }
  }

  /** The next sequence number (orders transcript entries, sent messages and user events). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The current sequence number (nothing recorded so far has a larger one). */
  get currentSeq(): number {
    return this.seq;
  }

  /** Accounts a token acts for; the first is the one `/me` means. */
  accountsForToken(token: string): Account[] {
    const all = [...this.accounts.values()].filter((account) => account.tokens.includes(token));
    const own = all.filter((account) => account.tokens[0] === token);
    return [...own, ...all.filter((account) => !own.includes(account))];
  }

  /** The account with `id`, or a clear error. */
  account(id: string): Account {
    const account = this.accounts.get(id);
    if (account === undefined) {
      throw new SandboxError(
        'UNKNOWN_ACCOUNT',
        `No Page or Instagram account ${id} in this sandbox: add it to the pages option.`,
      );
    }
    return account;
  }

  /** The first account of a platform (the default target of `user()` without `accountId`). */
  firstAccount(platform: Platform): Account {
    for (const account of this.accounts.values()) if (account.platform === platform) return account;
    throw new SandboxError(
      'UNKNOWN_ACCOUNT',
      platform === 'instagram'
        ? 'No Instagram account in this sandbox: give a page an `instagram: { id, token? }` option.'
        : 'No Facebook Page in this sandbox: add one to the pages option.',
    );
  }

  /** Registers a user of `account` (or returns the existing one with that id). */
  ensureUser(
    account: Account,
    id: string = ids.userId(),
    names: { firstName?: string; lastName?: string; username?: string } = {},
  ): SandboxUserProfile {
    const existing = this.users.get(id);
    if (existing !== undefined) {
      if (existing.accountId !== account.id) {
        throw new SandboxError(
          'INVALID_ARGUMENT',
          `User ${id} already belongs to account ${existing.accountId}: PSIDs and IGSIDs are scoped to one account.`,
        );
      }
      return existing;
    }
    const firstName = names.firstName ?? 'Jordan';
    const lastName = names.lastName ?? 'Rivera';
    const user: SandboxUserProfile = {
      id,
      accountId: account.id,
      platform: account.platform,
      firstName,
      lastName,
      ...(account.platform === 'instagram'
        ? { username: names.username ?? `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9._]/g, '') }
        : {}),
    };
    this.users.set(id, user);
    this.conversations.set(`${id}-${account.id}`, {
      id: `${id}-${account.id}`,
      user,
      account,
      transcript: [],
      sends: [],
    });
    return user;
  }

  /** The conversation of a user, or undefined for an unknown id. */
  conversationOfUser(userId: string): Conversation | undefined {
    const user = this.users.get(userId);
    return user === undefined ? undefined : this.conversations.get(`${user.id}-${user.accountId}`);
  }

  private addAccount(account: Account): void {
    if (this.accounts.has(account.id)) {
      throw new SandboxError('INVALID_ARGUMENT', `Account id ${account.id} is configured twice.`);
    }
    this.accounts.set(account.id, account);
  }
}
