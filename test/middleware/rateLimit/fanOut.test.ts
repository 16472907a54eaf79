import type { BotAdapter, ConversationReference } from 'botbuilder';
import { expect } from 'chai';
import sinon from 'sinon';
import { MessengerError } from '../../../adapter/errors';
import {
  type FanOutProgress,
  fanOut,
  formatFanOutProgress,
  type ProactiveAdapter,
} from '../../../middleware/rateLimit/fanOut';
import { RateLimiter } from '../../../middleware/rateLimit/rateLimiter';
import { FakeGraph, maxInWindow, PAGE_ID, sendOp, T0, track, userId } from './helpers';

/** A stored conversation reference, as `TurnContext.getConversationReference` makes it. */
function reference(user: number): Partial<ConversationReference> {
  return {
    channelId: 'facebook',
    serviceUrl: 'https://graph.facebook.com',
    user: { id: userId(user), name: '' },
    bot: { id: PAGE_ID, name: '' },
    conversation: { id: `${userId(user)}-${PAGE_ID}`, isGroup: false, conversationType: '', name: '' },
  };
}

interface FakeContext {
  sendText(seq: number): Promise<void>;
}

/**
 * An adapter stand-in: each proactive turn's sends go through the rate limiter (as they would through
 * RateLimitMiddleware), and conversations in `closed` fail like MessagingWindowMiddleware makes them.
 */
class FakeAdapter implements ProactiveAdapter<FakeContext> {
  active = 0;
  maxActive = 0;
  readonly closed = new Set<number>();
  readonly broken = new Set<number>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly graph: FakeGraph,
  ) {}

  async continueConversationAsync(
    botAppId: string,
    ref: Partial<ConversationReference>,
    logic: (context: FakeContext) => Promise<void>,
  ): Promise<void> {
    expect(botAppId).to.equal('1234567890');
    const user = Number(Array.from({ length: 1000 }, (_, i) => i).find((i) => userId(i) === ref.user?.id));
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await logic({
        sendText: async (seq) => {
          if (this.closed.has(user)) {
            throw new MessengerError(
              'MESSAGING_WINDOW_CLOSED',
              'The 24-hour window of this conversation is closed.',
            );
          }
          if (this.broken.has(user))
            throw new MessengerError('RECIPIENT_UNAVAILABLE', 'This person is not available.');
          await this.limiter.send(sendOp({ user, seq }), this.graph.send);
        },
      });
    } finally {
      this.active--;
    }
  }
}

