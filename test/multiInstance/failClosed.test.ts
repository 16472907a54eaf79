/**
 * Issue #10, fail closed: when the shared store cannot be reached, an instance never guesses. A
 * webhook is answered 503 (Meta delivers it again later) and no turn runs; a send whose thread-owner
 * check cannot read the store rejects with `STORE_UNAVAILABLE` instead of going out over a person.
 */
import net from 'node:net';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import { stateKeys } from '../../adapter/state/keys';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import type { StateStore } from '../../adapter/state/stateStore';
import { asHumanAgent } from '../../middleware/handover';
import { metaJson } from '../helpers/webhookRequests';
import {
  type Backing,
  BotInstance,
  backings,
  deleteRunKeys,
  FakeGraph,
  NEEDS_REDIS,
  nextPrefix,
  PAGE_ID,
  pageEnvelope,
  referenceOf,
  TEST_REDIS_URL,
  textEvent,
  USER_ID,
} from './helpers';
import { requireRedis } from '../helpers/liveRedis';

const MINUTE = 60_000;
/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;

/** The JSON error body of a non-200 webhook answer. */
function errorOf(body: string): { code: string; message: string } {
  return (JSON.parse(body) as { error: { code: string; message: string } }).error;
}

function codeOf(error: unknown): string | undefined {
  return error instanceof MessengerError ? error.code : undefined;
}

