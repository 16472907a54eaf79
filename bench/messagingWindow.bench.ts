/**
 * MessagingWindowMiddleware benchmark (issue #4), side by side in one run, in-process only:
 *
 * 1. Memory per tracked conversation in the default store (MemoryStateStore): 1,000,000 conversations
 *    recorded the way the middleware records them (a bare number under `w:<userId>-<accountId>`),
 *    next to the obvious alternative (an object `{ lastUserAt }` per conversation). Goal: <= 200 bytes
 *    per conversation, key included. Heap figures are `heapUsed` after a full GC.
 * 2. Added latency per outgoing message: `context.sendActivity` through a BotAdapter that runs the
 *    send pipeline like MessengerAdapter (Graph replaced by a resolved promise), with and without the
 *    middleware, interleaved in blocks. Goal: < 20 µs median added, with the in-memory store.
 *
 * Run: `npx tsx bench/messagingWindow.bench.ts` or `npm run bench -- messagingWindow`.
 * BENCH_CONVERSATIONS (default 1000000) and BENCH_SENDS (default 50000) bound the work.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Activity, ActivityEx, BotAdapter, type ResourceResponse, TurnContext } from 'botbuilder';
import { conversationIdOf } from '../adapter/platform';
import { getSendInterceptors, runSendPipeline, type SendOperation } from '../adapter/sendPipeline';
import { stateKeys } from '../adapter/state/keys';
import { MemoryStateStore } from '../adapter/state/memoryStateStore';
import type { StateStore } from '../adapter/state/stateStore';
import { type MessengerTurnInfo, MessengerTurnKey } from '../adapter/turnInfo';
import { MessagingWindowMiddleware } from '../middleware/messagingWindow';
import { decideOutgoing } from '../middleware/messagingWindow/windowPolicy';
import { recordUserInteraction } from '../middleware/messagingWindow/windowState';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const SENDS = Number(process.env.BENCH_SENDS ?? 50_000);
const PAGES = ['370873143344730', '404217156637689', '112233445566778', '998877665544332'];
const HOUR = 3_600_000;

function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = gcFunction();

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A realistic PSID (16 digits) for conversation `i`. */
function userId(i: number): string {
  return String(6_780_462_125_377_510 + i * 7919);
}

// ---------------------------------------------------------------- 1. memory

type Design = 'bare number (ours)' | 'object { lastUserAt }';

async function measureMemory(
  design: Design,
): Promise<{ perConversation: number; total: number; keys: number }> {
  const store = new MemoryStateStore();
  const now = Date.now();
  const before = heapUsed();
  for (let i = 0; i < CONVERSATIONS; i++) {
    const conversationId = conversationIdOf(userId(i), PAGES[i % PAGES.length]!);
    const at = now - (i % 1000) * 60_000;
    if (design === 'bare number (ours)') {
      await recordUserInteraction(store, conversationId, at, now);
    } else {
      await store.set(stateKeys.window(conversationId), { lastUserAt: at }, 14 * 24 * HOUR);
    }
  }
  const total = heapUsed() - before;
  const keys = store.size;
  store.close();
  return { perConversation: total / CONVERSATIONS, total, keys };
}

// ---------------------------------------------------------------- 2. latency

/** Runs sends through the turn's interceptors like MessengerAdapter; Graph answers at once. */
class PipelineAdapter extends BotAdapter {
  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
      const op: SendOperation = {
        kind: 'message',
        channelId: 'facebook',
        accountId: activity.from?.id ?? '',
        userId: activity.recipient?.id ?? '',
        conversationId: activity.conversation?.id ?? '',
        budget: 'text',
        body: {
          recipient: { id: activity.recipient?.id ?? '' },
          messaging_type: channelData.messaging_type as 'UPDATE' | undefined,
          message: { text: activity.text ?? '' },
        },
      };
      const result = await runSendPipeline(getSendInterceptors(context), op, async () => ({
        messageId: 'm_1',
      }));
      responses.push({ id: result.messageId ?? '' });
    }
    return responses;
  }
  override async updateActivity(): Promise<void> {}
  override async deleteActivity(): Promise<void> {}
  override async continueConversation(): Promise<void> {}
}

function proactiveContext(adapter: BotAdapter, store: StateStore, user: string): TurnContext {
  const accountId = PAGES[0]!;
  const conversationId = conversationIdOf(user, accountId);
  const context = new TurnContext(
    adapter,
    ActivityEx.getContinuationActivity({
      channelId: 'facebook',
      serviceUrl: 'https://graph.facebook.com',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: user, name: '' },
      bot: { id: accountId, name: '' },
    }),
  );
  const info: MessengerTurnInfo = {
    channelId: 'facebook',
    accountId,
    userId: user,
    conversationId,
    source: 'proactive',
    event: undefined,
    store,
    graph: {} as MessengerTurnInfo['graph'],
    appId: undefined,
    dispatch: () => {},
  };
  context.turnState.set(MessengerTurnKey, info);
  return context;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

interface LatencyRow {
  scenario: string;
  median: number;
  p99: number;
}

