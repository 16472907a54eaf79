import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { metaJson, type Sandbox, SandboxError, signatureOf, startSandbox } from '../../sandbox';
import { APP_SECRET, type FakeBot, PAGE_ID, sandboxOptions, sendText, startPair } from './helpers';

describe('sandbox webhook driver', () => {
  let sandbox: Sandbox;
  let bot: FakeBot;
  let close: () => Promise<void>;

  afterEach(async () => {
    await close?.();
  });

  it('escapes non-ASCII as lowercase \\uXXXX (surrogate pairs for emoji) and / as \\/, like Meta', () => {
    expect(metaJson({ text: 'äöå', url: 'https://x.test/a/b' })).to.equal(
      '{"text":"\\u00e4\\u00f6\\u00e5","url":"https:\\/\\/x.test\\/a\\/b"}',
    );
    expect(metaJson({ text: 'Grüße 👋' })).to.equal('{"text":"Gr\\u00fc\\u00dfe \\ud83d\\udc4b"}');
    expect(JSON.parse(metaJson({ text: 'Grüße 👋 \u2028' }))).to.deep.equal({ text: 'Grüße 👋 \u2028' });
  });

  it('signs the exact bytes it posts with X-Hub-Signature-256 (HMAC-SHA256 of the app secret)', async () => {
    ({ sandbox, bot, close } = await startPair());
    await sandbox.user().say('äöå Grüße 👋');
    const hook = bot.received[0];
    expect(hook).not.to.equal(undefined);
    const raw = hook?.raw ?? Buffer.alloc(0);
    expect(hook?.signature).to.equal(`sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`);
    expect(raw.toString('latin1')).to.contain('\\u00e4\\u00f6\\u00e5 Gr\\u00fc\\u00dfe \\ud83d\\udc4b');
    expect([...raw].every((byte) => byte < 0x80)).to.equal(true);
    const message = (hook?.body.entry[0]?.messaging?.[0]?.message ?? {}) as { text?: string };
    expect(message.text).to.equal('äöå Grüße 👋');
    // Hashing re-serialised JSON (raw UTF-8) gives a different signature: bots must hash the raw bytes.
    const reserialised = Buffer.from(JSON.stringify(hook?.body), 'utf8');
    expect(signatureOf(APP_SECRET, reserialised)).not.to.equal(hook?.signature);
  });

  it('posts the envelope Meta posts: object, entry id and time, ms timestamps, string ids', async () => {
    ({ sandbox, bot, close } = await startPair());
    const user = sandbox.user();
    const said = await user.say('hi');
    expect(bot.received[0]?.body).to.deep.equal({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: said.timestamp,
          messaging: [
            {
              sender: { id: user.id },
              recipient: { id: PAGE_ID },
              timestamp: said.timestamp,
              message: { mid: said.mid, text: 'hi' },
            },
          ],
        },
      ],
    });
    expect(String(said.timestamp)).to.have.length(13);
  });

  it('sends the legacy X-Hub-Signature (sha1) beside the SHA-256 one, as Meta does', async () => {
    const headers: Record<string, string | undefined>[] = [];
    const app = express();
    app.get('/hook', (req, res) => res.send(String(req.query['hub.challenge'])));
    app.post('/hook', express.raw({ type: '*/*' }), (req, res) => {
      headers.push({
        sha1: req.get('x-hub-signature'),
        sha256: req.get('x-hub-signature-256'),
        type: req.get('content-type'),
        raw: (req.body as Buffer).toString(),
      });
      res.sendStatus(200);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    sandbox = await startSandbox(sandboxOptions({ botWebhookUrl: url }));
    close = async () => {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    await sandbox.user().say('hi');
    const [first] = headers;
    expect(first?.type).to.equal('application/json');
    expect(first?.sha1).to.equal(
      `sha1=${createHmac('sha1', APP_SECRET)
        .update(first?.raw ?? '')
        .digest('hex')}`,
    );
    expect(first?.sha256).to.equal(signatureOf(APP_SECRET, first?.raw ?? ''));
  });

  it('retries immediately when the bot does not answer 200, then reports the failure in the log', async () => {
    ({ sandbox, bot, close } = await startPair({ webhook: { retries: 2 } }));
    bot.status = 503;
    const error = await sandbox
      .user()
      .say('hello?')
      .catch((e: unknown) => e);
    expect((error as SandboxError).reason).to.equal('WEBHOOK_NOT_ACKNOWLEDGED');
    expect(bot.received).to.have.length(3);
    expect(bot.received.map((hook) => hook.raw.toString())).to.satisfy((bodies: string[]) =>
      bodies.every((b) => b === bodies[0]),
    );
    const lines = sandbox.log
      .filter((entry) => entry.kind === 'webhook' && entry.method === 'POST')
      .map((entry) => entry.summary);
    expect(lines).to.deep.equal([
      'messaging: message "hello?" - HTTP 503',
      'messaging: message "hello?" (retry 1) - HTTP 503',
      'messaging: message "hello?" (retry 2) - HTTP 503',
    ]);
  });

  it('gives up on a bot that does not answer within the timeout', async () => {
    const app = express();
    app.get('/hook', (req, res) => res.send(String(req.query['hub.challenge'])));
    app.post('/hook', () => undefined);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    sandbox = await startSandbox(
      sandboxOptions({
        botWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        webhook: { retries: 0, timeoutMs: 50 },
      }),
    );
    close = async () => {
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    const error = await sandbox
      .user()
      .say('hi')
      .catch((e: unknown) => e);
    expect((error as SandboxError).reason).to.equal('WEBHOOK_NOT_ACKNOWLEDGED');
    expect((error as Error).message).to.contain('no answer within 50 ms');
  });

  it('refuses to subscribe a bot that answers the challenge wrongly', async () => {
    const app = express();
    app.get('/hook', (_req, res) => res.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    const error = await startSandbox(
      sandboxOptions({ botWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SandboxError);
    expect((error as Error).message).to.match(/expected HTTP 200 with body \d+, got HTTP 200 "ok"/);
  });

  it('keeps the posts of one conversation in order: message, then echo, then delivery', async () => {
    ({ sandbox, bot, close } = await startPair({}, async (event) => {
      const message = event.message as { text?: string; is_echo?: boolean } | undefined;
      if (message?.text === 'ping') await sendText(sandbox, (event.sender as { id: string }).id, 'pong');
    }));
    const user = sandbox.user();
    await user.say('ping');
    await user.say('after');
    await sandbox.idle();
    const order = bot.events().map(({ event }) => {
      const message = event.message as { text?: string; is_echo?: boolean } | undefined;
      if (message !== undefined) return `${message.is_echo ? 'echo' : 'user'}:${message.text}`;
      return Object.keys(event).find((key) => key === 'delivery' || key === 'read');
    });
    expect(order).to.deep.equal(['user:ping', 'echo:pong', 'delivery', 'user:after']);
  });
});
