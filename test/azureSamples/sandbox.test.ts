import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { ActivityHandler } from 'botbuilder';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { LOCAL_SETTINGS, type Sandbox, startLocal } from '../../sandbox';
import { AttachmentsBot } from './bots/attachments';
import { SuggestedActionsBot } from './bots/suggestedActions';

/** Starts the sandbox and `bot` behind a real adapter over HTTP, as `npm start` does. */
async function withSandbox(bot: Pick<ActivityHandler, 'run'>, test: (sandbox: Sandbox, adapter: MessengerAdapter) => Promise<void>) {
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

describe("Microsoft's samples against the sandbox (profiles and uploads as the sandbox's Graph serves them)", () => {
  it('08 welcomes each person by the name the profile API gives, on Messenger and Instagram', () =>
    withSandbox(new SuggestedActionsBot(), async (sandbox, adapter) => {
      const { pageId, instagramAccountId } = LOCAL_SETTINGS;
      await adapter.graph.setMessengerProfile(pageId, { get_started: { payload: 'GET_STARTED' } });
      const iceBreaker = { question: 'Get started', payload: 'GET_STARTED' };
      await adapter.graph.setMessengerProfile(
        instagramAccountId,
        { ice_breakers: [{ call_to_actions: [iceBreaker], locale: 'default' }] },
        'instagram',
      );
      for (const platform of ['messenger', 'instagram'] as const) {
        const user = sandbox.user(undefined, { platform });
        await user.postback('GET_STARTED');
        const welcome = await user.nextReply();
        expect(welcome.text).to.equal(
          'Welcome to suggestedActionsBot Jordan Rivera. This bot will introduce you to Suggested Actions. Please select an option:',
        );
      }
    }));

  it("15's inline and uploaded images are accepted on Instagram (platform instagram)", () =>
    withSandbox(new AttachmentsBot(), async (sandbox, adapter) => {
      const user = sandbox.user(undefined, { platform: 'instagram' });
      await user.say('1');
      await user.say('3');
      await adapter.whenIdle();
      await sandbox.idle();
      const images = sandbox
        .sent({ userId: user.id })
        .map((sent) => (sent.body.message as { attachment?: { type: string; payload: { attachment_id?: string } } }).attachment)
        .filter((attachment) => attachment?.type === 'image');
      expect(images).to.have.length(2);
      for (const image of images) expect(image?.payload.attachment_id).to.match(/^\d+$/);
    }));
});
