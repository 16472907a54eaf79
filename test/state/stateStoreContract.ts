/**
 * The behaviour every {@link StateStore} must have, as a reusable mocha suite. A store's test file
 * calls {@link stateStoreContract} with a harness that makes stores and lets time pass.
 *
 * @example
 * ```ts
 * describe('MemoryStateStore', () => {
 *   let clock: sinon.SinonFakeTimers;
 *   beforeEach(() => { clock = sinon.useFakeTimers(); });
 *   afterEach(() => clock.restore());
 *   stateStoreContract('MemoryStateStore', {
 *     create: () => new MemoryStateStore(),
 *     dispose: (store) => store.close(),
 *     advance: async (ms) => { clock.tick(ms); },
 *     exactClock: true,
 *   });
 * });
 * ```
 */
import { expect } from 'chai';
import type { StateStore } from '../../adapter/state/stateStore';

/** How the contract suite makes stores of one kind and moves their time. */
export interface StateStoreContractHarness<S extends StateStore = StateStore> {
  /** A fresh, empty store; keys written to one store made here are not visible in another. */
  create(): S | Promise<S>;
  /** Releases a store made by `create` (close it, remove its keys). */
  dispose?(store: S): void | Promise<void>;
  /** Lets `ms` of store time pass: a fake clock tick, or a real wait for stores on real time. */
  advance(ms: number): Promise<void>;
  /**
   * True when `advance` is exact (fake timers): the suite then checks the last millisecond before
   * expiry. False for real time (Redis): the suite reads the remaining TTL instead.
   */
  exactClock: boolean;
  /** TTL (ms) the expiry tests use. Default 1000; stores on real time want something short (~50 ms). */
  ttlMs?: number;
  /**
   * Remaining lifetime of `key` in ms (`Infinity` when it never expires, `undefined` when absent), as
   * the backend reports it (Redis `PTTL`). Required when `exactClock` is false.
   */
  remainingTtlMs?(store: S, key: string): Promise<number | undefined>;
}

