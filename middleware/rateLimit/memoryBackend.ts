import type { SendBudget } from '../../adapter/sendPipeline';
import {
  type AcquireRequest,
  type AcquireResult,
  type BudgetState,
  decideAcquire,
  type RateLimitBackend,
} from './backend';
import { monotonicNow } from './options';

/** Options of {@link MemoryRateLimitBackend}. */
export interface MemoryRateLimitBackendOptions {
  /**
   * Clock in epoch ms. Default: the monotonic clock (`performance.timeOrigin + performance.now()`),
   * which, unlike `Date.now`, never jumps when the system clock is set; sinon fake timers control it.
   */
  now?: () => number;
}

interface AccountState {
  pausedUntil: number;
  factor: number;
  factorUntil: number;
  budgets: Record<SendBudget, BudgetState>;
}

/**
 * The in-process {@link RateLimitBackend}: right for one bot instance. Budgets live in this object
 * (one small record per account, at most `limit` timestamps per budget), so each instance made with
 * it has budgets of its own: for several instances use {@link RedisRateLimitBackend}.
 *
 * @example
 * ```ts
 * const backend = new MemoryRateLimitBackend();
 * await backend.acquire({ account: '370873143344730', budget: 'text', limit: 240, windowMs: 1010, burstMs: 50 });
 * // { granted: true }
 * ```
 */
export class MemoryRateLimitBackend implements RateLimitBackend {
  private readonly now: () => number;
  private readonly accounts = new Map<string, AccountState>();

  constructor(options: MemoryRateLimitBackendOptions = {}) {
    this.now = options.now ?? monotonicNow;
  }

  /** Answers synchronously (see {@link RateLimitBackend.acquire}). */
  acquire(request: AcquireRequest): AcquireResult {
    const now = this.now();
    const state = this.account(request.account);
    const factor = state.factorUntil > now ? state.factor : 1;
    return decideAcquire(state.budgets[request.budget], request, now, state.pausedUntil, factor);
  }

  async pause(account: string, forMs: number): Promise<void> {
    const state = this.account(account);
    state.pausedUntil = Math.max(state.pausedUntil, this.now() + Math.max(0, forMs));
  }

  async slowDown(account: string, factor: number, forMs: number): Promise<void> {
    const state = this.account(account);
    if (factor >= 1) {
      state.factor = 1;
      state.factorUntil = 0;
      return;
    }
    state.factor = factor;
    state.factorUntil = this.now() + Math.max(0, forMs);
  }

  private account(account: string): AccountState {
    let state = this.accounts.get(account);
    if (!state) {
      state = {
        pausedUntil: 0,
        factor: 1,
        factorUntil: 0,
        budgets: { text: { tat: 0, log: [] }, media: { tat: 0, log: [] } },
      };
      this.accounts.set(account, state);
    }
    return state;
  }
}