/** A TCP relay to Redis that the test can cut (an outage) and restore on the same port. */
class RedisRelay {
  port = 0;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Closes the listener and every open connection: Redis is unreachable through the relay. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** Resolves once `store` answers again (the client reconnects on its own), at most `withinMs`. */
async function untilReachable(store: RedisStateStore, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      await store.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('Two instances, Redis unreachable from the start (nothing listens; no REDIS_URL needed)', () => {
  let stores: RedisStateStore[] = [];
  let instances: BotInstance[] = [];
  let graph: FakeGraph;

  beforeEach(() => {
    const prefix = nextPrefix();
    stores = [0, 1].map(
      () => new RedisStateStore({ url: 'redis://127.0.0.1:1/15', prefix, commandTimeoutMs: 500 }),
    );
    instances = ['A', 'B'].map(
      (name, index) => new BotInstance({ name, store: stores[index] as StateStore, now: T0 }),
    );
    graph = new FakeGraph();
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await Promise.all(stores.map((store) => store.close()));
    nock.cleanAll();
  });

  it('A and B answer the webhook 503 STORE_UNAVAILABLE and run no turn; Meta delivers it again later', async () => {
    const raw = metaJson(pageEnvelope({ messaging: [textEvent('Is my order on its way?', T0)] }, T0 + 40));
    const responses = await Promise.all(instances.map((instance) => instance.post(raw)));
    for (const res of responses) {
      expect(res.statusCode).to.equal(503);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(errorOf(res.body)).to.deep.equal({
        code: 'STORE_UNAVAILABLE',
        message: 'The state store could not record the events; Meta will deliver them again later.',
      });
    }
    expect(instances.flatMap((instance) => instance.seen)).to.deep.equal([]);
    expect(graph.calls).to.deep.equal([]);
  });

  it('a bot message and a human agent’s message both reject with STORE_UNAVAILABLE, and nothing is sent', async () => {
    const [a] = instances as [BotInstance];
    const bot = await a.proactive(referenceOf(), async (context) => {
      await context.sendActivity('Your order has shipped.');
    });
    const agent = await a.proactive(referenceOf(), async (context) => {
      await context.sendActivity(asHumanAgent('Hi, Ana here.'));
    });
    expect([codeOf(bot), codeOf(agent)]).to.deep.equal(['STORE_UNAVAILABLE', 'STORE_UNAVAILABLE']);
    expect((bot as MessengerError).message).to.match(/^Redis at 127\.0\.0\.1:1 is unavailable \(get\)/);
    expect(a.held, 'not held either: a held message would be lost silently').to.deep.equal([]);
    expect(graph.calls).to.deep.equal([]);
  });
});

describe(`Two instances, Redis lost after A handed over (fail closed)${NEEDS_REDIS}`, function () {
  this.timeout(15_000);
  let relay: RedisRelay;
  let storeA: RedisStateStore;
  let storeB: RedisStateStore;
  let a: BotInstance;
  let b: BotInstance;
  let graph: FakeGraph;

  before(function () {
    requireRedis(this);
  });
  beforeEach(async () => {
    const url = new URL(TEST_REDIS_URL);
    relay = new RedisRelay({ host: url.hostname, port: Number(url.port || 6379) });
    await relay.start();
    const viaRelay = new URL(TEST_REDIS_URL);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    const prefix = nextPrefix();
    storeA = new RedisStateStore({ url: TEST_REDIS_URL, prefix, commandTimeoutMs: 500 });
    storeB = new RedisStateStore({ url: viaRelay.toString(), prefix, commandTimeoutMs: 500 });
    a = new BotInstance({ name: 'A', store: storeA, now: T0 });
    b = new BotInstance({ name: 'B', store: storeB, now: T0 });
    graph = new FakeGraph();
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([storeA.close(), storeB.close()]);
    await relay.cut();
    nock.cleanAll();
  });
  after(deleteRunKeys);

  it('B answers 503 and sends nothing while Redis is away; once it is back, the redelivered event runs once and stays silent', async () => {
    await a.post(pageEnvelope({ messaging: [textEvent('agent please', T0)] }, T0 + 40));
    expect(graph.calls.map((call) => `${call.instance} ${call.path}`)).to.deep.equal([
      'A /me/messages',
      'A /me/pass_thread_control',
    ]);
    await storeB.ping();

    await relay.cut();
    b.now = T0 + 2 * MINUTE;
    const followUp = metaJson(
      pageEnvelope({ standby: [textEvent('hello? anyone?', T0 + 2 * MINUTE)] }, T0 + 2 * MINUTE + 40),
    );
    const refused = await b.post(followUp);
    expect(refused.statusCode).to.equal(503);
    expect(errorOf(refused.body).code).to.equal('STORE_UNAVAILABLE');

    const bot = await b.proactive(referenceOf(), async (context) => {
      await context.sendActivity('Reminder: your appointment is tomorrow.');
    });
    const agent = await b.proactive(referenceOf(), async (context) => {
      await context.sendActivity(asHumanAgent('Hi, Ana here.'));
    });
    expect([codeOf(bot), codeOf(agent)]).to.deep.equal(['STORE_UNAVAILABLE', 'STORE_UNAVAILABLE']);
    expect(b.seen).to.deep.equal([]);
    expect(graph.calls.filter((call) => call.instance === 'B')).to.deep.equal([]);

    // Redis is reachable again: Meta's redelivery runs once, and B knows the Inbox has the thread.
    await relay.start();
    await untilReachable(storeB, 5000);
    const accepted = await b.post(followUp);
    expect(accepted.statusCode).to.equal(200);
    expect(b.seen.map((seen) => `${seen.type}:${seen.name}`)).to.deep.equal(['event:messenger.standby']);
    expect(b.held).to.deep.equal(['I can answer that too!']);
    expect((await b.post(followUp)).statusCode).to.equal(200);
    expect(b.seen).to.have.length(1);
    expect(graph.calls.filter((call) => call.instance === 'B')).to.deep.equal([]);
  });
});

/** A store whose thread-owner reads fail (and only those), as when Redis drops one command. */
class OwnerReadsFail implements StateStore {
  constructor(private readonly inner: StateStore) {}
  async get<T = unknown>(key: string): Promise<T | undefined> {
    if (key.startsWith('o:')) {
      throw new MessengerError(
        'STORE_UNAVAILABLE',
        'Redis at 127.0.0.1:6379 is unavailable (get): no answer within 500 ms.',
      );
    }
    return this.inner.get<T>(key);
  }
  set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    return this.inner.set(key, value, ttlMs);
  }
  setIfAbsent<T = unknown>(key: string, value: T, ttlMs?: number): Promise<boolean> {
    return this.inner.setIfAbsent(key, value, ttlMs);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

for (const backing of backings() as Backing[]) {
  describe(`A send whose thread-owner check cannot read the store: ${backing.title}`, () => {
    let a: BotInstance | undefined;
    let b: BotInstance | undefined;
    let graph: FakeGraph;

    before(function () {
      if (backing.redis) requireRedis(this);
    });
    beforeEach(() => {
      const stores = backing.open();
      a = new BotInstance({ name: 'A', store: stores.a, now: T0 });
      b = new BotInstance({ name: 'B', store: new OwnerReadsFail(stores.b), now: T0 });
      graph = new FakeGraph();
    });
    afterEach(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await backing.close();
      nock.cleanAll();
    });
    after(deleteRunKeys);

    it('rejects with STORE_UNAVAILABLE inside the open window: never held, never sent', async () => {
      const first = a as BotInstance;
      const second = b as BotInstance;
      await first.post(pageEnvelope({ messaging: [textEvent('agent', T0)] }, T0 + 40));
      expect(await second.adapter.store.get(stateKeys.window(`${USER_ID}-${PAGE_ID}`))).to.equal(T0);

      second.now = T0 + MINUTE;
      const error = await second.proactive(referenceOf(), async (context) => {
        await context.sendActivity('Anything else I can help with?');
      });
      expect(codeOf(error)).to.equal('STORE_UNAVAILABLE');
      expect(second.held).to.deep.equal([]);
      expect(graph.calls.filter((call) => call.instance === 'B')).to.deep.equal([]);
    });
  });
}
