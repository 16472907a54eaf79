/**
 * Test helpers: a tiny fake bot (express) that records every webhook with its raw bytes, and a
 * Graph client that calls the sandbox the way the adapter does.
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox';

export const APP_SECRET = 'sandbox-test-secret';
export const VERIFY_TOKEN = 'sandbox-test-verify';
export const APP_ID = '1517776481860111';
export const PAGE_ID = '370873143344730';
export const PAGE_TOKEN = 'page-token-EAAB';
export const IG_ID = '17841400000000001';
export const IG_TOKEN = 'ig-token-IGQV';
export const PAGE_INBOX = '263902037430900';
export const IG_INBOX = '1217981644879628';

/** One webhook POST as the bot received it. */
export interface ReceivedWebhook {
  raw: Buffer;
  signature: string | undefined;
  body: {
    object: string;
    entry: {
      id: string;
      time: number;
      messaging?: Record<string, unknown>[];
      standby?: Record<string, unknown>[];
    }[];
  };
}

/** The fake bot: records webhooks; `onEvent` may answer through the Graph API before acknowledging. */
export interface FakeBot {
  webhookUrl: string;
  received: ReceivedWebhook[];
  /** Answer status for the next POSTs (default 200). */
  status: number;
  /** Events (from messaging[] and standby[]) with the list they came in. */
  events(): { list: 'messaging' | 'standby'; event: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Starts a fake bot. `onEvent` runs for each event before the 200 (like a naive bot). */
export async function startFakeBot(
  onEvent?: (event: Record<string, unknown>, list: 'messaging' | 'standby') => Promise<void> | void,
): Promise<FakeBot> {
  const app = express();
  const bot: FakeBot = {
    webhookUrl: '',
    received: [],
    status: 200,
    events: () =>
      bot.received.flatMap((hook) =>
        hook.body.entry.flatMap((entry) => [
          ...(entry.messaging ?? []).map((event) => ({ list: 'messaging' as const, event })),
          ...(entry.standby ?? []).map((event) => ({ list: 'standby' as const, event })),
        ]),
      ),
    close: async () => undefined,
  };
  app.get('/webhook', (req: Request, res: Response) => {
    if (req.query['hub.mode'] === 'subscribe' && req.query['hub.verify_token'] === VERIFY_TOKEN) {
      res.status(200).send(String(req.query['hub.challenge']));
    } else {
      res.sendStatus(403);
    }
  });
  app.post('/webhook', express.raw({ type: '*/*' }), async (req: Request, res: Response) => {
    const raw = req.body as Buffer;
    const hook: ReceivedWebhook = {
      raw,
      signature: req.get('x-hub-signature-256'),
      body: JSON.parse(raw.toString('utf8')) as ReceivedWebhook['body'],
    };
    bot.received.push(hook);
    if (onEvent !== undefined) {
      for (const entry of hook.body.entry) {
        for (const event of entry.messaging ?? []) await onEvent(event, 'messaging');
        for (const event of entry.standby ?? []) await onEvent(event, 'standby');
      }
    }
    res.sendStatus(bot.status);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  bot.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  bot.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return bot;
}

/** Sandbox options with one Page and its Instagram account. */
export function sandboxOptions(overrides: Partial<SandboxOptions> = {}): SandboxOptions {
  return {
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    appId: APP_ID,
    pages: [
      {
        id: PAGE_ID,
        token: PAGE_TOKEN,
        name: 'Acme Support',
        instagram: { id: IG_ID, token: IG_TOKEN, username: 'acme' },
      },
    ],
    ...overrides,
  };
}

/** A Graph answer. */
export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the sandbox's Graph API like the adapter's client: Bearer token + appsecret_proof query. */
export async function graph<T = Record<string, unknown>>(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: {
    body?: unknown;
    token?: string;
    proof?: string | null;
    query?: Record<string, string>;
    form?: FormData;
  } = {},
): Promise<GraphResponse<T>> {
  const token = options.token ?? PAGE_TOKEN;
  const url = new URL(`${sandbox.graphApiUrl}/v27.0${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  if (options.proof !== null) {
    url.searchParams.set(
      'appsecret_proof',
      options.proof ?? createHmac('sha256', APP_SECRET).update(token).digest('hex'),
    );
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: RequestInit['body'];
  if (options.form !== undefined) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** Sends a text through the Send API. */
export function sendText(
  sandbox: Sandbox,
  recipientId: string,
  text: string,
  extra: Record<string, unknown> = {},
  token = PAGE_TOKEN,
): Promise<GraphResponse> {
  return graph(sandbox, 'POST', '/me/messages', {
    token,
    body: { recipient: { id: recipientId }, messaging_type: 'RESPONSE', message: { text }, ...extra },
  });
}

/** Sends a button template with postback buttons (`[title, payload]` pairs) through the Send API. */
export function sendPostbackButtons(
  sandbox: Sandbox,
  recipientId: string,
  text: string,
  buttons: ReadonlyArray<readonly [title: string, payload: string]>,
): Promise<GraphResponse> {
  return graph(sandbox, 'POST', '/me/messages', {
    body: {
      recipient: { id: recipientId },
      messaging_type: 'RESPONSE',
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text,
            buttons: buttons.map(([title, payload]) => ({ type: 'postback', title, payload })),
          },
        },
      },
    },
  });
}

/** Starts a fake bot and a sandbox subscribed to it. */
export async function startPair(
  overrides: Partial<SandboxOptions> = {},
  onEvent?: Parameters<typeof startFakeBot>[0],
): Promise<{ sandbox: Sandbox; bot: FakeBot; close(): Promise<void> }> {
  const bot = await startFakeBot(onEvent);
  const sandbox = await startSandbox(sandboxOptions({ botWebhookUrl: bot.webhookUrl, ...overrides }));
  return {
    sandbox,
    bot,
    close: async () => {
      await sandbox.close();
      await bot.close();
    },
  };
}

/** A manual base clock for the sandbox (tests never wait in real time for windows). */
export function manualClock(start = Date.UTC(2026, 10, 2, 9, 0, 0)): {
  now: () => number;
  set(ms: number): void;
} {
  let value = start;
  return { now: () => value, set: (ms) => (value = ms) };
}

/** `value`, failing the test when it is undefined (instead of an unsafe optional chain). */
export function defined<T>(value: T | undefined, what = 'value'): T {
  if (value === undefined) throw new Error(`expected ${what} to be defined`);
  return value;
}
