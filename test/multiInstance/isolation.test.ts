/**
 * Issue #10, no module-level state: two adapters in one process that do NOT share a store share
 * nothing at all. So what the other two-instance tests see shared (window, owner, dedupe, upload ids,
 * budget) travels through the store (or the limiter's backend) and nowhere else, and each of those
 * tests would fail without it.
 */
import { expect } from 'chai';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { RedisStateStore } from '../../adapter/state/redisStateStore';
import { metaJson } from '../helpers/webhookRequests';
import {
  type Backing,
  type BotInstance,
  busiestWindow,
  closePair,
  HOUR,
  JPEG,
  NEEDS_REDIS,
  nextPrefix,
  openPair,
  PAGE_INBOX,
  pageEnvelope,
  type Pair,
  referenceOf,
  TEST_REDIS_URL,
  textEvent,
  usePair,
  USER_ID,
  USER_ID_2,
} from './helpers';

/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;

/** Two separate MemoryStateStores: each instance on its own. */
function separateMemory(): Backing {
  let stores: MemoryStateStore[] = [];
  return {
    title: 'a MemoryStateStore each',
    redis: false,
    open() {
      stores = [new MemoryStateStore(), new MemoryStateStore()];
      return { a: stores[0] as MemoryStateStore, b: stores[1] as MemoryStateStore, prefix: '' };
    },
    async close() {
      for (const store of stores) store.close();
      stores = [];
    },
  };
}

/** One Redis, two prefixes: two different bots sharing a Redis server. */
function separatePrefixes(): Backing {
  let stores: RedisStateStore[] = [];
  return {
    title: `one Redis, a prefix each (two bots)${NEEDS_REDIS}`,
    redis: true,
    open() {
      stores = [
        new RedisStateStore({ url: TEST_REDIS_URL, prefix: nextPrefix() }),
        new RedisStateStore({ url: TEST_REDIS_URL, prefix: nextPrefix() }),
      ];
      return { a: stores[0] as RedisStateStore, b: stores[1] as RedisStateStore, prefix: '' };
    },
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      stores = [];
    },
  };
}

for (const backing of [separateMemory(), separatePrefixes()]) {
  describe(`Two adapters in one process that do not share a store share nothing: ${backing.title}`, () => {
    const pair = usePair(backing, T0);

    it('dedupe: the same webhook to A and B runs a turn on each', async () => {
      const { a, b, graph } = pair();
      const raw = metaJson(pageEnvelope({ messaging: [textEvent('hi', T0)] }, T0 + 40));
      await Promise.all([a.post(raw), b.post(raw)]);
      expect([a.messageTexts(), b.messageTexts()]).to.deep.equal([['hi'], ['hi']]);
      expect(graph.texts()).to.have.deep.members([
        ['A', 'You said: hi'],
        ['B', 'You said: hi'],
      ]);
    });

    it('window: B does not know the user wrote to A, so 25 h later its bot message is not refused locally', async () => {
      const { a, b, graph } = pair();
      await a.post(pageEnvelope({ messaging: [textEvent('hi', T0)] }, T0 + 40));
      b.now = T0 + 25 * HOUR;
      expect(await b.window.getWindowState(referenceOf())).to.deep.include({ status: 'unknown' });
      const error = await b.proactive(referenceOf(), async (context) => {
        await context.sendActivity('Your order has shipped.');
      });
      expect(error).to.equal(undefined);
      expect(graph.sends().at(-1)?.body).to.deep.include({ messaging_type: 'UPDATE' });
    });

    it('handover: A hands over, yet B’s bot answers the person', async () => {
      const { a, b, graph } = pair();
      await a.post(pageEnvelope({ messaging: [textEvent('agent', T0)] }, T0 + 40));
      expect(graph.to('pass_thread_control').map((call) => call.body.target_app_id)).to.deep.equal([
        PAGE_INBOX,
      ]);
      await b.post(pageEnvelope({ messaging: [textEvent('hello?', T0 + 60_000)] }, T0 + 60_100));
      expect(b.held).to.deep.equal([]);
      expect(graph.texts().at(-1)).to.deep.equal(['B', 'You said: hello?']);
    });

    it('uploads: the same image through A and then B is uploaded twice', async () => {
      const { a, b, graph } = pair();
      const image = { contentType: 'image/jpeg', name: 'receipt.jpg', content: JPEG };
      for (const instance of [a, b] as BotInstance[]) {
        await instance.proactive(referenceOf(), async (context) => {
          await context.sendActivity({ type: 'message', attachments: [image] });
        });
      }
      expect(graph.to('message_attachments').map((call) => call.instance)).to.deep.equal(['A', 'B']);
    });
  });
}

describe('Two adapters with a rate budget each (no shared backend) exceed the Page budget together', function () {
  this.timeout(10_000);
  const backing = separateMemory();
  let pair: Pair | undefined;
  afterEach(() => closePair(pair, backing));

  it('10 per second each: about 20 sends land in one second (what the shared budget prevents)', async () => {
    pair = openPair(backing, Date.now(), { rateLimit: { perSecond: 10 } });
    const burst = (instance: BotInstance, userId: string) =>
      instance.proactive(referenceOf(userId), async (context) => {
        await context.sendActivities(
          Array.from({ length: 10 }, (_, index) => ({
            type: 'message',
            text: `${instance.name}-${index + 1}`,
          })),
        );
      });
    await Promise.all([burst(pair.a, USER_ID), burst(pair.b, USER_ID_2)]);
    expect(pair.graph.sends()).to.have.length(20);
    expect(
      busiestWindow(
        pair.graph.sends().map((call) => call.at),
        1000,
      ),
    ).to.be.above(10);
  });
});
