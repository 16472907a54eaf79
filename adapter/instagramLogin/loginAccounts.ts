/**
 * Which accounts use Instagram Login: the one question that routes a Graph call to
 * `graph.instagram.com` (with the Instagram token) instead of `graph.facebook.com` (with the Page
 * token).
 *
 * @module
 */
import { MessengerError } from '../errors';
import { stateKeys } from '../state/keys';
import type { StateStore } from '../state/stateStore';

/** How long a learnt Instagram-Login account is remembered in the store: a year, renewed by each webhook. */
const REMEMBER_TTL_MS = 365 * 24 * 3600_000;
/** How long a "not Instagram Login" answer of the store is reused before asking again. */
const NEGATIVE_TTL_MS = 60_000;
/** Past this many cached answers, the negative cache is cleared. */
const MAX_NEGATIVES = 10_000;

/** Options of {@link LoginAccounts}. */
export interface LoginAccountsOptions {
  /** Accounts configured as Instagram Login. */
  readonly accounts?: readonly string[] | undefined;
  /** The user's own rule. */
  readonly isInstagramLoginAccount?: ((accountId: string) => boolean | Promise<boolean>) | undefined;
  /** No Page token is configured: every account uses Instagram Login. */
  readonly onlyInstagramLogin: boolean;
  /** Where learnt accounts are shared with other instances (the adapter's store). */
  readonly store?: StateStore | undefined;
}

/**
 * Decides, per account id, whether it uses Instagram Login. Sources, first match wins: no Page token
 * configured; accounts learnt in this process or configured; `isInstagramLoginAccount`; the store
 * (accounts learnt from webhooks signed with the Instagram app secret, or from conversation
 * references, by any instance).
 */
export class LoginAccounts {
  readonly #known = new Set<string>();
  readonly #notInstagram = new Map<string, number>();
  readonly #options: LoginAccountsOptions;
  #store: StateStore | undefined;

  constructor(options: LoginAccountsOptions) {
    this.#options = options;
    this.#store = options.store;
    for (const id of options.accounts ?? []) this.#known.add(id);
  }

  /** Attaches the store learnt accounts are shared through (the adapter's, once it exists). */
  useStore(store: StateStore): void {
    this.#store = store;
  }

  /** True when `accountId` uses Instagram Login. */
  async isInstagramLogin(accountId: string): Promise<boolean> {
    if (this.#options.onlyInstagramLogin || this.#known.has(accountId)) return true;
    const rule = this.#options.isInstagramLoginAccount;
    if (rule !== undefined && (await this.#ask(rule, accountId))) return true;
    const store = this.#store;
    if (store === undefined) return false;
    const checked = this.#notInstagram.get(accountId);
    if (checked !== undefined && checked > Date.now()) return false;
    if ((await store.get<number>(stateKeys.instagramLogin(accountId))) !== undefined) {
      this.#known.add(accountId);
      return true;
    }
    if (this.#notInstagram.size >= MAX_NEGATIVES) this.#notInstagram.clear();
    this.#notInstagram.set(accountId, Date.now() + NEGATIVE_TTL_MS);
    return false;
  }

  /** Records that `accountId` uses Instagram Login, here and in the store (for other instances). */
  async remember(accountId: string): Promise<void> {
    this.#notInstagram.delete(accountId);
    const isNew = !this.#known.has(accountId);
    this.#known.add(accountId);
    if (isNew && this.#store !== undefined) {
      await this.#store.set(stateKeys.instagramLogin(accountId), 1, REMEMBER_TTL_MS);
    }
  }

  async #ask(rule: (accountId: string) => boolean | Promise<boolean>, accountId: string): Promise<boolean> {
    try {
      return (await rule(accountId)) === true;
    } catch (error) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `instagramLogin.isInstagramLoginAccount('${accountId}') failed. It must answer true or false for an account id.`,
        { cause: error, details: { accountId } },
      );
    }
  }
}
