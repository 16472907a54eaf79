/**
 * A botbuilder echo bot, installed from the packed tarball with only botbuilder, answering a
 * Messenger and an Instagram user of the local sandbox. test/package/packedTarball.test.ts compiles it
 * (skipLibCheck: false) and runs it; it prints the replies as JSON.
 */
import http from 'node:http';
import { ActivityHandler } from 'botbuilder';
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAdapter,
  messengerWebhook,
  RateLimitMiddleware,
} from 'botbuilder-adapter-messenger';
import { startSandbox } from 'botbuilder-adapter-messenger/sandbox';

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    appSecret: 'consumer-secret',
    verifyToken: 'consumer-verify',
    appId: '1517776481860111',
    pages: [{ id: '370873143344730', token: 'page-token', instagram: { id: '17841400000000001' } }],
  });
  const adapter = new MessengerAdapter({
    appSecret: 'consumer-secret',
    verifyToken: 'consumer-verify',
    accessToken: 'page-token',
    graphApiUrl: sandbox.graphApiUrl,
  });
  adapter.use(new HandoverMiddleware(), new AttachmentMiddleware(), new MessagingWindowMiddleware(), new RateLimitMiddleware());
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`${context.activity.channelId}: ${context.activity.text}`);
    await next();
  });
  const server = http.createServer(messengerWebhook(adapter, (context) => bot.run(context)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await sandbox.subscribe(`http://127.0.0.1:${port}/`);
  const messenger = sandbox.user();
  await messenger.say('hello');
  const instagram = sandbox.user(undefined, { platform: 'instagram' });
  await instagram.say('hi');
  const replies = [(await messenger.nextReply()).text, (await instagram.nextReply()).text];
  console.log(JSON.stringify(replies));
  await adapter.close();
  await sandbox.close();
  server.close();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
