/**
 * One bot instance for the multi-process fault tests: a node http server with a `MessengerAdapter`
 * on durable intake over the Redis given in `REDIS_URL`. Every finished turn is reported to the
 * parent over IPC (`{ ran: text }`), which stands for the bot's side effect. Started with `fork`;
 * sends `{ port }` when listening, closes gracefully on SIGTERM (SIGKILL is the fault under test).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { RedisStateStore } from '../../../adapter/state/redisStateStore';
import { TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../../helpers/webhookRequests';

const store = new RedisStateStore({
  url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6390/0',
  prefix: process.env.PREFIX ?? 'fault:',
  commandTimeoutMs: 500,
});
const adapter = new MessengerAdapter({
  appSecret: TEST_APP_SECRET,
  verifyToken: TEST_VERIFY_TOKEN,
  accessToken: 'page-token',
  graphApiUrl: 'http://127.0.0.1:9',
  store,
  durableIntake: { leaseMs: Number(process.env.LEASE_MS ?? 1500), pollMs: 10, partitions: 8 },
  logger: { error: () => {} },
});
const turnMs = Number(process.env.TURN_MS ?? 5);
const logic = async (context: TurnContext): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, turnMs));
  process.send?.({ ran: context.activity.text ?? '' });
};
adapter.setBotLogic(logic);

const server = createServer((req, res) => {
  void adapter.process(req, res, logic);
});
server.keepAliveTimeout = 1000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.once('SIGTERM', () => {
  server.close();
  void adapter
    .close({ deadlineMs: 2000 })
    .then(() => store.close())
    .finally(() => process.exit(0));
});
