/**
 * Send API throttling: a sliding one-second window per account, separate budgets for text and for
 * audio / video, and Meta's `X-Business-Use-Case-Usage` header on every answer.
 *
 * @module
 */
import type { Account } from '../world/types';
import { graphErrors } from './graphErrors';

/** The header Meta reports Business Use Case usage in. */
export const USAGE_HEADER = 'X-Business-Use-Case-Usage';

/** Per-account Send API budgets (defaults from reference section 6). */
export interface RateLimitOptions {
  /** Text, links, reactions, stickers and sender actions per second per Page (default 300). */
  perSecond?: number;
  /** The same per Instagram account (default 100: Meta's IG figure, reference section 6). */
  instagramPerSecond?: number;
  /** Audio and video sends per second per account (default 10). */
  mediaPerSecond?: number;
  /**
   * Minutes an account stays blocked after going over, reported as `estimated_time_to_regain_access`
   * (default 1). Every call made while blocked restarts the wait, as on Meta. 0: no block beyond the window.
   */
  regainAccessMinutes?: number;
}

interface Window {
  /** Sandbox times of the calls accepted in the last second. */
  calls: number[];
  blockedUntil: number;
}

interface Budget {
  text: Window;
  media: Window;
}

const WINDOW_MS = 1000;

/** Counts Send API calls per account and refuses those past the budget with 613. */
export class SendThrottle {
  private readonly budgets = new Map<string, Budget>();
  private readonly limits: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions = {}) {
    this.limits = {
      perSecond: options.perSecond ?? 300,
      instagramPerSecond: options.instagramPerSecond ?? options.perSecond ?? 100,
      mediaPerSecond: options.mediaPerSecond ?? 10,
      regainAccessMinutes: options.regainAccessMinutes ?? 1,
    };
  }

  /**
   * Counts one call at `now`. Returns the usage header to send with the answer; throws the 613
   * failure (carrying the header) when the account is over budget or still blocked.
   */
  take(account: Account, heavyMedia: boolean, now: number): Record<string, string> {
    const budget = this.budgetOf(account.id);
    const limit = heavyMedia
      ? this.limits.mediaPerSecond
      : account.platform === 'instagram'
        ? this.limits.instagramPerSecond
        : this.limits.perSecond;
    const window = heavyMedia ? budget.media : budget.text;
    const calls = window.calls;
    while (calls.length > 0 && (calls[0] ?? 0) <= now - WINDOW_MS) calls.shift();

    const blockMs = this.limits.regainAccessMinutes * 60_000;
    if (now < window.blockedUntil || calls.length >= limit) {
      window.blockedUntil = Math.max(window.blockedUntil, now + blockMs);
      const minutes = Math.ceil((window.blockedUntil - now) / 60_000);
      throw graphErrors.rateLimited(account.platform, usageHeader(account, 100, minutes));
    }
    calls.push(now);
    return usageHeader(account, Math.min(100, Math.round((calls.length / limit) * 100)), 0);
  }

  private budgetOf(accountId: string): Budget {
    let budget = this.budgets.get(accountId);
    if (budget === undefined) {
      budget = { text: { calls: [], blockedUntil: 0 }, media: { calls: [], blockedUntil: 0 } };
      this.budgets.set(accountId, budget);
    }
    return budget;
  }
}

function usageHeader(account: Account, callCount: number, regainMinutes: number): Record<string, string> {
  const usage = {
    [account.id]: [
      {
        type: account.platform === 'instagram' ? 'instagram' : 'messenger',
        call_count: callCount,
        total_cputime: Math.round(callCount / 4),
        total_time: Math.round(callCount / 4),
        estimated_time_to_regain_access: regainMinutes,
      },
    ],
  };
  return { [USAGE_HEADER]: JSON.stringify(usage) };
}
