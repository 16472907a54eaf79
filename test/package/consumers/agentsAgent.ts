/**
 * An Agents SDK AgentApplication (Messenger) and ActivityHandler (Instagram), installed from the
 * packed tarball with only the Agents SDK, answering users of the local sandbox.
 * test/package/packedTarball.test.ts compiles it (skipLibCheck: false) and runs it; it prints the
 * replies as JSON.
 */
import http from 'node:http';
import { ActivityHandler, AgentApplication, TurnState } from '@microsoft/agents-hosting';
import {
  AttachmentMiddleware,
  HandoverMiddleware,
  MessagingWindowMiddleware,
  MessengerAgentsAdapter,
  messengerWebhook,
  RateLimitMiddleware,
} from 'botbuilder-adapter-messenger/agents';
import { startSandbox } from 'botbuilder-adapter-messenger/sandbox';

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    appSecret: 'consumer-secret',
    verifyToken: 'consumer-verify',
    appId: '1517776481860111',
    pages: [{ id: '370873143344730', token: 'page-token', instagram: { id: '17841400000000001' } }],
  });
  const adapter = new MessengerAgentsAdapter({
    appSecret: 'consumer-secret',
    verifyToken: 'consumer-verify',
    accessToken: 'page-token',
    graphApiUrl: sandbox.graphApiUrl,
  });
  adapter.use(new HandoverMiddleware(), new AttachmentMiddleware(), new MessagingWindowMiddleware(), new RateLimitMiddleware());
  const app = new AgentApplication<TurnState>();
  app.onActivity('message', async (context) => {
    await context.sendActivity(`app: ${context.activity.text}`);
  });
  const handler = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`handler: ${context.activity.text}`);
    await next();
  });
  const server = http.createServer(
    messengerWebhook(adapter, (context) => (context.activity.channelId === 'instagram' ? handler.run(context) : app.run(context))),
  );
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
