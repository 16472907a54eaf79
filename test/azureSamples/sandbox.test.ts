import { expect } from 'chai';
import { LOCAL_SETTINGS } from '../../sandbox';
import { withSandbox } from '../helpers/sandboxWithAdapter';
import { AttachmentsBot } from './bots/attachments';
import { SuggestedActionsBot } from './bots/suggestedActions';

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
