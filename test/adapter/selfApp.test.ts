/**
 * This app's Meta app id as the handover code resolves it: configured, else learnt and kept in the
 * store, and kept in this process once seen, so that a turn does not read it again; and the owner
 * check of each send, which reads it only when its decision depends on it (issue #19).
 */
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { handoverKeys, learnSelfAppId, resolveSelfAppId } from '../../adapter/handover/selfApp';
import { readControllerForSend, readThreadControl, type ThreadControlGraph } from '../../adapter/handover/threadControl';
import { stateKeys } from '../../adapter/state/keys';
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

describe('readControllerForSend (the owner check of each send)', () => {
  const ref = { channelId: 'facebook' as const, accountId: '370873143344730', userId: '6780462125377510' };
  const OWNER = stateKeys.threadOwner(`${ref.userId}-${ref.accountId}`);
  const stores: CountingStore[] = [];
  function deps(appId?: string) {
    const store = new CountingStore();
    stores.push(store);
    return { store, graph: {} as ThreadControlGraph, ...(appId !== undefined ? { appId } : {}) };
  }
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  it('app id unknown, no record or a record naming no app: one read, the bot controls, the id stays unknown', async () => {
    const d = deps();
    expect(await readControllerForSend(d, ref)).to.deep.equal({ controller: 'bot', selfAppId: undefined });
    await d.store.memory.set(OWNER, { appId: null, human: true, since: 1 });
    expect(await readControllerForSend(d, ref)).to.deep.equal({ controller: 'agent', selfAppId: undefined });
    expect(d.store.ops()).to.deep.equal([`get ${OWNER}`, `get ${OWNER}`]);
  });

  it('app id unknown and a record naming an app: the id is read after the record and decides', async () => {
    const d = deps();
    await d.store.memory.set(handoverKeys.selfAppId(), OUR_APP_ID);
    await d.store.memory.set(OWNER, { appId: OUR_APP_ID, human: false, since: 1 });
    expect(await readControllerForSend(d, ref)).to.deep.equal({ controller: 'bot', selfAppId: OUR_APP_ID });
    await d.store.memory.set(OWNER, { appId: '263902037430900', human: true, since: 2 });
    expect(await readControllerForSend(d, ref)).to.deep.equal({ controller: 'app', selfAppId: OUR_APP_ID });
    expect(d.store.ops()).to.deep.equal([`get ${OWNER}`, 'get ho:self', `get ${OWNER}`]);
  });

  it('app id configured: one read, whatever the record', async () => {
    const d = deps(OUR_APP_ID);
    await d.store.memory.set(OWNER, { appId: '263902037430900', human: true, since: 2 });
    expect(await readControllerForSend(d, ref)).to.deep.equal({ controller: 'app', selfAppId: OUR_APP_ID });
    expect(d.store.ops()).to.deep.equal([`get ${OWNER}`]);
  });

  it('decides as readThreadControl does, for every kind of record', async () => {
    for (const record of [
      undefined,
      { appId: null, human: false, since: 1 },
      { appId: null, human: true, since: 1 },
      { appId: OUR_APP_ID, human: false, since: 1 },
      { appId: OUR_APP_ID, human: true, since: 1 },
      { appId: '263902037430900', human: true, since: 1 },
    ]) {
      for (const learnt of [false, true]) {
        const d = deps();
        if (learnt) await d.store.memory.set(handoverKeys.selfAppId(), OUR_APP_ID);
        if (record) await d.store.memory.set(OWNER, record);
        // the send-time check first: the full read keeps the id in memory
        const forSend = await readControllerForSend(d, ref);
        const full = await readThreadControl(d, ref);
        expect(forSend.controller, JSON.stringify({ record, learnt })).to.equal(full.controller);
      }
    }
  });
});
