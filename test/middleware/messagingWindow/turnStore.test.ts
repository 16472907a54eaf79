/**
 * What MessagingWindowMiddleware reads and writes in a turn (issue #19): the turn's interaction is
 * recorded with one atomic `setIfGreater` on a store that has it, and a message sent right after the
 * turn's own interaction is decided from that record, without reading it again, as long as it keeps
 * the standard window open. Every other case reads the record, as before.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { GraphApiError, MessengerError } from '../../../adapter/errors';
import { stateKeys } from '../../../adapter/state/keys';
import { type LocalRefusalEvent, MessagingWindowMiddleware, type MessagingWindowOptions } from '../../../middleware/messagingWindow';
import { CountingStore } from '../../helpers/countingStore';
import { botMessage, conversationOf, DAY, events, FakeMessengerAdapter, MINUTE, T0 } from './helpers';

const WINDOW_KEY = stateKeys.window(conversationOf('facebook'));

describe('MessagingWindowMiddleware: store work per turn', () => {
  let clock: sinon.SinonFakeTimers;
  const stores: CountingStore[] = [];

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    clock.restore();
  });

  function setup(storeOptions?: ConstructorParameters<typeof CountingStore>[0], options?: MessagingWindowOptions) {
    const store = new CountingStore(storeOptions);
    stores.push(store);
    const adapter = new FakeMessengerAdapter('facebook', store);
    adapter.use(new MessagingWindowMiddleware(options));
    return { adapter, store };
  }

  function windowError(): GraphApiError {
    return new GraphApiError('MESSAGING_WINDOW_CLOSED', '(#10) This message is sent outside of allowed window.', {
      graphCode: 10,
      graphSubcode: 2018278,
      httpStatus: 400,
      method: 'POST',
      path: '/me/messages',
    });
  }

  it('records the interaction with one setIfGreater, and decides the reply from it without a read', async () => {
    const { adapter, store } = setup();
    const outcome = await adapter.reply(events.text('facebook', T0), [botMessage(), botMessage('And one more.')]);
    expect(outcome.error).to.equal(undefined);
    expect(adapter.calls.map((call) => call.body.messaging_type)).to.deep.equal(['RESPONSE', 'RESPONSE']);
    expect(store.ops()).to.deep.equal([`setIfGreater ${WINDOW_KEY}`]);
    expect(await store.memory.get(WINDOW_KEY)).to.equal(T0);
  });

  it('on a store without setIfGreater: a read and a write at the start, still no read to decide', async () => {
    const { adapter, store } = setup({ setIfGreater: false });
    await adapter.reply(events.text('facebook', T0), [botMessage()]);
    expect(adapter.calls.map((call) => call.body.messaging_type)).to.deep.equal(['RESPONSE']);
    expect(store.ops()).to.deep.equal([`get ${WINDOW_KEY}`, `set ${WINDOW_KEY}`]);
  });

  it('a late event keeps the newer record, and the reply is decided from that record', async () => {
    const { adapter, store } = setup();
    await store.memory.set(WINDOW_KEY, T0 + 5 * MINUTE);
    await clock.tickAsync(10 * MINUTE);
    await adapter.reply(events.text('facebook', T0), [botMessage()]);
    expect(await store.memory.get(WINDOW_KEY)).to.equal(T0 + 5 * MINUTE);
    expect(adapter.calls.map((call) => call.body.messaging_type)).to.deep.equal(['RESPONSE']);
    expect(store.ops()).to.deep.equal([`setIfGreater ${WINDOW_KEY}`]);
  });

  it('a turn without an interaction of its own (proactive, an echo) reads the record to decide', async () => {
    const { adapter, store } = setup();
    await adapter.userDoes(events.text('facebook', T0));
    store.clearLog();
    await adapter.proactive([botMessage()]);
    await adapter.reply(events.echo('facebook', T0 + MINUTE), [botMessage()]);
    expect(adapter.calls.map((call) => call.body.messaging_type)).to.deep.equal(['UPDATE', 'UPDATE']);
    expect(store.ops()).to.deep.equal([`get ${WINDOW_KEY}`, `get ${WINDOW_KEY}`]);
  });

  it('reads again once the turn’s own record no longer keeps the window open, and decides from what it reads', async () => {
    const { adapter, store } = setup();
    // delivered nearly 24 h late: open at the start of the turn, closed (for bots) by the send
    const late = events.text('facebook', T0 - DAY + MINUTE);
    const outcome = await adapter.reply(late, [botMessage()], {
      before: async () => {
        await clock.tickAsync(2 * MINUTE);
        // meanwhile the person wrote again, through another instance
        await store.memory.set(WINDOW_KEY, T0 + MINUTE);
      },
    });
    expect(outcome.error).to.equal(undefined);
    expect(adapter.calls.map((call) => call.body.messaging_type)).to.deep.equal(['RESPONSE']);
    expect(store.ops()).to.deep.equal([`setIfGreater ${WINDOW_KEY}`, `get ${WINDOW_KEY}`]);
  });

  it('after Meta refuses a message of the turn, its next message reads the corrected record and is refused locally', async () => {
    const { adapter, store } = setup();
    const graph = sinon.stub().onFirstCall().returns(windowError()).returns(undefined);
    adapter.failWith = graph;
    const errors: unknown[] = [];
    await adapter.receive(events.text('facebook', T0), async (context) => {
      for (const text of ['first', 'second']) {
        await context.sendActivity(text).catch((error: unknown) => void errors.push(error));
      }
    });
    expect(errors.map((error) => [(error as MessengerError).code, error instanceof GraphApiError])).to.deep.equal([
      ['MESSAGING_WINDOW_CLOSED', true],
      ['MESSAGING_WINDOW_CLOSED', false],
    ]);
    expect(graph.callCount, 'the second message never reached Graph').to.equal(1);
    expect(store.ops(WINDOW_KEY)).to.deep.equal([
      `setIfGreater ${WINDOW_KEY}`,
      // the correction after Meta's refusal (the record before, then read, moved back, written)
      `get ${WINDOW_KEY}`,
      `get ${WINDOW_KEY}`,
      `set ${WINDOW_KEY}`,
      // the state for onWindowClosed
      `get ${WINDOW_KEY}`,
      // the second message: read again
      `get ${WINDOW_KEY}`,
    ]);
  });

  it('a refusal inside the open window (a retired tag) reads the record first: the hook sees the record as stored', async () => {
    const onRefused = sinon.spy();
    const { adapter, store } = setup(undefined, { onRefused });
    const tagged = { ...botMessage(), channelData: { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } };
    const outcome = await adapter.reply(events.text('facebook', T0), [tagged], {
      before: async () => {
        await clock.tickAsync(MINUTE);
        await store.memory.set(WINDOW_KEY, T0 + 30_000); // another instance recorded a later message
      },
    });
    expect((outcome.error as MessengerError).code).to.equal('TAG_NOT_ALLOWED');
    sinon.assert.calledOnce(onRefused);
    expect((onRefused.firstCall.args[1] as LocalRefusalEvent).state).to.include({ status: 'open', lastUserAt: T0 + 30_000 });
    expect(store.ops()).to.deep.equal([`setIfGreater ${WINDOW_KEY}`, `get ${WINDOW_KEY}`]);
  });

  it('a typing indicator after the turn’s interaction goes out without a read too', async () => {
    const { adapter, store } = setup();
    await adapter.reply(events.text('facebook', T0), [{ type: 'typing' }, botMessage()]);
    expect(adapter.calls.map((call) => call.kind)).to.deep.equal(['sender_action', 'message']);
    expect(store.ops()).to.deep.equal([`setIfGreater ${WINDOW_KEY}`]);
  });

  it('a failed record fails the turn before the bot runs, as before', async () => {
    const { adapter } = setup({
      failWith: (op) => (op === 'setIfGreater' ? new MessengerError('STORE_UNAVAILABLE', 'down') : undefined),
    });
    let ran = false;
    const error = await adapter
      .receive(events.text('facebook', T0), async () => {
        ran = true;
      })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'STORE_UNAVAILABLE');
    expect(ran).to.equal(false);
  });
});
