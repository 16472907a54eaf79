import { TestAdapter } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { GraphClient } from '../../../adapter/graph/graphClient';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { HandoverMiddleware } from '../../../middleware/handover';
import { resolveHandoverPolicy } from '../../../middleware/handover/handoverOptions';
import { HandoverTurn } from '../../../middleware/handover/handoverTurn';
import { handoverKeys } from '../../../adapter/handover/selfApp';
import {
  passThreadControl,
  readThreadControl,
  refreshThreadOwner,
  releaseThreadControl,
  type ThreadControlDeps,
  takeThreadControl,
  threadRefOf,
} from '../../../adapter/handover/threadControl';
import { agentRecord, appRecord, writeHandoverRecord } from '../../../adapter/handover/threadOwnership';
import {
  CC_APP_ID,
  conversationOf,
  FB,
  GRAPH,
  graphError,
  IG,
  IG_INBOX,
  NOT_OWNER_SEND,
  OUR_APP_ID,
  PAGE_INBOX,
  T0,
  USER_ID,
} from './helpers';

describe("thread-control functions (the adapter's typed helpers)", () => {
  let store: MemoryStateStore;
  let graph: GraphClient;
  let deps: ThreadControlDeps;

  beforeEach(() => {
    store = new MemoryStateStore();
    graph = new GraphClient({
      appSecret: 'secret',
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      maxRetries: 0,
    });
    deps = { graph, store, appId: OUR_APP_ID, now: () => T0 };
  });
  afterEach(() => {
    graph.close();
    store.close();
    nock.cleanAll();
  });

  function expectCall(
    edge: string,
    body: Record<string, unknown>,
    reply: [number, unknown] = [200, { success: true }],
  ) {
    return nock(GRAPH)
      .post(`/v25.0/me/${edge}`, body as nock.DataMatcherMap)
      .query(true)
      .reply(reply[0], reply[1] as Record<string, unknown>);
  }

  it('threadRefOf reads a stored conversation reference', () => {
    expect(
      threadRefOf({ channelId: 'instagram', conversation: { id: `${IG.userId}-${IG.accountId}` } }),
    ).to.deep.equal(IG);
    expect(() => threadRefOf({ channelId: 'msteams', conversation: { id: 'a-b' } })).to.throw(
      /Messenger or Instagram/,
    );
    expect(() => threadRefOf({ channelId: 'facebook', conversation: { id: 'nodash' } })).to.throw(
      /getConversationReference/,
    );
  });

  it('passThreadControl defaults to the inbox, cuts the metadata, and records the new owner', async () => {
    const scope = expectCall('pass_thread_control', {
      recipient: { id: IG.userId },
      target_app_id: IG_INBOX,
      metadata: `${'m'.repeat(998)}\u2026`,
    });
    const outcome = await passThreadControl(deps, IG, undefined, 'm'.repeat(1200));
    expect(scope.isDone()).to.equal(true);
    expect(outcome).to.deep.equal({
      before: 'bot',
      after: 'app',
      record: { appId: IG_INBOX, human: true, since: T0 },
      status: 'accepted',
    });
    expect((await readThreadControl(deps, IG)).controller).to.equal('app');
  });

  it('records another owner when Graph says NOT_THREAD_OWNER, and still throws', async () => {
    expectCall('pass_thread_control', { recipient: { id: USER_ID }, target_app_id: CC_APP_ID }, [
      400,
      NOT_OWNER_SEND,
    ]);
    let thrown: unknown;
    await passThreadControl(deps, FB, CC_APP_ID).catch((error: unknown) => {
      thrown = error;
    });
    expect(thrown).to.include({ code: 'NOT_THREAD_OWNER', graphSubcode: 2018300 });
    expect(await store.get(`o:${conversationOf(FB)}`)).to.deep.equal({
      appId: 'unknown',
      human: true,
      since: T0,
    });
  });

  it('takeThreadControl from a human agent of this app is local; from another app it calls Graph', async () => {
    await writeHandoverRecord(store, conversationOf(FB), agentRecord(OUR_APP_ID, T0 - 1000));
    const local = await takeThreadControl(deps, FB);
    expect(local).to.deep.include({ before: 'agent', after: 'bot', status: 'completed' });

    await writeHandoverRecord(store, conversationOf(FB), appRecord(PAGE_INBOX, T0 - 1000));
    const scope = expectCall('take_thread_control', { recipient: { id: USER_ID }, metadata: 'bot is back' });
    const taken = await takeThreadControl(deps, FB, 'bot is back');
    expect(scope.isDone()).to.equal(true);
    expect(taken).to.deep.equal({
      before: 'app',
      after: 'bot',
      record: { appId: OUR_APP_ID, human: false, since: T0 },
      status: 'completed',
    });
  });

  it('without a known app id, a take is marked so that its webhook teaches the app id', async () => {
    const unknownSelf: ThreadControlDeps = { ...deps, appId: undefined };
    await writeHandoverRecord(store, conversationOf(FB), appRecord(PAGE_INBOX, T0 - 1000));
    expectCall('take_thread_control', { recipient: { id: USER_ID } });
    const outcome = await takeThreadControl(unknownSelf, FB);
    expect(outcome.record).to.deep.equal({ appId: null, human: false, since: T0, ownTake: true });
  });

  it('releaseThreadControl makes the thread idle', async () => {
    await writeHandoverRecord(store, conversationOf(FB), agentRecord(OUR_APP_ID, T0 - 1000));
    expectCall('release_thread_control', { recipient: { id: USER_ID } });
    const outcome = await releaseThreadControl(deps, FB);
    expect(outcome).to.deep.include({ before: 'agent', after: 'bot', status: 'completed' });
    expect(outcome.record).to.deep.equal({ appId: null, human: false, since: T0 });
  });

  it('refreshThreadOwner records what GET /me/thread_owner says', async () => {
    nock(GRAPH)
      .get('/v25.0/me/thread_owner')
      .query((query) => query.recipient === USER_ID)
      .reply(200, { data: [{ thread_owner: { app_id: Number(PAGE_INBOX), expiration: 1782980401 } }] });
    expect(await refreshThreadOwner(deps, FB)).to.deep.include({
      before: 'bot',
      after: 'app',
      status: 'accepted',
    });

    nock(GRAPH).get('/v25.0/me/thread_owner').query(true).reply(200, { data: [] });
    expect(await refreshThreadOwner(deps, FB)).to.deep.include({
      before: 'app',
      after: 'bot',
      status: 'completed',
    });

    nock(GRAPH)
      .get('/v25.0/me/thread_owner')
      .query(true)
      .reply(200, { data: [{ thread_owner: { app_id: OUR_APP_ID } }] });
    expect(await refreshThreadOwner(deps, FB)).to.deep.include({
      before: 'bot',
      after: 'bot',
      status: undefined,
    });
  });

  it('a message carrying Send API thread_control updates the owner (HandoverTurn interceptor)', async () => {
    const dispatched: unknown[] = [];
    const turn = new HandoverTurn(
      {
        ...FB,
        conversationId: conversationOf(FB),
        source: 'messaging',
        store,
        graph,
        appId: OUR_APP_ID,
        dispatch: (a) => dispatched.push(a),
      },
      resolveHandoverPolicy({ now: () => T0 }),
      { onHeldMessage: async () => {}, onThreadControlRequest: async () => true },
    );
    const body = {
      recipient: { id: USER_ID },
      messaging_type: 'RESPONSE' as const,
      message: { text: 'Transferring you to an agent' },
      thread_control: { app_id: PAGE_INBOX, control_type: 'pass' as const },
    };
    const op = {
      kind: 'message' as const,
      channelId: 'facebook' as const,
      accountId: FB.accountId,
      userId: USER_ID,
      conversationId: conversationOf(FB),
      budget: 'text' as const,
      body,
    };
    const result = await turn.interceptor(op, async () => ({ messageId: 'm_1' }));
    expect(result).to.deep.equal({ messageId: 'm_1' });
    expect(await store.get(`o:${conversationOf(FB)}`)).to.deep.equal({
      appId: PAGE_INBOX,
      human: true,
      since: T0,
    });
    expect(dispatched).to.have.length(1);
    expect(dispatched[0]).to.deep.include({ name: 'handoff.status', value: { state: 'accepted' } });
    // Messenger with a known app id does not need to remember sent message ids.
    expect(await store.get(handoverKeys.sentMessage(FB.accountId, 'm_1'))).to.equal(undefined);
  });

  it('Graph errors other than NOT_THREAD_OWNER pass through the interceptor unchanged', async () => {
    const turn = new HandoverTurn(
      {
        ...FB,
        conversationId: conversationOf(FB),
        source: 'messaging',
        store,
        graph,
        appId: OUR_APP_ID,
        dispatch: () => {},
      },
      resolveHandoverPolicy({}),
      { onHeldMessage: async () => {}, onThreadControlRequest: async () => true },
    );
    nock(GRAPH)
      .post('/v25.0/me/messages')
      .query(true)
      .reply(400, graphError(100, '(#100) No matching user found', 2018001));
    const body = { recipient: { id: USER_ID }, message: { text: 'hi' } };
    const op = {
      kind: 'message' as const,
      channelId: 'facebook' as const,
      accountId: FB.accountId,
      userId: USER_ID,
      conversationId: conversationOf(FB),
      budget: 'text' as const,
      body,
    };
    let thrown: unknown;
    await turn
      .interceptor(op, (o) => graph.sendMessage(o.accountId, o.body))
      .catch((error: unknown) => {
        thrown = error;
      });
    expect(thrown).to.include({ code: 'RECIPIENT_NOT_FOUND' });
    expect(await store.get(`o:${conversationOf(FB)}`)).to.equal(undefined);
  });
});

describe('HandoverMiddleware outside MessengerAdapter', () => {
  it('lets turns without Messenger turn info through untouched (TestAdapter)', async () => {
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
    adapter.use(new HandoverMiddleware());
    await adapter.send('hi').assertReply('echo: hi').startTest();
  });
});
