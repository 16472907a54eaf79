/**
 * Issue #19: what one turn of the full default stack asks of the store, and which of it leaves
 * together. Commands issued in one tick of the event loop share one round trip on an auto-pipelined
 * Redis connection (ioredis); the store below groups its operations the same way.
 */
import { ActivityHandler, type TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter';
import { handoverKeys } from '../../adapter/handover/selfApp';
import { stateKeys } from '../../adapter/state/keys';
import { CountingStore } from '../helpers/countingStore';
import { envelope, mid, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';
const OUR_APP_ID = '1517776481860111';
const CONVERSATION = `${USER_ID}-${PAGE_ID}`;
const OWNER = stateKeys.threadOwner(CONVERSATION);
const WINDOW = stateKeys.window(CONVERSATION);
const SELF = handoverKeys.selfAppId();

describe('the full default stack: store rounds of one turn (issue #19)', () => {
  let store: CountingStore;
  let adapter: MessengerAdapter;
  let sent = 0;

  beforeEach(() => {
    sent = 0;
    nock(GRAPH)
      .persist()
      .post('/v27.0/me/messages')
      .query(true)
      .reply(() => {
        sent++;
        return [200, { recipient_id: USER_ID, message_id: `m_sent_${sent}` }];
      });
  });
  afterEach(async () => {
    await adapter.close();
    store.close();
    nock.cleanAll();
  });

  function makeAdapter(appId?: string, userNames = false): MessengerAdapter {
    store = new CountingStore({ roundTrips: true });
    return new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      store,
      ...(userNames ? {} : { userNames: false }),
      logger: { error: () => {} },
      ...(appId !== undefined ? { appId } : {}),
    });
  }

  const echo = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
    await next();
  });

  async function oneTurn(text: string): Promise<void> {
    const res = fakeResponse();
    const { req } = signedPost(envelope([{ messaging: [textEvent(text, { mid: mid(), timestamp: Date.now() })] }]));
    await adapter.process(req, res, (context: TurnContext) => echo.run(context));
    expect(res.statusCode).to.equal(200);
    await adapter.whenIdle();
  }

  it('app id unknown: owner and window together at the start, owner again at the send, the sent mid after it', async () => {
    adapter = makeAdapter();
    await oneTurn('hello');
    const rounds = store.rounds().map((round) => round.filter((op) => !op.includes(' d:')));
    expect(rounds.filter((round) => round.length > 0)).to.deep.equal([
      [`get ${SELF}`, `get ${OWNER}`, `setIfGreater ${WINDOW}`],
      // the owner is read again for the send (a person may have taken the thread meanwhile), no window
      // read; no record, so the app id does not matter to the decision and is not read
      [`get ${OWNER}`],
      // nor after the send: unknown at the owner check, so the sent mid is remembered
      [`set ${stateKeys.sentMessage(PAGE_ID, 'm_sent_1')}`],
    ]);
  });

  it("user names on: the cached name leaves with the policies' turn-start commands, and every middleware sees it", async () => {
    adapter = makeAdapter(undefined, true);
    const NAME = stateKeys.userName(PAGE_ID, USER_ID);
    await store.memory.set(NAME, { n: 'Ada Lovelace' });
    const seen: unknown[] = [];
    adapter.use({
      onTurn: async (context, next) => {
        seen.push(context.activity.from);
        await next();
      },
    });
    const res = fakeResponse();
    const { req } = signedPost(envelope([{ messaging: [textEvent('hello', { mid: mid(), timestamp: Date.now() })] }]));
    await adapter.process(req, res, async (context: TurnContext) => {
      seen.push(context.activity.from);
      await echo.run(context);
    });
    await adapter.whenIdle();
    const rounds = store.rounds().map((round) => round.filter((op) => !op.includes(' d:')));
    expect(rounds.filter((round) => round.length > 0)).to.deep.equal([
      [`get ${NAME}`, `get ${SELF}`, `get ${OWNER}`, `setIfGreater ${WINDOW}`],
      [`get ${OWNER}`],
      [`set ${stateKeys.sentMessage(PAGE_ID, 'm_sent_1')}`],
    ]);
    expect(seen).to.deep.equal([
      { id: USER_ID, name: 'Ada Lovelace' },
      { id: USER_ID, name: 'Ada Lovelace' },
    ]);
  });

  it('app id unknown and a record that names an app: the send reads the app id after the record, and decides with it', async () => {
    adapter = makeAdapter();
    const answers: unknown[] = [];
    const bot = async (context: TurnContext) => {
      // meanwhile another instance learnt this app's id, then recorded that the bot has the thread again
      await store.memory.set(SELF, OUR_APP_ID);
      await store.memory.set(OWNER, { appId: OUR_APP_ID, human: false, since: Date.now() });
      store.clearLog();
      answers.push(await context.sendActivity('Echo'));
      // and then the Page Inbox takes it
      await store.memory.set(OWNER, { appId: '263902037430900', human: true, since: Date.now() });
      answers.push(await context.sendActivity('Echo again'));
    };
    const { req } = signedPost(envelope([{ messaging: [textEvent('hello', { mid: mid(), timestamp: Date.now() })] }]));
    await adapter.process(req, fakeResponse(), bot);
    await adapter.whenIdle();
    expect(answers).to.deep.equal([{ id: 'm_sent_1' }, { id: '' }]);
    expect(sent).to.equal(1);
    // the first owner check read the app id (then kept in memory: the second one did not)
    expect(store.ops(OWNER, SELF, 'hm:')).to.deep.equal([`get ${OWNER}`, `get ${SELF}`, `get ${OWNER}`]);
  });

  it('app id learnt: read once in the process, then never again; no sent mid to remember', async () => {
    adapter = makeAdapter();
    await store.memory.set(SELF, OUR_APP_ID);
    await oneTurn('first');
    store.clearLog();
    await oneTurn('second');
    const rounds = store.rounds().map((round) => round.filter((op) => !op.includes(' d:')));
    expect(rounds.filter((round) => round.length > 0)).to.deep.equal([
      [`get ${OWNER}`, `setIfGreater ${WINDOW}`],
      [`get ${OWNER}`],
    ]);
  });

  it('a person who takes the thread after the turn started (on another instance) still stops the reply', async () => {
    adapter = makeAdapter(OUR_APP_ID);
    const answers: unknown[] = [];
    const bot = async (context: TurnContext) => {
      // the Page Inbox takes the thread between the turn-start read and the send
      await store.memory.set(OWNER, { appId: '263902037430900', human: true, since: Date.now() });
      answers.push(await context.sendActivity('Echo'));
    };
    const res = fakeResponse();
    const { req } = signedPost(envelope([{ messaging: [textEvent('hello', { mid: mid(), timestamp: Date.now() })] }]));
    await adapter.process(req, res, bot);
    await adapter.whenIdle();
    expect(answers).to.deep.equal([{ id: '' }]);
    expect(sent, 'nothing reached Graph').to.equal(0);
  });

  it('app id configured: the same two rounds, and the window record moved to the message', async () => {
    adapter = makeAdapter(OUR_APP_ID);
    await oneTurn('hello');
    expect(store.ops(OWNER, WINDOW, SELF, 'hm:')).to.deep.equal([
      `get ${OWNER}`,
      `setIfGreater ${WINDOW}`,
      `get ${OWNER}`,
    ]);
    expect(typeof (await store.memory.get(WINDOW))).to.equal('number');
  });
});
