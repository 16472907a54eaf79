import http from 'node:http';
import { expect } from 'chai';
import type { Sandbox } from '../../sandbox';
import { allowedHosts, MAX_EVENT_STREAMS } from '../../sandbox/ui/requestGuard';
import { sendText, startPair } from './helpers';

/** A raw HTTP request (fetch would not let a test set Host), resolving the status and body. */
function request(
  sandbox: Sandbox,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('sandbox: other web pages cannot drive or read it', () => {
  let sandbox: Sandbox;
  let close: () => Promise<void>;
  let host: string;

  beforeEach(async () => {
    ({ sandbox, close } = await startPair());
    host = new URL(sandbox.url).host;
  });
  afterEach(async () => {
    await close();
  });

  it('refuses a cross-site text/plain POST with a foreign Origin, and changes nothing', async () => {
    const user = sandbox.user();
    await user.say('hi');
    await sandbox.idle();
    const before = sandbox.log.length;
    const owner = sandbox.threadOwner(user.id);
    const takeOver = await request(sandbox, `/sandbox/api/inbox/${user.id}/take`, {
      method: 'POST',
      headers: { host, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(takeOver.status).to.equal(403);
    expect(JSON.parse(takeOver.body)).to.deep.equal({
      error: {
        reason: 'FORBIDDEN_ORIGIN',
        message:
          'Requests from other web pages ("https://evil.example") are refused: drive the sandbox from its own page, or from code without an Origin header.',
      },
    });
    const say = await request(sandbox, `/sandbox/api/users/${user.id}/say`, {
      method: 'POST',
      headers: { host, origin: 'null', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'from a sandboxed frame' }),
    });
    expect(say.status).to.equal(403);
    expect(sandbox.threadOwner(user.id)).to.equal(owner);
    expect(user.transcript().map((entry) => entry.message?.text)).to.deep.equal(['hi']);
    expect(sandbox.log.length).to.equal(before);
  });

  it('refuses an unknown Host (DNS rebinding) on the page, its state and the Graph stand-in', async () => {
    for (const path of ['/', '/sandbox/api/state', '/sandbox/api/events', '/v27.0/me/messages']) {
      const answer = await request(sandbox, path, { headers: { host: `rebind.attacker.example:${new URL(sandbox.url).port}` } });
      expect([path, answer.status, (JSON.parse(answer.body) as { error: { reason: string } }).error.reason]).to.deep.equal(
        [path, 403, 'FORBIDDEN_HOST'],
      );
    }
  });

  it('serves its own page at 127.0.0.1, localhost and [::1] with its port, and the bot without Origin', async () => {
    const port = new URL(sandbox.url).port;
    expect([...allowedHosts({ host: '127.0.0.1', port: Number(port) })]).to.deep.equal([
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
    ]);
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      const page = await request(sandbox, '/sandbox/api/state', { headers: { host: `${name}:${port}` } });
      expect([name, page.status]).to.deep.equal([name, 200]);
    }
    const user = sandbox.user();
    const sameOrigin = await request(sandbox, `/sandbox/api/users/${user.id}/say`, {
      method: 'POST',
      headers: { host, origin: `http://localhost:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(sameOrigin.status).to.equal(200);
    const otherPort = await request(sandbox, '/sandbox/api/state', { headers: { host: `localhost:${Number(port) + 1}` } });
    expect(otherPort.status).to.equal(403);
    expect((await sendText(sandbox, user.id, 'Hi from the bot')).status).to.equal(200);
  });

  it(`caps event streams at ${MAX_EVENT_STREAMS} and frees a slot when one closes`, async () => {
    const open: http.ClientRequest[] = [];
    const connect = () =>
      new Promise<number>((resolve) => {
        const req = http.get(`${sandbox.url}/sandbox/api/events`, (res) => {
          resolve(res.statusCode ?? 0);
          if (res.statusCode !== 200) res.resume();
        });
        open.push(req);
      });
    try {
      const statuses = [];
      for (let index = 0; index < MAX_EVENT_STREAMS; index++) statuses.push(await connect());
      expect(statuses).to.deep.equal(Array(MAX_EVENT_STREAMS).fill(200));
      expect(await connect()).to.equal(503);
      open[0]?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await connect()).to.equal(200);
    } finally {
      for (const req of open) req.destroy();
    }
  });
});