/** Registers the StateStore contract tests for one store kind under `describe(\`${name} contract\`)`. */
export function stateStoreContract<S extends StateStore>(
  name: string,
  harness: StateStoreContractHarness<S>,
): void {
  const ttl = harness.ttlMs ?? 1000;
  /** Real-time stores: how far past the TTL to wait before checking that a key is gone. */
  const expiryMargin = harness.exactClock ? 1 : Math.max(20, Math.ceil(ttl / 2));

  describe(`${name} contract`, () => {
    let store: S;

    beforeEach(async () => {
      store = await harness.create();
    });
    afterEach(async () => {
      await harness.dispose?.(store);
    });

    async function remaining(key: string): Promise<number | undefined> {
      if (harness.remainingTtlMs === undefined)
        throw new Error('harness.remainingTtlMs is required when exactClock is false');
      return harness.remainingTtlMs(store, key);
    }

    describe('get / set / delete', () => {
      it('resolves undefined for a key never written', async () => {
        expect(await store.get('never-written')).to.equal(undefined);
      });

      it('round-trips every JSON type, falsy values included, each under its own key', async () => {
        const values: Record<string, unknown> = {
          object: { psid: '6543210987654321', nested: { list: [1, 'two', null, true] }, empty: {} },
          array: [{ a: 1 }, [], 'x'],
          string: 'héllo 👋 "quoted" \\ back',
          emptyString: '',
          integer: 1_700_000_000_000,
          negativeFloat: -12.5,
          zero: 0,
          false: false,
          true: true,
          null: null,
        };
        for (const [key, value] of Object.entries(values)) await store.set(key, value);
        for (const [key, value] of Object.entries(values)) {
          expect(await store.get(key), key).to.deep.equal(value);
        }
        expect(await store.get('null')).to.equal(null);
      });

      it('set replaces the previous value', async () => {
        await store.set('k', { v: 1 });
        await store.set('k', { v: 2 });
        expect(await store.get('k')).to.deep.equal({ v: 2 });
      });

      it('delete removes only that key; deleting a missing key resolves', async () => {
        await store.set('a', 'A');
        await store.set('b', 'B');
        await store.delete('a');
        expect(await store.get('a')).to.equal(undefined);
        expect(await store.get('b')).to.equal('B');
        await store.delete('a');
        await store.delete('never-written');
        expect(await store.get('b')).to.equal('B');
      });

      it('treats keys as opaque strings (separators, wildcards, spaces, unicode)', async () => {
        const keys = [
          'd:1234567890:m_AbC-dEf_123',
          'o:6543210987654321-1122334455',
          'a*b?[c]',
          'with space',
          'ключ-🔑',
        ];
        for (const [i, key] of keys.entries()) await store.set(key, i);
        for (const [i, key] of keys.entries()) expect(await store.get(key), key).to.equal(i);
        expect(await store.get('a*')).to.equal(undefined);
      });
    });

    describe('TTL', () => {
      it('keeps a value until its TTL and removes it after', async () => {
        await store.set('k', 'v', ttl);
        expect(await store.get('k')).to.equal('v');
        if (harness.exactClock) {
          await harness.advance(ttl - 1);
          expect(await store.get('k')).to.equal('v');
        } else {
          const left = await remaining('k');
          expect(left).to.be.a('number').within(1, ttl);
        }
        await harness.advance(expiryMargin + (harness.exactClock ? 1 : ttl));
        expect(await store.get('k')).to.equal(undefined);
      });

      it('keeps a value without TTL (or with TTL 0) indefinitely', async () => {
        await store.set('forever', true);
        await store.set('zero', 'z', 0);
        if (harness.exactClock) {
          await harness.advance(30 * 24 * 3600_000);
        } else {
          expect(await remaining('forever')).to.equal(Number.POSITIVE_INFINITY);
          expect(await remaining('zero')).to.equal(Number.POSITIVE_INFINITY);
          await harness.advance(ttl + expiryMargin);
        }
        expect(await store.get('forever')).to.equal(true);
        expect(await store.get('zero')).to.equal('z');
      });

      it('set replaces the TTL too: a later set without TTL keeps the key, a shorter TTL shortens it', async () => {
        await store.set('kept', 1, ttl);
        await store.set('kept', 2);
        await store.set('shortened', 1, ttl * 100);
        await store.set('shortened', 2, ttl);
        if (!harness.exactClock) {
          expect(await remaining('kept')).to.equal(Number.POSITIVE_INFINITY);
          expect(await remaining('shortened'))
            .to.be.a('number')
            .within(1, ttl);
        }
        await harness.advance(ttl + expiryMargin);
        expect(await store.get('kept')).to.equal(2);
        expect(await store.get('shortened')).to.equal(undefined);
      });
    });

    describe('setIfAbsent', () => {
      it('stores once, refuses while the value lives (keeping it), and stores again after expiry', async () => {
        expect(await store.setIfAbsent('d', 1, ttl)).to.equal(true);
        expect(await store.setIfAbsent('d', 2, ttl)).to.equal(false);
        expect(await store.get('d')).to.equal(1);
        await harness.advance(ttl + expiryMargin);
        expect(await store.setIfAbsent('d', 3, ttl)).to.equal(true);
        expect(await store.get('d')).to.equal(3);
      });

      it('a refused call does not extend the existing TTL', async () => {
        expect(await store.setIfAbsent('d', 1, ttl)).to.equal(true);
        if (harness.exactClock) {
          await harness.advance(ttl - 1);
          expect(await store.setIfAbsent('d', 2, ttl * 10)).to.equal(false);
          await harness.advance(2);
          expect(await store.get('d')).to.equal(undefined);
        } else {
          expect(await store.setIfAbsent('d', 2, ttl * 100)).to.equal(false);
          expect(await remaining('d'))
            .to.be.a('number')
            .within(1, ttl);
        }
      });

      it('refuses over a value written by set, and stores again after delete', async () => {
        await store.set('lock', 'owner-a');
        expect(await store.setIfAbsent('lock', 'owner-b')).to.equal(false);
        expect(await store.get('lock')).to.equal('owner-a');
        await store.delete('lock');
        expect(await store.setIfAbsent('lock', 'owner-b')).to.equal(true);
        expect(await store.get('lock')).to.equal('owner-b');
      });

      it('without TTL, keeps the value indefinitely', async () => {
        expect(await store.setIfAbsent('once', { at: 1 })).to.equal(true);
        if (harness.exactClock) await harness.advance(30 * 24 * 3600_000);
        else expect(await remaining('once')).to.equal(Number.POSITIVE_INFINITY);
        expect(await store.get('once')).to.deep.equal({ at: 1 });
      });

      it('of 50 concurrent callers on one key, exactly one wins, and its value is stored', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.setIfAbsent('race', { caller: i }, ttl * 100)),
        );
        const winners = results.flatMap((won, i) => (won ? [i] : []));
        expect(winners).to.have.length(1);
        expect(await store.get('race')).to.deep.equal({ caller: winners[0] });
      });

      it('treats a stored null or false as present', async () => {
        await store.set('null', null);
        await store.set('false', false);
        expect(await store.setIfAbsent('null', 1)).to.equal(false);
        expect(await store.setIfAbsent('false', 1)).to.equal(false);
        expect(await store.get('null')).to.equal(null);
        expect(await store.get('false')).to.equal(false);
      });
    });
  });
}
