/**
 * Helpers for the samples' smoke tests: a nock'ed Graph API that records what the sample sends,
 * signed webhook POSTs over real HTTP, and {@link withSample}, which starts a sample against both and
 * stops it afterwards.
 *
 * @module
 */
import { expect } from 'chai';
import nock from 'nock';
import { memoryOwnerLog, type OwnerLog } from '../../samples/common/ownerLog';
import type { RunningSample } from '../../samples/common/server';
import { loadFixture } from '../fixtures';
import { metaJson, sign, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

/** Graph host the smoke tests point the samples at (intercepted by nock, never reached). */
export const GRAPH = 'https://graph.smoke.test';
/** Graph version the adapter calls by default. */
export const VERSION = 'v27.0';

/** The settings every sample gets in a smoke test. */
export const SAMPLE_SETTINGS = {
  appSecret: TEST_APP_SECRET,
  verifyToken: TEST_VERIFY_TOKEN,
  accessToken: 'smoke-page-token',
  appId: '1517776481860111',
  graphApiUrl: GRAPH,
  port: 0,
  host: '127.0.0.1',
} as const;

/** A clock a few seconds after the fixtures' events (their timestamps are in July 2026). */
export function fixtureClock(name = 'messenger/text', afterMs = 5_000): () => number {
  const body = loadFixture(name).body as { entry: { messaging?: { timestamp: number }[] }[] };
  const timestamp = body.entry[0]?.messaging?.[0]?.timestamp;
  if (timestamp === undefined) throw new Error(`fixture ${name} has no messaging timestamp`);
  return () => timestamp + afterMs;
}

/** A recorded Graph call: method, path (no query) and JSON body. */
export interface GraphCall {
  method: string;
  path: string;
  body: unknown;
}

/** The Graph API of a smoke test, as {@link fakeGraph} fakes it. */
export interface FakeGraph {
  /** Every call so far, in order. */
  calls: GraphCall[];
  /** The bodies of the Send API calls so far. */
  sends: () => unknown[];
  /** Removes the interceptor. */
  done: () => void;
}

/**
 * Intercepts every Graph call to {@link GRAPH} and records the POSTs. The Send API answers with message
 * ids `m_smoke_1`, `m_smoke_2`, ...; other POSTs answer `{ success: true }`; a user profile read
 * (`GET /{id}?fields=...`, for `from.name`) answers the fields asked for of "Ada Lovelace".
 */
export function fakeGraph(): FakeGraph {
  const calls: GraphCall[] = [];
  let count = 0;
  const scope = nock(GRAPH)
    .persist()
    .intercept(/.*/, 'POST')
    .query(true)
    .reply(function reply(uri, body) {
      const path = uri.split('?')[0] ?? uri;
      calls.push({ method: 'POST', path, body });
      if (path.endsWith('/me/messages')) {
        count++;
        const recipient = (body as { recipient?: { id?: string } }).recipient?.id;
        return [200, { recipient_id: recipient, message_id: `m_smoke_${count}` }];
      }
      return [200, { success: true }];
    });
  nock(GRAPH)
    .persist()
    .get(/^\/v\d+\.\d+\/\d+$/)
    .query(true)
    .reply(function reply(uri) {
      const url = new URL(uri, GRAPH);
      const profile: Record<string, string> = {
        first_name: 'Ada',
        last_name: 'Lovelace',
        name: 'Ada Lovelace',
        username: 'ada.codes',
      };
      const answer: Record<string, string> = { id: url.pathname.split('/').pop() ?? '' };
      for (const field of (url.searchParams.get('fields') ?? '').split(',')) {
        const value = profile[field];
        if (value !== undefined) answer[field] = value;
      }
      return [200, answer];
    });
  return {
    calls,
    sends: () => calls.filter((call) => call.path === `/${VERSION}/me/messages`).map((call) => call.body),
    done: () => {
      scope.persist(false);
      nock.cleanAll();
    },
  };
}

/** POSTs `body` (a fixture name like `messenger/text`, or an envelope) to the webhook, signed like Meta. */
export async function postWebhook(
  webhookUrl: string,
  body: string | Record<string, unknown>,
): Promise<Response> {
  const raw = typeof body === 'string' ? loadFixture(body).raw : metaJson(body);
  return fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
    body: raw,
  });
}

/** Meta's GET verification against the webhook; resolves the status and body. */
export async function verifyWebhook(webhookUrl: string): Promise<[number, string]> {
  const res = await fetch(
    `${webhookUrl}?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1158201444`,
  );
  return [res.status, await res.text()];
}

/** What {@link withSample} hands the test: the running sample, its fake Graph, and its owner's log. */
export interface SampleUnderTest<TRunning> {
  running: TRunning;
  graph: FakeGraph;
  log: ReturnType<typeof memoryOwnerLog>;
}

/**
 * Fakes Graph ({@link fakeGraph}), starts a sample with a memory owner's log, runs `test`, then
 * closes the sample and the fake Graph (also when `test` fails) and checks that the server stopped
 * listening.
 *
 * @example
 * ```ts
 * it('echoes', () =>
 *   withSample(
 *     (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock(), log }),
 *     async ({ running, graph }) => {
 *       await postWebhook(running.webhookUrl, 'messenger/text');
 *       await running.adapter.whenIdle();
 *       expect(graph.sends()).to.have.length(1);
 *     },
 *   ));
 * ```
 */
export async function withSample<TRunning extends RunningSample<unknown>>(
  start: (log: OwnerLog) => Promise<TRunning>,
  test: (sample: SampleUnderTest<TRunning>) => Promise<void>,
): Promise<void> {
  const graph = fakeGraph();
  const log = memoryOwnerLog();
  let running: TRunning;
  try {
    running = await start(log);
  } catch (error) {
    graph.done();
    throw error;
  }
  try {
    await test({ running, graph, log });
  } finally {
    await running.close();
    graph.done();
  }
  expect(running.server.listening).to.equal(false);
}
