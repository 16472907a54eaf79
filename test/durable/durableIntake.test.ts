import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import Redis from 'ioredis';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import { envelope, T0, textEvent, USER_ID, USER_ID_2 } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';
import { deleteRunKeys, NEEDS_REDIS, nextPrefix, TEST_REDIS_URL } from '../multiInstance/helpers';
import { requireRedis } from '../helpers/liveRedis';

function makeAdapter(store: RedisStateStore, logged: unknown[] = []): MessengerAdapter {
  return new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: 'https://graph.test',
    logger: { error: (message, details) => logged.push([message, details]) },
    store,
    durableIntake: { leaseMs: 1000, pollMs: 10, partitions: 4 },
  });
}

const logics = new WeakMap<MessengerAdapter, (context: TurnContext) => Promise<void>>();

async function post(adapter: MessengerAdapter, body: unknown) {
  const { req } = signedPost(body);
  const res = fakeResponse();
  await adapter.process(req, res, logics.get(adapter) ?? (async () => {}));
  return res;
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe(`durable intake on Redis Streams${NEEDS_REDIS}`, function () {
  this.timeout(20_000);
  before(function () {
    requireRedis(this);
  });
  after(async () => {
    await deleteRunKeys();
  });

  it('appends before the 200, runs each event once in conversation order on any instance, acknowledges and deletes the entries', async () => {
    const prefix = nextPrefix();
    const stores = [new RedisStateStore({ url: TEST_REDIS_URL, prefix }), new RedisStateStore({ url: TEST_REDIS_URL, prefix })];
    const [a, b] = stores.map((store) => makeAdapter(store)) as [MessengerAdapter, MessengerAdapter];
    const ran: Array<[string, string]> = [];
    for (const [name, adapter] of [['a', a], ['b', b]] as const) {
      const logic = async (context: TurnContext) => {
        ran.push([name, context.activity.text ?? '']);
      };
      logics.set(adapter, logic);
      adapter.setBotLogic(logic);
    }
    try {
      const texts: string[] = [];
      for (let i = 0; i < 20; i++) {
        const events = [textEvent(`u1-${i}`, { timestamp: T0 + i }), textEvent(`u2-${i}`, { userId: USER_ID_2, timestamp: T0 + i })];
        texts.push(`u1-${i}`, `u2-${i}`);
        const res = await post(i % 2 === 0 ? a : b, envelope([{ messaging: events }]));
        expect(res.statusCode).to.equal(200);
        if (i === 3) expect((await post(a, envelope([{ messaging: events }]))).statusCode).to.equal(200); // redelivery
      }
      await waitFor(() => ran.length >= 40, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ran.map(([, text]) => text)).to.have.members(texts);
      for (const user of ['u1', 'u2']) {
        const order = ran.map(([, text]) => text).filter((text) => text.startsWith(user));
        expect(order).to.deep.equal(order.slice().sort((x, y) => Number(x.split('-')[1]) - Number(y.split('-')[1])));
      }
      const raw = new Redis(TEST_REDIS_URL);
      try {
        let left = 0;
        for (let p = 0; p < 4; p++) left += Number(await raw.xlen(`${prefix}in:${p}`));
        expect(left).to.equal(0);
      } finally {
        raw.disconnect();
      }
    } finally {
      await Promise.all([a.close({ deadlineMs: 1000 }), b.close({ deadlineMs: 1000 })]);
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('close() hands unfinished entries back: another instance claims and runs them', async () => {
    const prefix = nextPrefix();
    const stores = [new RedisStateStore({ url: TEST_REDIS_URL, prefix }), new RedisStateStore({ url: TEST_REDIS_URL, prefix })];
    const [a, b] = stores.map((store) => makeAdapter(store)) as [MessengerAdapter, MessengerAdapter];
    const startedOnA: string[] = [];
    const ranOnB: string[] = [];
    const stuck = new Promise<void>(() => {}); // A's turns never finish: it is "killed" mid-turn
    const slow = async (context: TurnContext) => {
      startedOnA.push(context.activity.text ?? '');
      await stuck;
    };
    logics.set(a, slow);
    a.setBotLogic(slow);
    try {
      const events = Array.from({ length: 10 }, (_, i) => textEvent(`handed ${i}`, { timestamp: T0 + i }));
      expect((await post(a, envelope([{ messaging: events }]))).statusCode).to.equal(200);
      await waitFor(() => startedOnA.length > 0, 5000);
      const report = await a.close({ deadlineMs: 100 });
      expect(report.notStarted + report.stillRunning).to.equal(10);
      expect(report.handedOver).to.equal(10);
      b.setBotLogic(async (context: TurnContext) => {
        ranOnB.push(context.activity.text ?? '');
      });
      await waitFor(() => ranOnB.length >= 10, 10_000);
      expect(ranOnB).to.deep.equal(events.map((_, i) => `handed ${i}`));
    } finally {
      await b.close({ deadlineMs: 1000 });
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('answers 503 when Redis cannot be reached, and holds nothing in memory', async () => {
    const store = new RedisStateStore({ url: 'redis://127.0.0.1:1/0', commandTimeoutMs: 300 });
    const logged: unknown[] = [];
    const adapter = makeAdapter(store, logged);
    let turns = 0;
    const logic = async () => {
      turns++;
    };
    logics.set(adapter, logic);
    adapter.setBotLogic(logic);
    try {
      const res = await post(adapter, envelope([{ messaging: [textEvent('kept by Meta', { userId: USER_ID })] }]));
      expect([res.statusCode, JSON.parse(res.body).error.code]).to.deep.equal([503, 'STORE_UNAVAILABLE']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(turns).to.equal(0);
      expect(JSON.stringify(logged)).not.to.contain('kept by Meta');
    } finally {
      await adapter.close({ deadlineMs: 200 });
      await store.close();
    }
  });

  it('validates the durableIntake and drainTimeoutMs options', () => {
    const base = { appSecret: TEST_APP_SECRET, verifyToken: TEST_VERIFY_TOKEN, accessToken: 'page-token' };
    for (const bad of [{ durableIntake: { leaseMs: 10 } }, { durableIntake: { partitions: 0 } }, { durableIntake: { nope: 1 } }, { drainTimeoutMs: -1 }]) {
      expect(() => new MessengerAdapter({ ...base, ...(bad as object) }), JSON.stringify(bad)).to.throw(
        /Invalid MessengerAdapter options: (durableIntake|drainTimeoutMs)/,
      );
    }
  });

  it('refuses durableIntake without a RedisStateStore', () => {
    expect(
      () =>
        new MessengerAdapter({
          appSecret: TEST_APP_SECRET,
          verifyToken: TEST_VERIFY_TOKEN,
          accessToken: 'page-token',
          durableIntake: true,
        }),
    ).to.throw(/durableIntake needs a RedisStateStore/);
  });
});
