import { expect } from 'chai';
import sinon from 'sinon';
import { MessengerError } from '../../../adapter/errors';
import { getSendInterceptors, runSendPipeline, type SendOperation } from '../../../adapter/sendPipeline';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { RedisStateStore } from '../../../adapter/state/redisStateStore';
import type { StateStore } from '../../../adapter/state/stateStore';
import { MessengerTurnKey, type TurnStateHolder } from '../../../adapter/turnInfo';
import { RateLimitMiddleware } from '../../../middleware/rateLimit/rateLimitMiddleware';
import { FakeGraph, maxInWindow, PAGE_ID, sendOp, T0, throttleError, track, userId } from './helpers';

/** A minimal turn context: what the middleware and the send pipeline use of botbuilder's TurnContext. */
function fakeTurn(store?: StateStore): TurnStateHolder {
  const turnState = new Map<unknown, unknown>();
  if (store) turnState.set(MessengerTurnKey, { channelId: 'facebook', accountId: PAGE_ID, store });
  return {
    turnState,
    activity: {
      type: 'message',
      channelId: 'facebook',
      from: { id: userId(1) },
      recipient: { id: PAGE_ID },
      conversation: { id: `${userId(1)}-${PAGE_ID}` },
      text: 'hi',
    },
  };
}

/** Runs one turn through the middleware and returns the turn's send function (through its interceptors). */
async function turnSender(middleware: RateLimitMiddleware, graph: FakeGraph, turn = fakeTurn()) {
  await middleware.onTurn(turn as never, async () => {});
  const interceptors = getSendInterceptors(turn);
  return (op: SendOperation) => runSendPipeline(interceptors, op, graph.send);
}

