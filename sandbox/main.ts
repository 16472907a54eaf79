/**
 * `npx tsx sandbox/main.ts`: the sandbox with the demo bot. `npm start` will run the contact-centre
 * sample instead, through the same `startLocal`.
 *
 * Environment: `PORT` (sandbox, default 3000), `BOT_PORT` (demo bot, default 3978).
 *
 * @module
 */
import { startDemoBot } from './demo/demoBot';
import { startLocal } from './local';

async function main(): Promise<void> {
  const { close } = await startLocal(
    (settings) => startDemoBot(settings, Number(process.env.BOT_PORT ?? 3978)),
    {
      port: Number(process.env.PORT ?? 3000),
    },
  );
  const stop = () => {
    close().then(
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
