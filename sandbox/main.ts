/**
 * `npx tsx sandbox/main.ts`: the sandbox with the demo bot. `npm start` runs the contact-centre
 * sample instead, through the same `startLocal`.
 *
 * Environment: `PORT` (sandbox, default 3000), `BOT_PORT` (demo bot, default 3978). A port that is
 * out of range or already in use is reported with the variable that moves it.
 *
 * @module
 */
// A development script (not built nor published): it shares the samples' port handling.
import { readPort } from '../samples/common/env';
import { startLocalOnPorts } from '../samples/common/launch';
import { startDemoBot } from './demo/demoBot';

async function main(): Promise<void> {
  const botPort = readPort(process.env.BOT_PORT, 3978, 'BOT_PORT');
  const sandboxPort = readPort(process.env.PORT, 3000, 'PORT');
  const { local } = await startLocalOnPorts((settings) => startDemoBot(settings, botPort), {
    bot: { port: botPort, variable: 'BOT_PORT' },
    sandbox: { port: sandboxPort, variable: 'PORT' },
    command: 'npx tsx sandbox/main.ts',
    readsEnvFile: false,
  });
  const stop = () => {
    local.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Could not start the sandbox: ${(error as Error).message}`);
  process.exitCode = 1;
});
