/**
 * Starts the sandbox and a bot behind a real `MessengerAdapter` over HTTP, as `npm start` does, runs
 * `test`, and closes both.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActivityHandler } from 'botbuilder';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { type Sandbox, startLocal } from '../../sandbox';

export async function withSandbox(
  bot: Pick<ActivityHandler, 'run'>,
  test: (sandbox: Sandbox, adapter: MessengerAdapter) => Promise<void>,
): Promise<void> {
  let adapter: MessengerAdapter | undefined;
  const local = await startLocal(
    async (settings) => {
      adapter = new MessengerAdapter({ ...settings, logger: { error: () => {} } });
      const ready = adapter;
      const server = createServer((req, res) => void ready.process(req, res, (context) => bot.run(context)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        webhookUrl: `http://127.0.0.1:${port}/api/messages`,
        close: async () => {
          await ready.close();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    },
    { port: 0, print: () => {} },
  );
  try {
    await test(local.sandbox, adapter!);
  } finally {
    await local.close();
  }
}