describe('RateLimitMiddleware', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => clock.restore());

  it('registers one send interceptor per turn and runs the rest of the turn', async () => {
    const middleware = new RateLimitMiddleware();
    const turn = fakeTurn();
    const next = sinon.spy(async () => {});
    await middleware.onTurn(turn as never, next);
    expect(next.calledOnce).to.equal(true);
    expect(getSendInterceptors(turn)).to.have.length(1);
  });

  it('retries through the send pipeline after a 613: sendActivity resolves once the message is really sent', async () => {
    const middleware = new RateLimitMiddleware({ retryBaseMs: 60_000, random: () => 0 });
    const graph = new FakeGraph(25);
    let refusals = 1;
    graph.decide = () => (refusals-- > 0 ? throttleError(PAGE_ID, 0) : undefined);
    const send = await turnSender(middleware, graph);
    const first = track(send(sendOp({ user: 1, seq: 1 })));
    const second = track(send(sendOp({ user: 1, seq: 2 })));
    await clock.tickAsync(60_000);
    expect(first.settled).to.equal(false); // paused: no call during the throttling
    expect(graph.calls).to.have.length(1);
    await clock.tickAsync(100);
    expect(first.value?.messageId).to.equal('m_1');
    expect(second.value?.messageId).to.equal('m_2');
    expect(graph.calls.map((c) => [c.tag, c.at - T0])).to.deep.equal([
      ['1:1', 0],
      ['1:1', 60_025],
      ['1:2', 60_050],
    ]);
  });

  it('shares one budget and one pause across turns (one limiter per middleware)', async () => {
    const middleware = new RateLimitMiddleware({ perSecond: 50 });
    const graph = new FakeGraph(10);
    const sends = await Promise.all([1, 2, 3, 4].map(() => turnSender(middleware, graph)));
    sends.forEach((send, turn) => {
      for (let seq = 1; seq <= 50; seq++) track(send(sendOp({ user: turn * 10 + (seq % 5), seq })));
    });
    await clock.tickAsync(5_000);
    expect(graph.calls).to.have.length(200);
    expect(maxInWindow(graph.times(), 1000)).to.be.at.most(50);
    expect(middleware.stats()).to.deep.equal([]);
  });

  it('shares budgets through the store given as an option when it offers its Redis connection', async () => {
    const commands: string[][] = [];
    const store = Object.assign(new MemoryStateStore(), {
      prefix: 'shop-bot:',
      redisCommand: async (args: readonly [string, ...string[]]) => {
        commands.push([...args]);
        return [1, 0, 0];
      },
    });
    const middleware = new RateLimitMiddleware({ store });
    const graph = new FakeGraph(10);
    const send = await turnSender(middleware, graph);
    const result = track(send(sendOp({ user: 1, seq: 1 })));
    await clock.tickAsync(20);
    expect(result.value?.messageId).to.equal('m_1');
    expect(commands[0]?.[0]).to.equal('EVALSHA');
    expect(commands[0]).to.include('shop-bot:rl:{370873143344730}:text:l');
    store.close();
  });

  it("shares budgets through the adapter's store when none is given and it offers its Redis connection", async () => {
    const commands: string[][] = [];
    const store = Object.assign(new MemoryStateStore(), {
      prefix: 'bot:',
      redisCommand: async (args: readonly [string, ...string[]]) => {
        commands.push([...args]);
        return [1, 0, 0];
      },
    });
    const middleware = new RateLimitMiddleware();
    const graph = new FakeGraph(10);
    const send = await turnSender(middleware, graph, fakeTurn(store));
    const result = track(send(sendOp({ user: 1, seq: 1 })));
    await clock.tickAsync(20);
    expect(result.value?.messageId).to.equal('m_1');
    expect(commands).to.have.length(1);
    expect(commands[0]).to.include('bot:rl:{370873143344730}:p');
    store.close();
  });

  it("keeps budgets in memory with the adapter's memory store", async () => {
    const store = new MemoryStateStore();
    const middleware = new RateLimitMiddleware({ perSecond: 2, windowSlackMs: 0, burstToleranceMs: 1000 });
    const graph = new FakeGraph(10);
    const send = await turnSender(middleware, graph, fakeTurn(store));
    for (let user = 1; user <= 3; user++) track(send(sendOp({ user, seq: 1 })));
    await clock.tickAsync(100);
    expect(graph.calls).to.have.length(2);
    store.close();
  });

  it('refuses a RedisStateStore that cannot share its connection, instead of silently keeping local budgets', () => {
    const store = new RedisStateStore({ client: { call: async () => 'OK' } });
    if (typeof (store as unknown as { redisCommand?: unknown }).redisCommand === 'function') {
      // The store offers its connection (the agreed `redisCommand` capability): budgets are shared.
      expect(() => new RateLimitMiddleware({ store })).not.to.throw();
      return;
    }
    expect(() => new RateLimitMiddleware({ store })).to.throw(
      MessengerError,
      /does not offer its connection \(`redisCommand`\)/,
    );
  });

  it('validates its options with errors that name each problem', () => {
    const attempt = (options: object) => () => new RateLimitMiddleware(options as never);
    expect(attempt({ perSecond: 0 })).to.throw(MessengerError, /perSecond/);
    expect(attempt({ perSecond: 2.5 })).to.throw(
      MessengerError,
      'Invalid RateLimitMiddleware options: perSecond: must be a whole number of sends per second (1 to 100000), ' +
        'or { facebook?, instagram? } of such numbers.',
    );
    expect(attempt({ mediaPerSecond: { messenger: 10 } })).to.throw(
      MessengerError,
      /mediaPerSecond: must be a whole number/,
    );
    expect(attempt({ maxQueue: -1, maxWaitMs: 'soon' })).to.throw(MessengerError, /maxQueue.*maxWaitMs/);
    expect(attempt({ retryBaseMs: 10_000, retryMaxMs: 1_000 })).to.throw(
      MessengerError,
      /retryMaxMs: retryMaxMs must be at least retryBaseMs/,
    );
    expect(attempt({ slowDownAtPercent: 120 })).to.throw(MessengerError, /slowDownAtPercent/);
    const error = (() => {
      try {
        new RateLimitMiddleware({ jitter: 2 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'CONFIG_INVALID');
    expect(
      () =>
        new RateLimitMiddleware({ perSecond: { facebook: 250, instagram: 90 }, slowDownAtPercent: false }),
    ).not.to.throw();
  });
});
