import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { parseSandboxUsers, terminalProgress } from '../../samples/broadcast-progress';
import { readPort } from '../../samples/common/env';
import { launchModeOf } from '../../samples/common/launch';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { launch as launchEcho } from '../../samples/echo';
import { launch as launchExistingBot } from '../../samples/existing-bot';
import { launch as launchInstagram } from '../../samples/instagram';

const ROOT = path.resolve(__dirname, '..', '..');
const NO_PORTS = { PORT: '0', SANDBOX_PORT: '0' };

/** A TCP server holding a free loopback port, so that a sample's listen meets EADDRINUSE. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

describe('samples: starting without a Facebook account (npm run <sample>)', () => {
  describe('which mode .env asks for', () => {
    it('is the webhook with all three credentials, the sandbox with none (empty counts as none)', () => {
      const all = { MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'v', MESSENGER_PAGE_TOKEN: 't' };
      expect(launchModeOf(all)).to.equal('webhook');
      expect(launchModeOf({})).to.equal('sandbox');
      expect(launchModeOf({ MESSENGER_APP_SECRET: '', MESSENGER_PAGE_TOKEN: '' })).to.equal('sandbox');
    });

    it('refuses a half-filled .env, naming the missing variables', () => {
      expect(() => launchModeOf({ MESSENGER_APP_SECRET: 's' }, 'samples/echo')).to.throw(
        'MESSENGER_APP_SECRET is set but MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_TOKEN are missing. ' +
          'To serve the real webhook, fill them in (see samples/echo/.env.example); to try the local sandbox ' +
          'instead, empty MESSENGER_APP_SECRET.',
      );
      expect(() =>
        launchModeOf({ MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'v' }, 'samples/echo'),
      ).to.throw('MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN are set but MESSENGER_PAGE_TOKEN is missing.');
      expect(() => launchModeOf({ MESSENGER_PAGE_ID: '370873143344730' }, 'samples/echo')).to.throw(
        'MESSENGER_PAGE_ID is set but MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_TOKEN are missing.',
      );
    });

    it('stops the process with exit code 1 and the names, instead of starting the sandbox', function () {
      this.timeout(30_000);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'samples/echo/index.ts'], {
        cwd: ROOT,
        env: { ...process.env, MESSENGER_APP_SECRET: 'half', MESSENGER_VERIFY_TOKEN: '', MESSENGER_PAGE_TOKEN: '' },
        encoding: 'utf8',
        timeout: 25_000,
      });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain(
        '[echo] MESSENGER_APP_SECRET is set but MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_TOKEN are missing.',
      );
      expect(run.stdout).to.not.contain('Messenger sandbox');
    });
  });

  describe('ports', () => {
    it('names the variable of a port out of range', () => {
      expect(() => readPort('99999', 3000, 'SANDBOX_PORT')).to.throw(
        'SANDBOX_PORT must be a whole number from 0 to 65535, got "99999".',
      );
      expect(() => readPort('3000abc', 3978)).to.throw('PORT must be a whole number');
    });

    it('names PORT when the bot port is taken and SANDBOX_PORT when the sandbox port is', async () => {
      const { port, server } = await occupiedPort();
      try {
        const log = memoryOwnerLog();
        let error: unknown;
        await launchEcho({ PORT: String(port), SANDBOX_PORT: '0' }, log, () => {}).catch((e) => {
          error = e;
        });
        expect((error as Error).message).to.equal(
          `Port ${port} is already in use (PORT). Stop what listens there, or set PORT to a free port, ` +
            `e.g. \`PORT=${port + 1} npm run echo\` (or PORT=${port + 1} in .env).`,
        );
        error = undefined;
        await launchEcho({ PORT: '0', SANDBOX_PORT: String(port) }, log, () => {}).catch((e) => {
          error = e;
        });
        expect((error as Error).message).to.equal(
          `Port ${port} is already in use (SANDBOX_PORT). Stop what listens there, or set SANDBOX_PORT to a ` +
            `free port, e.g. \`SANDBOX_PORT=${port + 1} npm run echo\` (or SANDBOX_PORT=${port + 1} in .env).`,
        );
      } finally {
        server.close();
      }
    });
    it('sandbox/main.ts names BOT_PORT when the demo bot port is taken and PORT when the sandbox port is', async function () {
      this.timeout(60_000);
      const { port, server } = await occupiedPort();
      const run = (env: Record<string, string>) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, ...env },
          encoding: 'utf8',
          timeout: 25_000,
        });
      try {
        const bot = run({ BOT_PORT: String(port), PORT: '0' });
        expect([bot.status, bot.stderr.trim()]).to.deep.equal([
          1,
          `Could not start the sandbox: Port ${port} is already in use (BOT_PORT). Stop what listens there, or set ` +
            `BOT_PORT to a free port, e.g. \`BOT_PORT=${port + 1} npx tsx sandbox/main.ts\`.`,
        ]);
        const page = run({ BOT_PORT: '0', PORT: String(port) });
        expect([page.status, page.stderr.trim()]).to.deep.equal([
          1,
          `Could not start the sandbox: Port ${port} is already in use (PORT). Stop what listens there, or set ` +
            `PORT to a free port, e.g. \`PORT=${port + 1} npx tsx sandbox/main.ts\`.`,
        ]);
      } finally {
        server.close();
      }
    });
  });

  describe('each sample against the sandbox', () => {
    it('echo answers the sandbox user', async () => {
      const lines: string[] = [];
      const started = await launchEcho(NO_PORTS, memoryOwnerLog(), (line) => lines.push(line));
      try {
        expect(started.mode).to.equal('sandbox');
        const sandbox = started.sandbox!;
        expect(lines.join('\n')).to.contain(`Messenger sandbox: open ${sandbox.url}`);
        const user = sandbox.user();
        await user.say('hello there');
        expect((await user.nextReply()).text).to.equal('Echo: hello there');
      } finally {
        await started.close();
      }
    });

    it('existing-bot shows its carousel with pictures the sandbox serves', async () => {
      const started = await launchExistingBot(NO_PORTS, memoryOwnerLog(), () => {});
      try {
        const sandbox = started.sandbox!;
        const user = sandbox.user();
        await user.say('hi');
        expect((await user.nextReply()).text).to.equal('What would you like to do?');
        await user.tapQuickReply('Browse shirts');
        const carousel = await sandbox.waitFor(
          (sent) =>
            (sent.body.message as { attachment?: { payload?: { template_type?: string } } } | undefined)
              ?.attachment?.payload?.template_type === 'generic',
        );
        const elements = (carousel.body.message as { attachment: { payload: { elements: { image_url: string }[] } } })
          .attachment.payload.elements;
        expect(elements.map((element) => element.image_url)).to.deep.equal(
          ['linen', 'oxford', 'flannel'].map((name) => `${sandbox.url}/sandbox/media/shop/${name}-shirt.png`),
        );
        for (const element of elements) {
          const picture = await fetch(element.image_url);
          expect([picture.status, picture.headers.get('content-type')]).to.deep.equal([200, 'image/png']);
        }
      } finally {
        await started.close();
      }
    });

    it('instagram answers the sandbox Instagram user and says which tab to pick', async () => {
      const lines: string[] = [];
      const started = await launchInstagram(NO_PORTS, memoryOwnerLog(), (line) => lines.push(line));
      try {
        expect(lines.join('\n')).to.contain('pick the Instagram tab');
        const user = started.sandbox!.user(undefined, { platform: 'instagram' });
        await user.say('menu');
        const reply = await user.nextReply();
        expect(reply.platform).to.equal('instagram');
        expect(reply.text).to.be.a('string').and.not.equal('');
      } finally {
        await started.close();
      }
    });
  });

  describe('broadcast-progress on the command line', () => {
    it('reads --sandbox <users> and refuses what is not a number of users', () => {
      expect(parseSandboxUsers([])).to.equal(undefined);
      expect(parseSandboxUsers(['--sandbox'])).to.equal(200);
      expect(parseSandboxUsers(['--sandbox', '50'])).to.equal(50);
      for (const wrong of ['abc', '0', '2.5', '-3', '20000']) {
        expect(() => parseSandboxUsers(['--sandbox', wrong])).to.throw(
          `--sandbox takes a number of users from 1 to 10000, got ${JSON.stringify(wrong)}: e.g. \`npm run broadcast-progress -- --sandbox 200\`.`,
        );
      }
    });

    it('writes plain lines, at most one a second and the last, when the output is not a terminal', () => {
      const out = new PassThrough();
      let written = '';
      out.on('data', (chunk: Buffer) => {
        written += chunk.toString('utf8');
      });
      let now = 0;
      const draw = terminalProgress(out, { now: () => now });
      draw({ total: 4, done: 0, failed: 0, skipped: 0, active: 0 });
      now = 400;
      draw({ total: 4, done: 1, failed: 0, skipped: 0, active: 1 }); // too soon: no line
      now = 1100;
      draw({ total: 4, done: 2, failed: 0, skipped: 0, active: 1 });
      now = 1200;
      draw({ total: 4, done: 3, failed: 0, skipped: 1, active: 0 }); // the last: always
      expect(written).to.not.contain('\r');
      expect(written.split('\n')).to.deep.equal([
        '[░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░]   0% 0/4  sent 0  failed 0  skipped 0',
        '[███████████████░░░░░░░░░░░░░░░]  50% 2/4  sent 2  failed 0  skipped 0',
        '[██████████████████████████████] 100% 4/4  sent 3  failed 0  skipped 1',
        '',
      ]);
    });
  });
});