async function measureLatency(): Promise<LatencyRow[]> {
  const adapter = new PipelineAdapter();
  const store = new MemoryStateStore();
  const now = Date.now();
  // a realistic store: 100,000 tracked conversations, our users among them
  for (let i = 0; i < 100_000; i++) {
    await recordUserInteraction(store, conversationIdOf(userId(i), PAGES[0]!), now - (i % 500) * 60_000, now);
  }
  const middleware = new MessagingWindowMiddleware();
  const plain = proactiveContext(adapter, store, userId(1));
  const open = proactiveContext(adapter, store, userId(2));
  const late = proactiveContext(adapter, store, userId(3));
  await recordUserInteraction(store, conversationIdOf(userId(3), PAGES[0]!), now - 30 * HOUR, now);
  // the middleware registers its handlers for the turn; they stay on the context afterwards
  await middleware.onTurn(open, async () => {});
  await middleware.onTurn(late, async () => {});

  const scenarios: Array<{ name: string; context: TurnContext; activity: () => Partial<Activity> }> = [
    {
      name: 'without middleware',
      context: plain,
      activity: () => ({ type: 'message', text: 'Your order has shipped.' }),
    },
    {
      name: 'bot message, window open',
      context: open,
      activity: () => ({ type: 'message', text: 'Your order has shipped.' }),
    },
    {
      name: 'agent message at 30 h (HUMAN_AGENT)',
      context: late,
      activity: () => ({ type: 'message', text: 'Ana here.', channelData: { humanAgent: true } }),
    },
  ];
  const samples = new Map<string, number[]>(scenarios.map((scenario) => [scenario.name, []]));
  const block = 1000;
  const warmup = Math.min(5000, SENDS);
  for (let done = -warmup; done < SENDS; done += block) {
    for (const scenario of scenarios) {
      const out = samples.get(scenario.name)!;
      for (let i = 0; i < block; i++) {
        const activity = scenario.activity();
        const start = process.hrtime.bigint();
        await scenario.context.sendActivity(activity);
        const elapsed = Number(process.hrtime.bigint() - start) / 1000;
        if (done >= 0) out.push(elapsed);
      }
    }
  }
  store.close();
  return scenarios.map((scenario) => {
    const sorted = samples.get(scenario.name)!.sort((a, b) => a - b);
    return { scenario: scenario.name, median: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

/** ns per call of the pure decision: `send` (window open) and `refuse` (builds the error and its message). */
function measureDecision(outcome: 'send' | 'refuse'): number {
  const now = Date.now();
  const runs = outcome === 'send' ? 1_000_000 : 100_000;
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const decision = decideOutgoing(
      {
        channelId: 'facebook',
        conversationId: '6780462125377510-370873143344730',
        now,
        lastUserAt: now - (outcome === 'send' ? (i % 23) * HOUR : 30 * HOUR),
        human: false,
        reply: (i & 1) === 1,
      },
      { humanAgentTag: true, unknownWindow: 'send' },
    );
    if (decision.send) sink++;
  }
  const perCall = Number(process.hrtime.bigint() - start) / runs;
  if (sink < 0) console.log(sink);
  return perCall;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  console.log(
    `MessagingWindowMiddleware benchmark: Node ${process.version}, ${CONVERSATIONS.toLocaleString('en')} conversations, ${SENDS.toLocaleString('en')} sends per scenario`,
  );

  console.log('\n1. Memory per tracked conversation (MemoryStateStore, heapUsed after full GC)');
  const ours = await measureMemory('bare number (ours)');
  const naive = await measureMemory('object { lastUserAt }');
  const rows = [
    ['design', 'keys', 'heap total', 'bytes / conversation'],
    ['bare number (ours)', ours.keys.toLocaleString('en'), mb(ours.total), ours.perConversation.toFixed(1)],
    [
      'object { lastUserAt }',
      naive.keys.toLocaleString('en'),
      mb(naive.total),
      naive.perConversation.toFixed(1),
    ],
  ];
  for (const row of rows)
    console.log(
      `  ${row[0]!.padEnd(24)}${row[1]!.padStart(12)}${row[2]!.padStart(12)}${row[3]!.padStart(22)}`,
    );
  console.log(`  ratio object / ours: ${(naive.perConversation / ours.perConversation).toFixed(2)}x`);
  console.log(
    `  goal <= 200 bytes per conversation: ${ours.perConversation <= 200 ? 'met' : 'MISSED'} (${ours.perConversation.toFixed(1)} bytes)`,
  );

  console.log('\n2. Latency per outgoing message (context.sendActivity, in-memory store, µs)');
  const latency = await measureLatency();
  const baseline = latency[0]!;
  console.log(
    `  ${'scenario'.padEnd(40)}${'median'.padStart(10)}${'p99'.padStart(10)}${'added median'.padStart(15)}${'ratio'.padStart(9)}`,
  );
  for (const row of latency) {
    const added = row.median - baseline.median;
    console.log(
      `  ${row.scenario.padEnd(40)}${row.median.toFixed(2).padStart(10)}${row.p99.toFixed(2).padStart(10)}${(row === baseline ? '-' : added.toFixed(2)).padStart(15)}${(row.median / baseline.median).toFixed(2).padStart(8)}x`,
    );
  }
  const worstAdded = Math.max(...latency.slice(1).map((row) => row.median - baseline.median));
  console.log(
    `  goal < 20 µs added (median): ${worstAdded < 20 ? 'met' : 'MISSED'} (worst ${worstAdded.toFixed(2)} µs)`,
  );

  console.log('\n3. The pure decision alone (decideOutgoing, ns per call)');
  console.log(
    `  message allowed: ${measureDecision('send').toFixed(0)} ns; refused (error with message): ${measureDecision('refuse').toFixed(0)} ns`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
