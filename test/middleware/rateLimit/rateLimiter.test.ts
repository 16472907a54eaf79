import { expect } from 'chai';
import sinon from 'sinon';
import { GraphApiError, MessengerError } from '../../../adapter/errors';
import { toGraphApiError } from '../../../adapter/graph/graphErrors';
import type { SendResult } from '../../../adapter/sendPipeline';
import type { RateLimitBackend } from '../../../middleware/rateLimit/backend';
import { MemoryRateLimitBackend } from '../../../middleware/rateLimit/memoryBackend';
import { RateLimiter } from '../../../middleware/rateLimit/rateLimiter';
import {
  FakeGraph,
  IG_ACCOUNT_ID,
  maxInWindow,
  PAGE_ID,
  PAGE_ID_2,
  sendOp,
  sequencesByUser,
  T0,
  throttleError,
  track,
} from './helpers';

describe('RateLimiter', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    clock.restore();
  });

  /** Queues `perUser` messages for each of `users` users, round robin, and returns the tracked results. */
  function queueMessages(
    limiter: RateLimiter,
    graph: FakeGraph,
    users: number,
    perUser: number,
    extra: Partial<Parameters<typeof sendOp>[0]> = {},
    firstUser = 0,
  ) {
    const results: ReturnType<typeof track<SendResult>>[] = [];
    for (let seq = 1; seq <= perUser; seq++) {
      for (let user = firstUser; user < firstUser + users; user++) {
        results.push(track(limiter.send(sendOp({ user, seq, ...extra }), graph.send)));
      }
    }
    return results;
  }

  describe('pacing', () => {
    it('never makes more than perSecond calls in any 1 s window, spreads them evenly, and keeps within 2 % of the limit', async () => {
      const limiter = new RateLimiter({ perSecond: 300 });
      const graph = new FakeGraph(40);
      const results = queueMessages(limiter, graph, 50, 40); // 2000 messages
      await clock.tickAsync(10_000);

      expect(results.every((r) => r.settled && r.error === undefined)).to.equal(true);
      const times = graph.times();
      expect(times).to.have.length(2000);
      // Sliding-window check (not fixed windows): every 1 s window, at any offset.
      expect(maxInWindow(times, 1000)).to.be.at.most(300);
      expect(maxInWindow(times, 1010)).to.be.at.most(300); // holds even with the 10 ms jitter slack
      // No bursts: any 100 ms holds at most (100 + 50 ms tolerance) / 3.37 ms + 1 calls.
      expect(maxInWindow(times, 100)).to.be.at.most(45);
      const rate = ((times.length - 1) * 1000) / ((times.at(-1) as number) - (times[0] as number));
      expect(rate).to.be.within(294, 300);
    });

    it('uses 80 % of Meta limits by default: 240/s on a Facebook Page, 80/s on an Instagram account', async () => {
      const limiter = new RateLimiter();
      const graph = new FakeGraph(10);
      queueMessages(limiter, graph, 40, 25, { accountId: PAGE_ID });
      queueMessages(limiter, graph, 40, 10, { accountId: IG_ACCOUNT_ID, channelId: 'instagram' });
      await clock.tickAsync(8_000);

      const fb = graph.times((c) => c.op.accountId === PAGE_ID);
      const ig = graph.times((c) => c.op.accountId === IG_ACCOUNT_ID);
      expect(fb).to.have.length(1000);
      expect(ig).to.have.length(400);
      expect(maxInWindow(fb, 1000)).to.equal(240);
      expect(maxInWindow(ig, 1000)).to.equal(80);
    });

    it('keeps separate text and media budgets: video waits for the media budget without holding text back', async () => {
      const limiter = new RateLimiter({ perSecond: 300, mediaPerSecond: 10 });
      const graph = new FakeGraph(20);
      const media = queueMessages(limiter, graph, 30, 1, { budget: 'media' }); // users 0-29: one video each
      const text: ReturnType<typeof track<SendResult>>[] = [];
      for (let seq = 1; seq <= 10; seq++) {
        for (let user = 100; user < 160; user++)
          text.push(track(limiter.send(sendOp({ user, seq }), graph.send)));
      }
      await clock.tickAsync(2_200);
      expect(text.every((r) => r.settled && r.error === undefined)).to.equal(true); // 600 texts in ~2 s
      expect(media.filter((r) => r.settled)).to.have.length.below(30); // 30 videos need ~3 s
      await clock.tickAsync(2_000);
      expect(media.every((r) => r.settled && r.error === undefined)).to.equal(true);

      const mediaTimes = graph.times((c) => c.op.budget === 'media');
      const textTimes = graph.times((c) => c.op.budget === 'text');
      expect(maxInWindow(mediaTimes, 1000)).to.equal(10);
      expect(maxInWindow(textTimes, 1000)).to.be.at.most(300);
    });

    it('keeps order across budgets within a conversation: text, video, text', async () => {
      const limiter = new RateLimiter({ perSecond: 300, mediaPerSecond: 1 });
      const graph = new FakeGraph(5);
      // Fill the media budget with another conversation first, so the video of user 1 must wait.
      track(limiter.send(sendOp({ user: 9, seq: 1, budget: 'media' }), graph.send));
      track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      track(limiter.send(sendOp({ user: 1, seq: 2, budget: 'media' }), graph.send));
      track(limiter.send(sendOp({ user: 1, seq: 3 }), graph.send));
      await clock.tickAsync(3_000);
      expect(graph.acceptedTags().filter((t) => t.startsWith('1:'))).to.deep.equal(['1:1', '1:2', '1:3']);
      const video = graph.calls.find((c) => c.tag === '1:2') as { at: number };
      const after = graph.calls.find((c) => c.tag === '1:3') as { at: number };
      expect(video.at - T0).to.be.at.least(1000); // waited for the media budget
      expect(after.at).to.be.above(video.at); // the text behind it waited too
    });

    it('sends the messages of one conversation one at a time, in order', async () => {
      const limiter = new RateLimiter({ perSecond: 300 });
      const graph = new FakeGraph(50);
      let concurrent = 0;
      let maxConcurrent = 0;
      const send = async (op: Parameters<typeof graph.send>[0]) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        try {
          return await graph.send(op);
        } finally {
          concurrent--;
        }
      };
      for (let seq = 1; seq <= 20; seq++) track(limiter.send(sendOp({ user: 7, seq }), send));
      await clock.tickAsync(2_000);
      expect(maxConcurrent).to.equal(1);
      expect(sequencesByUser(graph.acceptedTags()).get(7)).to.deep.equal(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      // One conversation is bound by the Graph round trip (50 ms), not by the account budget.
      expect((graph.calls.at(-1) as { at: number }).at - T0).to.equal(19 * 50);
    });

    it('resolves each send with what Graph answered', async () => {
      const limiter = new RateLimiter();
      const graph = new FakeGraph(10);
      const result = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      await clock.tickAsync(20);
      expect(result.value).to.deep.equal({
        recipientId: sendOp({ user: 1, seq: 1 }).userId,
        messageId: 'm_1',
      });
    });
  });

  describe('throttling (613 storms)', () => {
    it('pauses the account for the time the usage header gives, retries, and delivers every message exactly once, in order', async () => {
      const limiter = new RateLimiter({
        perSecond: 300,
        retryBaseMs: 5_000,
        maxWaitMs: 600_000,
        random: () => 0,
      });
      const graph = new FakeGraph(30);
      // Three storms: Meta refuses every call for 200 ms at t = 1 s, 70 s and 140 s, with a usage header
      // saying access returns in 1 minute.
      const storms = [1_000, 70_000, 140_000].map((start) => [T0 + start, T0 + start + 200] as const);
      graph.decide = (call) =>
        storms.some(([from, to]) => call.at >= from && call.at < to) ? throttleError(PAGE_ID, 1) : undefined;
      const results = queueMessages(limiter, graph, 100, 100); // 10,000 messages
      await clock.tickAsync(400_000);

      expect(results.every((r) => r.settled && r.error === undefined)).to.equal(true);
      const accepted = graph.acceptedTags();
      expect(accepted).to.have.length(10_000);
      expect(new Set(accepted).size).to.equal(10_000); // nothing twice
      for (const [, seqs] of sequencesByUser(accepted)) {
        expect(seqs).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 1)); // in order
      }
      const refused = graph.calls.filter((c) => c.outcome === 'refused');
      expect(refused.length).to.be.above(0);
      // After each first refusal, no call is made until the 60 s from the header have passed.
      for (const [from] of storms) {
        const firstRefusal = graph.calls.find((c) => c.outcome === 'refused' && c.at >= from) as {
          at: number;
        };
        const answeredAt = firstRefusal.at + 30;
        const during = graph.calls.filter((c) => c.at > answeredAt && c.at < answeredAt + 60_000);
        expect(during, `calls during the pause after ${from - T0} ms`).to.have.length(0);
      }
      // The pace holds across pauses and retries, refused calls included.
      expect(maxInWindow(graph.times(), 1000)).to.be.at.most(300);
    });

    it('pauses for retryBaseMs when the header says 0 minutes, doubling on each further throttling error, and resets after a success', async () => {
      const limiter = new RateLimiter({
        retryBaseMs: 60_000,
        retryMaxMs: 600_000,
        maxWaitMs: 900_000,
        random: () => 0,
      });
      const graph = new FakeGraph(10);
      let refusals = 2;
      graph.decide = () => (refusals-- > 0 ? throttleError(PAGE_ID, 0) : undefined);
      const first = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      await clock.tickAsync(400_000);
      expect(first.error).to.equal(undefined);
      expect(graph.calls.map((c) => c.at - T0)).to.deep.equal([0, 60_010, 60_010 + 120_010]);

      refusals = 1;
      const second = track(limiter.send(sendOp({ user: 1, seq: 2 }), graph.send));
      const sentAt = Date.now() - T0;
      await clock.tickAsync(100_000);
      expect(second.error).to.equal(undefined);
      // A fresh throttling error after a success starts again from retryBaseMs.
      expect(graph.calls.slice(3).map((c) => c.at - T0)).to.deep.equal([sentAt, sentAt + 60_010]);
    });

    it('adds up to `jitter` of random spread to the backoff', async () => {
      const limiter = new RateLimiter({ retryBaseMs: 60_000, jitter: 0.2, random: () => 0.5 });
      const graph = new FakeGraph(10);
      let refusals = 1;
      graph.decide = () => (refusals-- > 0 ? throttleError(PAGE_ID, 0) : undefined);
      track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      await clock.tickAsync(100_000);
      expect(graph.calls.map((c) => c.at - T0)).to.deep.equal([0, 10 + 66_000]);
    });

    it('counts the throttling errors of calls already in flight as one episode', async () => {
      const limiter = new RateLimiter({ perSecond: 300, retryBaseMs: 10_000, random: () => 0 });
      const graph = new FakeGraph(100);
      graph.decide = (call) => (call.at < T0 + 50 ? throttleError(PAGE_ID, 0) : undefined);
      queueMessages(limiter, graph, 10, 1);
      await clock.tickAsync(150);
      expect(graph.calls.filter((c) => c.outcome === 'refused').length).to.be.above(1);
      expect(limiter.stats()[0]).to.include({ throttleStreak: 1 });
      await clock.tickAsync(20_000);
      // The pause was the base once (10 s from the first refusal), not doubled per refused call.
      const retries = graph.calls.filter((c) => c.at >= T0 + 150);
      expect((retries[0] as { at: number }).at - T0).to.equal(100 + 10_000);
    });

    it('rejects at once with RATE_LIMITED when Meta gives a time beyond maxWaitMs, and fails the others that cannot make it', async () => {
      const limiter = new RateLimiter({ maxWaitMs: 120_000 });
      const graph = new FakeGraph(10);
      graph.decide = () => throttleError(PAGE_ID, 5); // 5 minutes
      const first = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      const second = track(limiter.send(sendOp({ user: 1, seq: 2 }), graph.send));
      const other = track(limiter.send(sendOp({ user: 2, seq: 1 }), graph.send));
      await clock.tickAsync(50);
      expect(graph.calls.map((c) => c.tag)).to.deep.equal(['1:1', '2:1']);
      for (const result of [first, second, other]) {
        expect(result.settled).to.equal(true);
        expect(result.error).to.be.instanceOf(MessengerError).with.property('code', 'RATE_LIMITED');
      }
      const error = first.error as MessengerError;
      expect(error.cause).to.be.instanceOf(GraphApiError);
      expect(error.details).to.deep.include({ accountId: PAGE_ID, graphCode: 613, retryAfterMs: 300_000 });
      expect(error.message).to.match(/throttled the Send API for account 370873143344730 .* in 300 s/);
      expect((second.error as MessengerError).message).to.match(/waited 120000 ms \(maxWaitMs\)/);
      expect(graph.calls).to.have.length(2); // nothing was called during the throttling
    });

    it('never retries other Graph errors: the caller gets them and the conversation moves on', async () => {
      const limiter = new RateLimiter();
      const graph = new FakeGraph(10);
      const windowClosed = toGraphApiError(
        {
          error: {
            message: '(#10) This message is sent outside of allowed window.',
            type: 'OAuthException',
            code: 10,
            error_subcode: 2018278,
            fbtrace_id: 'AbC123',
          },
        },
        { method: 'POST', path: '/me/messages', httpStatus: 400 },
      );
      graph.decide = (call) => (call.tag === '1:1' ? windowClosed : undefined);
      const first = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      const second = track(limiter.send(sendOp({ user: 1, seq: 2 }), graph.send));
      await clock.tickAsync(100);
      expect(first.error).to.equal(windowClosed);
      expect(second.error).to.equal(undefined);
      expect(graph.calls.map((c) => c.tag)).to.deep.equal(['1:1', '1:2']);
    });

    it('does not retry a local RATE_LIMITED error (only what Meta refused)', async () => {
      const limiter = new RateLimiter();
      const local = new MessengerError('RATE_LIMITED', 'another limiter gave up');
      const result = track(limiter.send(sendOp({ user: 1, seq: 1 }), () => Promise.reject(local)));
      await clock.tickAsync(10);
      expect(result.error).to.equal(local);
    });

    it('slows down before the limit when usage headers pass slowDownAtPercent, and speeds up again', async () => {
      const limiter = new RateLimiter({ perSecond: 200 });
      const graph = new FakeGraph(10);
      let usage = 50;
      graph.decide = () => ({ usage: { callCountPercent: usage } });
      queueMessages(limiter, graph, 50, 40); // 2000
      await clock.tickAsync(2_000);
      const before = graph.calls.length;
      usage = 90; // half way from 80 to 100: half the pace
      await clock.tickAsync(4_000);
      const slowed = graph.times((c) => c.at >= T0 + 3_000 && c.at < T0 + 6_000);
      expect(maxInWindow(slowed, 1000)).to.be.within(98, 100);
      expect(limiter.stats()[0]).to.include({ slowDownFactor: 0.5 });
      usage = 10;
      await clock.tickAsync(3_000);
      const recovered = graph.times((c) => c.at >= T0 + 7_000 && c.at < T0 + 9_000);
      expect(maxInWindow(recovered, 1000)).to.be.within(196, 200);
      expect(before).to.be.above(300);
    });
  });

  describe('bounds', () => {
    it('rejects with QUEUE_FULL past maxQueue messages waiting or in flight, without calling Graph', async () => {
      const limiter = new RateLimiter({ maxQueue: 5 });
      const graph = new FakeGraph(1_000);
      const accepted = [1, 2, 3, 4, 5].map((seq) =>
        track(limiter.send(sendOp({ user: 1, seq }), graph.send)),
      );
      const refused = track(limiter.send(sendOp({ user: 2, seq: 1 }), graph.send));
      await clock.tickAsync(0);
      expect(refused.error).to.be.instanceOf(MessengerError).with.property('code', 'QUEUE_FULL');
      expect((refused.error as MessengerError).message).to.equal(
        'The send queue of account 370873143344730 is full (maxQueue: 5 messages waiting or in flight), so this ' +
          'message was not sent. Retry later, send fewer messages at once, or raise maxQueue.',
      );
      expect(limiter.stats()[0]).to.include({ waiting: 4, inFlight: 1 });
      await clock.tickAsync(1_000); // the first one is answered: room for one more
      const later = track(limiter.send(sendOp({ user: 2, seq: 1 }), graph.send));
      await clock.tickAsync(5_000);
      expect(accepted.every((r) => r.error === undefined && r.settled)).to.equal(true);
      expect(later.error).to.equal(undefined);
      // 1:1 was answered at 1 s: 1:2 went out at once, then the new 2:1.
      expect(graph.calls.map((c) => c.tag)).to.deep.equal(['1:1', '1:2', '2:1', '1:3', '1:4', '1:5']);
    });

    it('counts maxQueue per account', async () => {
      const limiter = new RateLimiter({ maxQueue: 1 });
      const graph = new FakeGraph(100);
      const a = track(limiter.send(sendOp({ user: 1, seq: 1, accountId: PAGE_ID }), graph.send));
      const b = track(limiter.send(sendOp({ user: 1, seq: 1, accountId: PAGE_ID_2 }), graph.send));
      await clock.tickAsync(200);
      expect(a.error).to.equal(undefined);
      expect(b.error).to.equal(undefined);
    });

    it('rejects with RATE_LIMITED a message that waited maxWaitMs for its turn', async () => {
      const limiter = new RateLimiter({ perSecond: 1, maxWaitMs: 2_500, windowSlackMs: 0 });
      const graph = new FakeGraph(10);
      const results = [1, 2, 3, 4, 5].map((user) =>
        track(limiter.send(sendOp({ user, seq: 1 }), graph.send)),
      );
      await clock.tickAsync(2_499);
      expect(results.filter((r) => r.settled).map((r) => r.error)).to.deep.equal([
        undefined,
        undefined,
        undefined,
      ]);
      await clock.tickAsync(1);
      expect(results.map((r) => (r.error as MessengerError | undefined)?.code)).to.deep.equal([
        undefined,
        undefined,
        undefined,
        'RATE_LIMITED',
        'RATE_LIMITED',
      ]);
      expect((results[3]?.error as MessengerError | undefined)?.details).to.deep.equal({
        accountId: PAGE_ID,
        conversationId: sendOp({ user: 4, seq: 1 }).conversationId,
        maxWaitMs: 2_500,
      });
      expect(graph.calls).to.have.length(3);
      expect(limiter.stats()).to.deep.equal([]);
    });
  });

  describe('accounts', () => {
    it('keeps accounts apart: a throttled Page pauses alone, the other keeps its full pace', async () => {
      const limiter = new RateLimiter({ perSecond: 100, retryBaseMs: 30_000, random: () => 0 });
      const graph = new FakeGraph(20);
      graph.decide = (call) =>
        call.op.accountId === PAGE_ID && call.at >= T0 + 500 && call.at < T0 + 600
          ? throttleError(PAGE_ID, 0)
          : undefined;
      queueMessages(limiter, graph, 20, 50, { accountId: PAGE_ID });
      queueMessages(limiter, graph, 20, 50, { accountId: PAGE_ID_2 });
      await clock.tickAsync(5_000);
      const a = graph.times((c) => c.op.accountId === PAGE_ID);
      const b = graph.times((c) => c.op.accountId === PAGE_ID_2);
      // In 5 s the other Page made its full 5 s worth of calls (100/s, less the 1 % slack)...
      expect(b.length).to.be.within(490, 500);
      // ...while this one stopped at its first refusal.
      expect(a.filter((t) => t > T0 + 600)).to.have.length(0);
      expect(maxInWindow(a, 1000)).to.be.at.most(100);
      expect(maxInWindow(b, 1000)).to.be.at.most(100);
      expect(limiter.stats().find((s) => s.account === PAGE_ID)?.pausedForMs).to.be.above(20_000);
      await clock.tickAsync(60_000);
      expect(graph.acceptedTags()).to.have.length(2000);
    });
  });

  describe('several instances sharing one backend (as with Redis)', () => {
    it('stay within the limit together, and a pause from one stops the other', async () => {
      const shared = new MemoryRateLimitBackend();
      const one = new RateLimiter({ perSecond: 100, backend: shared, retryBaseMs: 20_000, random: () => 0 });
      const two = new RateLimiter({ perSecond: 100, backend: shared, retryBaseMs: 20_000, random: () => 0 });
      const graph = new FakeGraph(20);
      graph.decide = (call) =>
        call.at >= T0 + 2_000 && call.at < T0 + 2_030 ? throttleError(PAGE_ID, 0) : undefined;
      const results = [...queueMessages(one, graph, 10, 50), ...queueMessages(two, graph, 10, 50, {}, 10)];
      await clock.tickAsync(1_000);
      expect(maxInWindow(graph.times(), 1000)).to.be.at.most(100);
      await clock.tickAsync(1_100);
      const refusedAt = (graph.calls.find((c) => c.outcome === 'refused') as { at: number }).at;
      await clock.tickAsync(60_000);
      // Whichever instance met the 613, neither called Graph for 20 s after the answer.
      expect(
        graph.calls.filter((c) => c.at > refusedAt + 20 && c.at < refusedAt + 20 + 20_000),
      ).to.have.length(0);
      expect(results.every((r) => r.settled && r.error === undefined)).to.equal(true);
      expect(graph.acceptedTags()).to.have.length(1000);
      expect(maxInWindow(graph.times(), 1000)).to.be.at.most(100);
    });
  });

  describe('a pause recorded by another instance', () => {
    it('holds sends until it ends, and fails at once those that cannot wait that long', async () => {
      const shared = new MemoryRateLimitBackend();
      await shared.pause(PAGE_ID, 30_000);
      const limiter = new RateLimiter({ backend: shared, maxWaitMs: 60_000 });
      const graph = new FakeGraph(10);
      const first = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      await clock.tickAsync(29_999);
      expect(graph.calls).to.have.length(0);
      await clock.tickAsync(20);
      expect(first.value?.messageId).to.equal('m_1');

      await shared.pause(PAGE_ID, 600_000);
      const second = track(limiter.send(sendOp({ user: 1, seq: 2 }), graph.send));
      await clock.tickAsync(1);
      expect(second.error).to.be.instanceOf(MessengerError).with.property('code', 'RATE_LIMITED');
      expect(graph.calls).to.have.length(1);
    });
  });

  describe('backend failures', () => {
    it('fails waiting sends with the backend error (STORE_UNAVAILABLE) and sends nothing', async () => {
      const down = new MessengerError('STORE_UNAVAILABLE', 'Redis at 127.0.0.1:6379 did not answer');
      const backend: RateLimitBackend = {
        acquire: () => Promise.reject(down),
        pause: () => Promise.resolve(),
        slowDown: () => Promise.resolve(),
      };
      const limiter = new RateLimiter({ backend });
      const graph = new FakeGraph(10);
      const results = [1, 2, 3].map((seq) => track(limiter.send(sendOp({ user: 1, seq }), graph.send)));
      await clock.tickAsync(10);
      expect(results.map((r) => r.error)).to.deep.equal([down, down, down]);
      expect(graph.calls).to.have.length(0);
    });

    it('reports a pause the backend could not record to onBackgroundError, and still pauses here', async () => {
      const errors: MessengerError[] = [];
      const memory = new RateLimiter().backend;
      const backend: RateLimitBackend = {
        acquire: (request) => memory.acquire(request),
        pause: () => Promise.reject(new Error("READONLY You can't write against a read only replica.")),
        slowDown: () => Promise.resolve(),
      };
      const limiter = new RateLimiter({
        backend,
        retryBaseMs: 5_000,
        random: () => 0,
        onBackgroundError: (e) => errors.push(e),
      });
      const graph = new FakeGraph(10);
      let refusals = 1;
      graph.decide = () => (refusals-- > 0 ? throttleError(PAGE_ID, 0) : undefined);
      const result = track(limiter.send(sendOp({ user: 1, seq: 1 }), graph.send));
      await clock.tickAsync(10_000);
      expect(result.error).to.equal(undefined);
      expect(graph.calls.map((c) => c.at - T0)).to.deep.equal([0, 5_010]);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include({ code: 'STORE_UNAVAILABLE' });
      expect(errors[0]?.message).to.match(/READONLY/);
    });
  });
});
