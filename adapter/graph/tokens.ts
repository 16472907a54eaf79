/**
 * Access tokens per account and their `appsecret_proof`s.
 *
 * Both caches belong to one {@link GraphClient} instance (they hold secrets, so they are never shared
 * through the StateStore); each instance asks `getAccessToken` again after the TTL.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { MessengerError } from '../errors';

/** Most proofs kept per client; the oldest is dropped first. */
const MAX_PROOFS = 1_000;
/** Expired tokens are swept when the cache grows past this size. */
const SWEEP_THRESHOLD = 10_000;

/**
 * `appsecret_proof` of a token: hex HMAC-SHA256 keyed with the app secret.
 *
 * @example
 * ```ts
 * appSecretProof('app-secret', 'EAAB...'); // '4f0c...' (64 hex digits)
 * ```
 */
export function appSecretProof(appSecret: string, accessToken: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** Computes `appsecret_proof`s once per token. */
export class AppSecretProofs {
  readonly #appSecret: string;
  readonly #proofs = new Map<string, string>();

  constructor(appSecret: string) {
    this.#appSecret = appSecret;
  }

  /** The proof of `accessToken`. */
  get(accessToken: string): string {
    let proof = this.#proofs.get(accessToken);
    if (proof === undefined) {
      proof = appSecretProof(this.#appSecret, accessToken);
      if (this.#proofs.size >= MAX_PROOFS) {
        const oldest = this.#proofs.keys().next().value;
        if (oldest !== undefined) this.#proofs.delete(oldest);
      }
      this.#proofs.set(accessToken, proof);
    }
    return proof;
  }
}

/** Options of {@link AccessTokens}. */
export interface AccessTokensOptions {
  accessToken?: string | undefined;
  getAccessToken?: ((accountId: string) => string | Promise<string>) | undefined;
  /** How long a fetched token is reused, in ms. */
  ttlMs: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * The access token of each account: one fixed token, or tokens from `getAccessToken`, cached for
 * `ttlMs`, fetched once even when many calls ask at the same time, and dropped when Graph refuses
 * them (190).
 */
export class AccessTokens {
  readonly #fixed: string | undefined;
  readonly #fetch: ((accountId: string) => string | Promise<string>) | undefined;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<string>>();

  constructor(options: AccessTokensOptions) {
    this.#fixed = options.accessToken;
    this.#fetch = options.getAccessToken;
    this.#ttlMs = options.ttlMs;
  }

  /** True when tokens come from `getAccessToken` (and can be fetched again). */
  get refreshable(): boolean {
    return this.#fetch !== undefined;
  }

  /**
   * The token for `accountId` when it is known without waiting: the fixed token, or a cached one
   * that has not expired; else `undefined` (then {@link get} fetches it).
   */
  peek(accountId: string): string | undefined {
    if (this.#fetch === undefined) return this.#fixed;
    const cached = this.#cache.get(accountId);
    return cached !== undefined && cached.expiresAt > Date.now() ? cached.token : undefined;
  }

  /**
   * The token for `accountId`.
   *
   * @throws MessengerError `CONFIG_INVALID` when `getAccessToken` fails or returns no token.
   */
  async get(accountId: string): Promise<string> {
    if (this.#fetch === undefined) {
      if (this.#fixed === undefined) {
        throw new MessengerError('CONFIG_INVALID', 'No access token: give accessToken or getAccessToken.');
      }
      return this.#fixed;
    }
    const cached = this.#cache.get(accountId);
    if (cached !== undefined && cached.expiresAt > Date.now()) return cached.token;
    const pending = this.#pending.get(accountId);
    if (pending !== undefined) return pending;
    const fetching = this.#load(this.#fetch, accountId).finally(() => this.#pending.delete(accountId));
    this.#pending.set(accountId, fetching);
    return fetching;
  }

  /** Forgets `token` for `accountId` (after Graph refused it), unless a newer token replaced it. */
  invalidate(accountId: string, token: string): void {
    if (this.#cache.get(accountId)?.token === token) this.#cache.delete(accountId);
  }

  async #load(fetch: (accountId: string) => string | Promise<string>, accountId: string): Promise<string> {
    let token: unknown;
    try {
      token = await fetch(accountId);
    } catch (error) {
      if (error instanceof MessengerError) throw error;
      throw new MessengerError(
        'CONFIG_INVALID',
        `getAccessToken('${accountId}') failed. It must return the Page access token of that Page or Instagram account id.`,
        { cause: error, details: { accountId } },
      );
    }
    if (typeof token !== 'string' || token.length === 0) {
      throw new MessengerError(
        'CONFIG_INVALID',
        `getAccessToken('${accountId}') returned no token. It must return the Page access token (a non-empty string) of that Page or Instagram account id.`,
        { details: { accountId } },
      );
    }
    if (this.#cache.size >= SWEEP_THRESHOLD) this.#sweep();
    if (this.#ttlMs > 0) this.#cache.set(accountId, { token, expiresAt: Date.now() + this.#ttlMs });
    return token;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [accountId, entry] of this.#cache) {
      if (entry.expiresAt <= now) this.#cache.delete(accountId);
    }
  }
}
