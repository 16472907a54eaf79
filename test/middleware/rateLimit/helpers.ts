/** Builders and a fake Graph Send API for the rate-limit tests. */
import type { GraphApiError } from '../../../adapter/errors';
import { toGraphApiError } from '../../../adapter/graph/graphErrors';
import { parseUsageHeaders } from '../../../adapter/graph/usageHeaders';
import type { MessengerChannelId } from '../../../adapter/platform';
import type { SendBudget, SendOperation, SendResult } from '../../../adapter/sendPipeline';

export const PAGE_ID = '370873143344730';
export const PAGE_ID_2 = '404217156637689';
export const IG_ACCOUNT_ID = '17841405822304914';
export const T0 = 1_701_427_704_837;

/** A PSID-like user id, distinct per index. */
export function userId(index: number): string {
  return String(6_780_462_125_377_510 + index * 7919);
}

/** One Send API operation; `tag` ("<user index>:<seq>") goes into the text and the metadata. */
export function sendOp(options: {
  user: number;
  seq: number;
  accountId?: string;
  channelId?: MessengerChannelId;
  budget?: SendBudget;
}): SendOperation {
  const accountId = options.accountId ?? PAGE_ID;
  const uid = userId(options.user);
  const tag = `${options.user}:${options.seq}`;
  const budget = options.budget ?? 'text';
  const message =
    budget === 'media'
      ? {
          attachment: { type: 'video', payload: { url: `https://cdn.example.com/clip-${tag}.mp4` } },
          metadata: tag,
        }
      : { text: `message ${tag}`, metadata: tag };
  return {
    kind: 'message',
    channelId: options.channelId ?? 'facebook',
    accountId,
    userId: uid,
    conversationId: `${uid}-${accountId}`,
    budget,
    body: { recipient: { id: uid }, messaging_type: 'RESPONSE', message },
  };
}

/** The tag of an operation made by {@link sendOp}. */
export function tagOf(op: SendOperation): string {
  return String((op.body.message as { metadata?: unknown } | undefined)?.metadata);
}

/** A throttling error as the Graph client makes it from a real 613 answer and its usage header. */
export function throttleError(accountId: string, regainMinutes: number, code = 613): GraphApiError {
  const usage = parseUsageHeaders({
    'x-business-use-case-usage': JSON.stringify({
      [accountId]: [
        {
          type: 'messenger',
          call_count: 100,
          total_cputime: 31,
          total_time: 35,
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    }),
  });
  return toGraphApiError(
    {
      error: {
        message: '(#613) Calls to this api have exceeded the rate limit.',
        type: 'OAuthException',
        code,
        fbtrace_id: 'AZcXr1gFbH3qJ0tKkz7mPwQ',
      },
    },
    { method: 'POST', path: '/me/messages', httpStatus: 400, accountId, ...(usage ? { usage } : {}) },
  );
}

/** A Send API call the fake Graph received. */
export interface GraphCall {
  readonly at: number;
  readonly tag: string;
  readonly op: SendOperation;
  outcome?: 'accepted' | 'refused';
}

/**
 * A fake Send API: records every call with its (fake) time, answers after `latencyMs` (a fake timer),
 * and accepts unless `decide` says otherwise.
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  latencyMs: number;
  decide: (call: GraphCall) => Error | { usage?: Record<string, number> } | undefined = () => undefined;
  private nextId = 1;

  constructor(latencyMs = 30) {
    this.latencyMs = latencyMs;
  }

  /** The downstream `send` to hand to the limiter. */
  readonly send = (op: SendOperation): Promise<SendResult> => {
    const call: GraphCall = { at: Date.now(), tag: tagOf(op), op };
    this.calls.push(call);
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        const answer = this.decide(call);
        if (answer instanceof Error) {
          call.outcome = 'refused';
          reject(answer);
          return;
        }
        call.outcome = 'accepted';
        const result: SendResult & { usage?: Record<string, number> } = {
          recipientId: op.userId,
          messageId: `m_${this.nextId++}`,
        };
        if (answer?.usage) result.usage = answer.usage;
        resolve(result);
      }, this.latencyMs);
    });
  };

  /** Tags of accepted calls, in acceptance order. */
  acceptedTags(): string[] {
    return this.calls.filter((c) => c.outcome === 'accepted').map((c) => c.tag);
  }

  /** Times of calls, optionally only those matching `filter`. */
  times(filter: (call: GraphCall) => boolean = () => true): number[] {
    return this.calls.filter(filter).map((c) => c.at);
  }
}

/** The most calls in any half-open window `[t, t + windowMs)` (times sorted ascending). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Asserts-friendly summary: for each user, the sequence numbers accepted, in order. */
export function sequencesByUser(tags: readonly string[]): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  for (const tag of tags) {
    const [user, seq] = tag.split(':').map(Number) as [number, number];
    const list = byUser.get(user) ?? [];
    list.push(seq);
    byUser.set(user, list);
  }
  return byUser;
}

/** Settles a promise into a record, so tests can inspect outcomes after ticking fake time. */
export function track<T>(promise: Promise<T>): { value?: T; error?: unknown; settled: boolean } {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => {
      state.value = value;
      state.settled = true;
    },
    (error: unknown) => {
      state.error = error;
      state.settled = true;
    },
  );
  return state;
}
