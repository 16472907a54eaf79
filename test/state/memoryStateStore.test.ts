import { expect } from 'chai';
import sinon from 'sinon';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { stateStoreContract } from './stateStoreContract';

describe('MemoryStateStore', () => {
  let clock: sinon.SinonFakeTimers;
  let store: MemoryStateStore;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000 });
    store = new MemoryStateStore();
  });
  afterEach(() => {
    store.close();
    clock.restore();
  });

  it('stores, reads and deletes JSON values', async () => {
    await store.set('k', { a: 1 });
    expect(await store.get('k')).to.deep.equal({ a: 1 });
    await store.delete('k');
    expect(await store.get('k')).to.equal(undefined);
  });

  it('expires a key after its TTL and not before', async () => {
    await store.set('k', 'v', 1000);
    clock.tick(999);
    expect(await store.get('k')).to.equal('v');
    clock.tick(2);
    expect(await store.get('k')).to.equal(undefined);
  });

  it('setIfAbsent stores once, then refuses until the key expires', async () => {
    expect(await store.setIfAbsent('d', 1, 500)).to.equal(true);
    expect(await store.setIfAbsent('d', 2, 500)).to.equal(false);
    expect(await store.get('d')).to.equal(1);
    clock.tick(501);
    expect(await store.setIfAbsent('d', 3, 500)).to.equal(true);
    expect(await store.get('d')).to.equal(3);
  });

  it('keeps a key without TTL indefinitely', async () => {
    await store.set('forever', true);
    clock.tick(30 * 24 * 3600_000);
    expect(await store.get('forever')).to.equal(true);
  });
});

describe('MemoryStateStore (StateStore contract, fake timers)', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    clock.restore();
  });

  stateStoreContract('MemoryStateStore', {
    create: () => new MemoryStateStore(),
    dispose: (store) => store.close(),
    advance: async (ms) => {
      clock.tick(ms);
    },
    exactClock: true,
  });
});
