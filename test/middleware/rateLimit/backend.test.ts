import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import { type BudgetState, decideAcquire, effectiveLimit } from '../../../middleware/rateLimit/backend';
import { MemoryRateLimitBackend } from '../../../middleware/rateLimit/memoryBackend';
import { maxInWindow, PAGE_ID, PAGE_ID_2, T0 } from './helpers';

const fresh = (): BudgetState => ({ tat: 0, log: [] });

describe('decideAcquire (GCRA + sliding-window cap)', () => {
  it('spreads grants evenly: one every windowMs / limit once the burst tolerance is used', () => {
    const state = fresh();
    const request = { limit: 10, windowMs: 1000, burstMs: 0 };
    expect(decideAcquire(state, request, T0, 0, 1)).to.deep.equal({ granted: true });
    expect(decideAcquire(state, request, T0 + 50, 0, 1)).to.deep.equal({
      granted: false,
      retryInMs: 50,
      paused: false,
    });
    expect(decideAcquire(state, request, T0 + 100, 0, 1)).to.deep.equal({ granted: true });
  });

  it('lets a send run at most burstMs ahead of the even pace', () => {
    const state = fresh();
    const request = { limit: 10, windowMs: 1000, burstMs: 250 };
    const granted = [0, 1, 2, 3, 4].map(() => decideAcquire(state, request, T0, 0, 1).granted);
    // tat advances 100 ms per grant; grants conform while tat - 250 <= now: 3 at once.
    expect(granted).to.deep.equal([true, true, true, false, false]);
  });

  it('caps any window: with a large tolerance the sliding window still allows only `limit`', () => {
    const state = fresh();
    const request = { limit: 5, windowMs: 1000, burstMs: 10_000 };
    const results = Array.from({ length: 7 }, () => decideAcquire(state, request, T0, 0, 1));
    expect(results.filter((r) => r.granted)).to.have.length(5);
    expect(results[5]).to.deep.equal({ granted: false, retryInMs: 1000, paused: false });
    // The window is half-open: at exactly T0 + 1000 the first grants have left it.
    expect(decideAcquire(state, request, T0 + 999, 0, 1).granted).to.equal(false);
    expect(decideAcquire(state, request, T0 + 1000, 0, 1).granted).to.equal(true);
  });

  it('grants nothing while paused, and says for how long', () => {
    expect(
      decideAcquire(fresh(), { limit: 10, windowMs: 1000, burstMs: 0 }, T0, T0 + 60_000, 1),
    ).to.deep.equal({
      granted: false,
      retryInMs: 60_000,
      paused: true,
    });
  });

  it('scales the limit by the slow-down factor, never below one send per window', () => {
    expect(effectiveLimit(300, 0.5)).to.equal(150);
    expect(effectiveLimit(8, 0.1)).to.equal(1);
    expect(effectiveLimit(100, 0.29)).to.equal(29); // 100 * 0.29 is 28.999999999999996 in floating point
  });

  it('property: no window of windowMs ever holds more than the limit, and the pace bound holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1000, max: 1100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 400 }),
        (limit, windowMs, burstMs, gaps) => {
          const state = fresh();
          const granted: number[] = [];
          let now = T0;
          for (const gap of gaps) {
            now += gap;
            if (decideAcquire(state, { limit, windowMs, burstMs }, now, 0, 1).granted) granted.push(now);
          }
          expect(maxInWindow(granted, windowMs)).to.be.at.most(limit);
          // GCRA bound: n grants span at least (n - 1) * T - burstMs.
          const interval = windowMs / limit;
          for (let i = 0; i < granted.length; i++) {
            for (let j = i + 1; j < Math.min(granted.length, i + 12); j++) {
              expect((granted[j] as number) - (granted[i] as number)).to.be.at.least(
                (j - i) * interval - burstMs - 1e-6,
              );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: asking again after retryInMs is granted (the wait is exact, not a guess)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 200 }),
        (limit, burstMs, gaps) => {
          const state = fresh();
          const request = { limit, windowMs: 1010, burstMs };
          let now = T0;
          for (const gap of gaps) {
            now += gap;
            const result = decideAcquire(state, request, now, 0, 1);
            if (!result.granted) {
              now += result.retryInMs;
              expect(decideAcquire(state, request, now, 0, 1).granted).to.equal(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MemoryRateLimitBackend', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => clock.restore());

  const request = (account: string, budget: 'text' | 'media' = 'text') => ({
    account,
    budget,
    limit: 2,
    windowMs: 1000,
    burstMs: 1000,
  });

  it('keeps budgets per account and per budget', async () => {
    const backend = new MemoryRateLimitBackend();
    const take = async (account: string, budget: 'text' | 'media' = 'text') =>
      (await backend.acquire(request(account, budget))).granted;
    expect([await take(PAGE_ID), await take(PAGE_ID), await take(PAGE_ID)]).to.deep.equal([
      true,
      true,
      false,
    ]);
    expect([await take(PAGE_ID, 'media'), await take(PAGE_ID_2)]).to.deep.equal([true, true]);
  });

  it('pauses every budget of one account, never shortening a longer pause', async () => {
    const backend = new MemoryRateLimitBackend();
    await backend.pause(PAGE_ID, 60_000);
    await backend.pause(PAGE_ID, 1_000);
    expect(await backend.acquire(request(PAGE_ID))).to.deep.equal({
      granted: false,
      retryInMs: 60_000,
      paused: true,
    });
    expect(await backend.acquire(request(PAGE_ID, 'media'))).to.include({ paused: true });
    expect((await backend.acquire(request(PAGE_ID_2))).granted).to.equal(true);
    clock.tick(60_000);
    expect((await backend.acquire(request(PAGE_ID))).granted).to.equal(true);
  });

  it('applies a slow-down factor until it lapses, and lifts it with factor 1', async () => {
    const backend = new MemoryRateLimitBackend();
    const wide = { account: PAGE_ID, budget: 'text' as const, limit: 10, windowMs: 1000, burstMs: 10_000 };
    await backend.slowDown(PAGE_ID, 0.5, 5_000);
    const grants = async () => {
      let n = 0;
      for (let i = 0; i < 20; i++) if ((await backend.acquire(wide)).granted) n++;
      return n;
    };
    expect(await grants()).to.equal(5);
    clock.tick(5_000);
    expect(await grants()).to.equal(10);
    await backend.slowDown(PAGE_ID, 0.2, 60_000);
    clock.tick(1_000);
    expect(await grants()).to.equal(2);
    await backend.slowDown(PAGE_ID, 1, 60_000);
    clock.tick(1_000);
    expect(await grants()).to.equal(10);
  });
});