describe('fanOut', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0 });
  });
  afterEach(() => clock.restore());

  it('sends to every conversation within the limits, skipping closed windows and reporting failures and progress', async () => {
    const limiter = new RateLimiter({ perSecond: 50 });
    const graph = new FakeGraph(40);
    const adapter = new FakeAdapter(limiter, graph);
    for (const u of [3, 17, 42]) adapter.closed.add(u);
    adapter.broken.add(99);
    const references = Array.from({ length: 200 }, (_, i) => reference(i));
    const reports: FanOutProgress[] = [];
    const run = track(
      fanOut(
        adapter,
        '1234567890',
        references,
        async (context) => {
          await context.sendText(1);
          await context.sendText(2);
        },
        { concurrency: 20, onProgress: (p) => reports.push(p) },
      ),
    );
    await clock.tickAsync(15_000);

    expect(run.settled).to.equal(true);
    const result = run.value as Awaited<ReturnType<typeof fanOut<FakeContext>>>;
    expect(result).to.include({ total: 200, done: 196, failed: 1, skipped: 3, active: 0, aborted: false });
    expect(result.skips.map((s) => [s.reference.user?.id, s.reason])).to.deep.equal(
      [3, 17, 42].map((u) => [userId(u), 'MESSAGING_WINDOW_CLOSED']),
    );
    expect(result.failures).to.have.length(1);
    expect(result.failures[0]?.reference).to.deep.equal(reference(99));
    expect(result.failures[0]?.error)
      .to.be.instanceOf(MessengerError)
      .with.property('code', 'RECIPIENT_UNAVAILABLE');

    expect(graph.acceptedTags()).to.have.length(392); // 196 conversations x 2 messages, each once
    expect(maxInWindow(graph.times(), 1000)).to.be.at.most(50);
    expect(adapter.maxActive).to.equal(20);

    expect(reports[0]).to.deep.equal({ total: 200, done: 0, failed: 0, skipped: 0, active: 0 });
    expect(reports).to.have.length(201);
    expect(reports.at(-1)).to.deep.equal({ total: 200, done: 196, failed: 1, skipped: 3, active: 0 });
    for (let i = 1; i < reports.length; i++) {
      const [before, after] = [reports[i - 1] as FanOutProgress, reports[i] as FanOutProgress];
      expect(after.done + after.failed + after.skipped).to.equal(
        before.done + before.failed + before.skipped + 1,
      );
    }
  });

  it('reads references lazily from an async iterable, skipping those shouldSend refuses', async () => {
    const limiter = new RateLimiter();
    const graph = new FakeGraph(10);
    const adapter = new FakeAdapter(limiter, graph);
    let pulled = 0;
    async function* stored() {
      for (let i = 0; i < 30; i++) {
        pulled++;
        yield reference(i);
      }
    }
    const run = track(
      fanOut(adapter, '1234567890', stored(), async (context) => context.sendText(1), {
        concurrency: 4,
        total: 30,
        shouldSend: (ref) => ref.user?.id !== userId(7),
      }),
    );
    await clock.tickAsync(0);
    expect(pulled).to.be.at.most(4);
    await clock.tickAsync(2_000);
    expect(run.value).to.include({ total: 30, done: 29, skipped: 1, failed: 0 });
    expect(run.value?.skips[0]).to.deep.equal({ reference: reference(7), reason: 'filtered' });
  });

  it('stops starting conversations when aborted, and lets those in progress finish', async () => {
    const limiter = new RateLimiter({ perSecond: 10 });
    const graph = new FakeGraph(10);
    const adapter = new FakeAdapter(limiter, graph);
    const controller = new AbortController();
    const run = track(
      fanOut(
        adapter,
        '1234567890',
        Array.from({ length: 100 }, (_, i) => reference(i)),
        async (c) => c.sendText(1),
        {
          concurrency: 5,
          signal: controller.signal,
        },
      ),
    );
    await clock.tickAsync(1_000);
    controller.abort();
    await clock.tickAsync(2_000);
    expect(run.value?.aborted).to.equal(true);
    const handled = (run.value?.done ?? 0) + (run.value?.failed ?? 0);
    expect(handled).to.be.within(10, 16);
    expect(graph.calls).to.have.length(handled);
  });

  it('rejects when onProgress throws, after the conversations in progress finish', async () => {
    const limiter = new RateLimiter();
    const graph = new FakeGraph(10);
    const adapter = new FakeAdapter(limiter, graph);
    const oops = new Error('terminal closed');
    let calls = 0;
    const run = track(
      fanOut(
        adapter,
        '1234567890',
        Array.from({ length: 50 }, (_, i) => reference(i)),
        async (c) => c.sendText(1),
        {
          concurrency: 3,
          onProgress: () => {
            if (++calls === 3) throw oops;
          },
        },
      ),
    );
    await clock.tickAsync(1_000);
    expect(run.error).to.equal(oops);
    expect(graph.calls.length).to.be.below(10);
  });

  it('counts failures even when the adapter hands turn errors to onTurnError instead of rejecting', async () => {
    const handled: unknown[] = [];
    const swallowing: ProactiveAdapter<FakeContext> = {
      async continueConversationAsync(_appId, ref, logic) {
        try {
          await logic({
            sendText: async () => {
              if (ref.user?.id === userId(2)) {
                throw new MessengerError(
                  'MESSAGING_WINDOW_CLOSED',
                  'The 24-hour window of this conversation is closed.',
                );
              }
              if (ref.user?.id === userId(3))
                throw new MessengerError('AUTH_FAILED', 'The Page token expired.');
            },
          });
        } catch (error) {
          handled.push(error); // like BotAdapter.runMiddleware with an onTurnError that logs
        }
      },
    };
    const result = await fanOut(swallowing, 'app', [1, 2, 3, 4].map(reference), async (c) => c.sendText(1));
    expect(result).to.include({ done: 2, skipped: 1, failed: 1 });
    expect(result.failures[0]?.error).to.have.property('code', 'AUTH_FAILED');
    expect(handled).to.have.length(2);
  });

  it('refuses a concurrency that is not a whole number of at least 1', async () => {
    const adapter = new FakeAdapter(new RateLimiter(), new FakeGraph());
    const error = await fanOut(adapter, '1234567890', [], async () => {}, { concurrency: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'CONFIG_INVALID');
  });

  it('accepts any botbuilder BotAdapter (compile-time check)', () => {
    const typed = (adapter: BotAdapter) =>
      fanOut(adapter, 'app-id', [reference(1)], async (context) => {
        await context.sendActivity('We are back online: here is the answer to your question.');
      });
    expect(typed).to.be.a('function');
  });
});

describe('formatFanOutProgress', () => {
  it('draws a bar with the share handled and the counts', () => {
    expect(formatFanOutProgress({ total: 1000, done: 480, failed: 5, skipped: 15, active: 20 })).to.equal(
      '[███████████████░░░░░░░░░░░░░░░]  50% 500/1000  sent 480  failed 5  skipped 15',
    );
    expect(
      formatFanOutProgress(
        { total: 3, done: 3, failed: 0, skipped: 0, active: 0 },
        { width: 10, complete: '#', incomplete: '-' },
      ),
    ).to.equal('[##########] 100% 3/3  sent 3  failed 0  skipped 0');
    expect(
      formatFanOutProgress({ total: 0, done: 0, failed: 0, skipped: 0, active: 0 }, { width: 4 }),
    ).to.equal('[████] 100% 0/0  sent 0  failed 0  skipped 0');
  });

  it('leaves the bar out when the total is unknown', () => {
    expect(formatFanOutProgress({ total: undefined, done: 600, failed: 2, skipped: 10, active: 4 })).to.equal(
      '612 handled  sent 600  failed 2  skipped 10',
    );
  });
});
