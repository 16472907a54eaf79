/**
 * A tiny stand-in bot that speaks raw Graph API, so the sandbox can be tried before the adapter's
 * contact-centre sample is wired to `npm start`. It checks signatures, answers text with quick
 * replies, shows a card, hands over to the Page Inbox on request and greets the user when control
 * comes back. Not an example of how to write a bot: use the adapter.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { LocalBot, LocalBotSettings } from '../local';

type Event = Record<string, unknown> & { sender?: { id: string }; recipient?: { id: string } };

/** Starts the demo bot on `port` (default 3978), path `/api/messages`. */
export async function startDemoBot(settings: LocalBotSettings, port = 3978): Promise<LocalBot> {
  const proof = createHmac('sha256', settings.appSecret).update(settings.accessToken).digest('hex');
  const call = async (path: string, body: unknown, method = 'POST'): Promise<void> => {
    const response = await fetch(`${settings.graphApiUrl}/v27.0/me/${path}?appsecret_proof=${proof}`, {
      method,
      headers: { authorization: `Bearer ${settings.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const { error } = (await response.json()) as { error?: { code?: number; error_subcode?: number } };
      console.warn(`demo bot: ${path} failed with Graph error ${error?.code}/${error?.error_subcode ?? '-'}`);
    }
  };
  const say = (to: string, message: Record<string, unknown>) =>
    call('messages', { recipient: { id: to }, messaging_type: 'RESPONSE', message });
  const handOver = async (to: string) => {
    await say(to, { text: 'Passing you to a human agent. They will answer here.' });
    await call('pass_thread_control', {
      recipient: { id: to },
      target_app_id: '263902037430900',
      metadata: 'demo:agent',
    });
  };

  await call('messenger_profile', {
    get_started: { payload: 'GET_STARTED' },
    persistent_menu: [
      {
        locale: 'default',
        call_to_actions: [{ type: 'postback', title: 'Talk to a human', payload: 'AGENT' }],
      },
    ],
  });

  const onEvent = async (event: Event): Promise<void> => {
    const user = event.sender?.id;
    if (user === undefined) return;
    const message = event.message as
      | { text?: string; is_echo?: boolean; quick_reply?: { payload: string }; attachments?: unknown[] }
      | undefined;
    if (message?.is_echo === true) return;
    const payload =
      message?.quick_reply?.payload ?? (event.postback as { payload?: string } | undefined)?.payload;
    if (event.pass_thread_control !== undefined) {
      await say(user, { text: "I'm back. How else can I help?" });
    } else if (payload === 'AGENT' || /\b(human|agent)\b/i.test(message?.text ?? '')) {
      await handOver(user);
    } else if (payload === 'CARD') {
      await say(user, {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              {
                title: 'Acme running shoe',
                subtitle: 'Light, fast, 89 EUR',
                image_url: `${settings.graphApiUrl}/sandbox/media/sample-photo.jpg`,
                buttons: [
                  { type: 'postback', title: 'Talk to a human', payload: 'AGENT' },
                  { type: 'web_url', title: 'View', url: 'https://example.com/shoe' },
                ],
              },
            ],
          },
        },
      });
    } else if (payload === 'GET_STARTED' || message !== undefined) {
      const text =
        message?.attachments !== undefined ? 'Nice one, thanks!' : `You said: ${message?.text ?? 'hello'}`;
      await say(user, {
        text,
        quick_replies: [
          { content_type: 'text', title: 'Show a card', payload: 'CARD' },
          { content_type: 'text', title: 'Talk to a human', payload: 'AGENT' },
        ],
      });
    }
  };

  const app = express();
  app.get('/api/messages', (req, res) => {
    const ok =
      req.query['hub.mode'] === 'subscribe' && req.query['hub.verify_token'] === settings.verifyToken;
    if (ok) res.send(String(req.query['hub.challenge']));
    else res.sendStatus(403);
  });
  app.post('/api/messages', express.raw({ type: 'application/json' }), (req, res) => {
    const raw = req.body as Buffer;
    const given = Buffer.from(String(req.get('x-hub-signature-256') ?? '').replace(/^sha256=/, ''), 'hex');
    const expected = createHmac('sha256', settings.appSecret).update(raw).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.sendStatus(401);
      return;
    }
    res.sendStatus(200);
    const body = JSON.parse(raw.toString('utf8')) as { entry: { messaging?: Event[] }[] };
    for (const entry of body.entry) {
      for (const event of entry.messaging ?? []) {
        onEvent(event).catch((error: unknown) => console.warn(`demo bot: ${(error as Error).message}`));
      }
    }
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  return {
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
