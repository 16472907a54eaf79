import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'shutdown-test-app-secret';
const TOKEN = 'shutdown-test-page-token';

/**
 * Runs a sample as `npx tsx samples/<name>/index.ts` would, with credentials in the environment, but
 * in one process (`node --import tsx`): tsx's CLI relays a signal to its child and SIGKILLs it (exit
 * 143) when the child does not confirm within 30 ms, which a busy machine sometimes misses.
 */
function runSample(name: string): { child: ChildProcess; output: () => string; webhookUrl: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', `samples/${name}/index.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      MESSENGER_APP_SECRET: SECRET,
      MESSENGER_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
      MESSENGER_PAGE_TOKEN: TOKEN,
      MESSENGER_APP_ID: '1517776481860111',
      MESSENGER_PAGE_ID: '',
      PORT: '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const webhookUrl = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening webhook=(\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`sample exited with ${code} before listening:\n${output}`)),
    );
  });
  return { child, output: () => output, webhookUrl };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('samples: process lifecycle', () => {
  for (const [name, signal] of [
    ['echo', 'SIGTERM'],
    ['existing-bot', 'SIGINT'],
    ['contact-centre', 'SIGINT'],
    ['instagram', 'SIGTERM'],
    ['broadcast-progress', 'SIGTERM'],
  ] as const) {
    it(`${name}: reads the environment, serves the webhook, stops cleanly on ${signal}, logs no secrets`, async function () {
      this.timeout(60_000);
      const run = runSample(name);
      try {
        const webhookUrl = await run.webhookUrl;
        const res = await fetch(
          `${webhookUrl}?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=42`,
        );
        expect([res.status, await res.text()]).to.deep.equal([200, '42']);
        const exited = exitOf(run.child);
        run.child.kill(signal);
        expect(await exited).to.equal(0);
        expect(run.output()).to.contain(`shutting down signal=${signal}`);
        expect(run.output()).to.not.contain(SECRET);
        expect(run.output()).to.not.contain(TOKEN);
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
      }
    });
  }
});
