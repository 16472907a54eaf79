/**
 * The package as users get it: `npm pack` (its `prepack` builds dist/), installed into fresh projects
 * with only one framework each. Each entry point's types compile there with `skipLibCheck: false`, and
 * the code runs: the README's hello world and a sandbox bot with only botbuilder; an AgentApplication
 * and an ActivityHandler agent with only the Agents SDK. express is installed too: the sandbox (and
 * the hello world) use it. npm uses its cache (`--prefer-offline`); bounded by generous timeouts.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const COMMON = ['express@5', 'typescript@5.9', '@types/node@20'];

const COMPILER_OPTIONS = {
  strict: true,
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
  target: 'es2022',
  esModuleInterop: true,
  types: ['node'],
  outDir: 'out',
};
/**
 * botbuilder's own dependencies (@azure/msal-node's .d.cts) do not compile under `node16` with
 * `skipLibCheck: false`, so the botbuilder project uses the classic `commonjs` / `node` resolution
 * that botbuilder's samples use (the package's `typesVersions` maps its subpaths there); the Agents
 * project uses `node16`, which reads the package's `exports`.
 */
const RESOLUTION = {
  botbuilder: { module: 'commonjs', moduleResolution: 'node' },
  agents: { module: 'node16', moduleResolution: 'node16' },
} as const;

/** The README's hello world (the first ```ts block after "## Hello world"). */
function readmeHelloWorld(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Hello world'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README.md has no ```ts block under "## Hello world"');
  return match[1];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function project(name: keyof typeof RESOLUTION, tarball: string, packages: string[], files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), `bam-${name}-`));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true }));
  await run(NPM, [...INSTALL, tarball, ...packages, ...COMMON], { cwd: dir, timeout: 120_000 });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, ...RESOLUTION[name] }, files: Object.keys(files) }),
  );
  const tsc = path.join(dir, 'node_modules/typescript/bin/tsc');
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 }).catch((error: { stdout?: string }) => {
    throw new Error(`The ${name} project does not compile:\n${error.stdout ?? String(error)}`);
  });
  return dir;
}

async function printedReplies(dir: string, script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [path.join('out', script)], { cwd: dir, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
}

function isInstalled(dir: string, name: string): boolean {
  try {
    require.resolve(name, { paths: [dir] });
    return true;
  } catch {
    return false;
  }
}

describe('The packed tarball in fresh projects', function () {
  this.timeout(240_000);
  let packDir: string;
  let tarball: string;
  const dirs: string[] = [];

  before(async () => {
    packDir = mkdtempSync(path.join(tmpdir(), 'bam-pack-'));
    const { stdout } = await run(NPM, ['pack', '--pack-destination', packDir, '--loglevel=error'], { cwd: ROOT, timeout: 180_000 });
    tarball = path.join(packDir, stdout.trim().split('\n').pop() ?? '');
    const { stdout: listing } = await run('tar', ['tzf', tarball]);
    for (const file of [
      'package/dist/adapter/index.js',
      'package/dist/adapter/index.d.ts',
      'package/dist/adapter/agents/index.js',
      'package/dist/adapter/agents/index.d.ts',
      'package/dist/middleware/index.d.ts',
      'package/dist/sandbox/index.js',
      'package/dist/sandbox/web/index.html',
    ]) {
      expect(listing.split('\n'), file).to.include(file);
    }
  });
  after(() => {
    for (const dir of [packDir, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('with only botbuilder: the README hello world compiles and answers Meta, a sandbox bot answers on Messenger and Instagram', async () => {
    const hello = readmeHelloWorld().replace('.listen(3978)', '.listen(Number(process.env.PORT))');
    expect(hello).to.include('process.env.PORT'); // the block still ends with its listen call
    const sandboxBot = readFileSync(path.join(__dirname, 'consumers/botbuilderSandbox.ts'), 'utf8');
    const dir = await project('botbuilder', tarball, ['botbuilder@4.23', '@types/express@5'], {
      'hello.ts': hello,
      'sandboxBot.ts': sandboxBot,
    });
    dirs.push(dir);
    expect(isInstalled(dir, '@microsoft/agents-hosting')).to.equal(false);

    expect(await printedReplies(dir, 'sandboxBot.js')).to.deep.equal(['facebook: hello', 'instagram: hi']);

    const port = await freePort();
    const env = { ...process.env, PORT: String(port), MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'verify-me', MESSENGER_PAGE_TOKEN: 't' };
    const child: ChildProcess = spawn(process.execPath, [path.join('out', 'hello.js')], { cwd: dir, env, stdio: 'ignore' });
    try {
      const url = `http://127.0.0.1:${port}/api/messages?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`;
      let answer: { status: number; body: string } | undefined;
      for (let attempt = 0; attempt < 100 && answer === undefined; attempt++) {
        answer = await httpGet(url).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
      }
      expect(answer).to.deep.equal({ status: 200, body: '1158201444' });
    } finally {
      child.kill();
    }
  });

  it('with only the Agents SDK: an AgentApplication and an ActivityHandler agent compile and answer on Messenger and Instagram', async () => {
    const agent = readFileSync(path.join(__dirname, 'consumers/agentsAgent.ts'), 'utf8');
    const dir = await project('agents', tarball, ['@microsoft/agents-hosting@1.8', '@microsoft/agents-activity@1.8'], {
      'agent.ts': agent,
    });
    dirs.push(dir);
    expect(isInstalled(dir, 'botbuilder')).to.equal(false);
    expect(await printedReplies(dir, 'agent.js')).to.deep.equal(['app: hello', 'handler: hi']);
  });
});
