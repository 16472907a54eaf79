/**
 * This app's Meta app id as the handover code resolves it: configured, else learnt and kept in the
 * store, and kept in this process once seen, so that a turn does not read it again (issue #19).
 */
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { handoverKeys, learnSelfAppId, resolveSelfAppId } from '../../adapter/handover/selfApp';
import { CountingStore } from '../helpers/countingStore';

const OUR_APP_ID = '1517776481860111';

describe('resolveSelfAppId / learnSelfAppId', () => {
  const stores: CountingStore[] = [];
  function newStore(options?: ConstructorParameters<typeof CountingStore>[0]): CountingStore {
    const store = new CountingStore(options);
    stores.push(store);
    return store;
  }
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  it('a configured id is the answer, without a store read', async () => {
    const store = newStore();
    expect(await resolveSelfAppId(store, OUR_APP_ID)).to.equal(OUR_APP_ID);
    expect(store.ops()).to.deep.equal([]);
  });

  it('while the id is unknown, every call reads the store (another instance may learn it any time)', async () => {
    const store = newStore();
    expect(await resolveSelfAppId(store, undefined)).to.equal(undefined);
    expect(await resolveSelfAppId(store, undefined)).to.equal(undefined);
    // another instance learns it, through the shared store
    await store.memory.set(handoverKeys.selfAppId(), OUR_APP_ID);
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(store.ops()).to.deep.equal(['get ho:self', 'get ho:self', 'get ho:self']);
  });

  it('an id read once is kept for this store: no further reads', async () => {
    const store = newStore();
    await store.memory.set(handoverKeys.selfAppId(), OUR_APP_ID);
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(store.ops()).to.deep.equal(['get ho:self']);
  });

  it('an id learnt here is stored, and then known without a read', async () => {
    const store = newStore();
    await learnSelfAppId(store, OUR_APP_ID);
    expect(await store.memory.get(handoverKeys.selfAppId())).to.equal(OUR_APP_ID);
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(store.ops()).to.deep.equal(['set ho:self']);
  });

  it('is kept per store object: another store (another bot, another prefix) still reads its own', async () => {
    const ours = newStore();
    const other = newStore();
    await learnSelfAppId(ours, OUR_APP_ID);
    expect(await resolveSelfAppId(other, undefined)).to.equal(undefined);
    expect(other.ops()).to.deep.equal(['get ho:self']);
  });

  it('a failed read or write keeps nothing: the next call reads again', async () => {
    let failing = true;
    const store = newStore({
      failWith: () => (failing ? new MessengerError('STORE_UNAVAILABLE', 'down') : undefined),
    });
    await store.memory.set(handoverKeys.selfAppId(), OUR_APP_ID);
    const readError = await resolveSelfAppId(store, undefined).catch((error: unknown) => error);
    expect(readError).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
    const writeError = await learnSelfAppId(store, '999').catch((error: unknown) => error);
    expect(writeError).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
    failing = false;
    expect(await resolveSelfAppId(store, undefined)).to.equal(OUR_APP_ID);
    expect(store.ops()).to.deep.equal(['get ho:self', 'set ho:self', 'get ho:self']);
  });
});
