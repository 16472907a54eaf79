import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import type { ThreadControlRequest } from '../../../middleware/handover';
import {
  CC_APP_ID,
  events,
  FB,
  graphError,
  Harness,
  NOT_OWNER_SEND,
  OUR_APP_ID,
  PAGE_INBOX,
  T0,
  USER_ID,
} from './helpers';

describe('HandoverMiddleware: requests from other apps, and refusals', () => {
  let h: Harness;

  afterEach(async () => {
    await h.close();
    nock.cleanAll();
  });

  describe('request_thread_control from another app', () => {
    it('is granted by default while the bot has the thread: pass to the requester, then accepted', async () => {
      h = new Harness();
      await h.messaging(FB, events.request(FB, T0, Number(CC_APP_ID), 'agent Kim wants to help'));
      expect(h.graph.calls).to.deep.equal([
        { path: '/me/pass_thread_control', body: { recipient: { id: USER_ID }, target_app_id: CC_APP_ID } },
      ]);
      expect(h.kinds()).to.deep.equal(['event:messenger.handover', 'event:handoff.status']);
      expect(h.statuses()).to.deep.equal([
        { value: { state: 'accepted' }, channelData: { trigger: 'request', ownerAppId: CC_APP_ID } },
      ]);
      expect(await h.record(FB)).to.deep.equal({ appId: CC_APP_ID, human: true, since: T0 });
    });

    it('goes to onThreadControlRequest, which can refuse it', async () => {
      const seenBy: (string | undefined)[] = [];
      const hook = sinon.spy(async (context: TurnContext, _request: ThreadControlRequest) => {
        seenBy.push(context.activity.name);
        return false;
      });
      h = new Harness({ middleware: { onThreadControlRequest: hook } });
      await h.messaging(FB, events.request(FB, T0, CC_APP_ID, 'please'));
      expect(hook.calledOnce).to.equal(true);
      expect(hook.firstCall.args[1]).to.deep.equal({
        requestedOwnerAppId: CC_APP_ID,
        metadata: 'please',
        controller: 'bot',
      });
      expect(seenBy).to.deep.equal(['messenger.handover']);
      expect(h.graph.calls).to.deep.equal([]);
      expect(h.statuses()).to.deep.equal([]);
    });

    it('is refused by default while a human agent of this app writes', async () => {
      h = new Harness();
      await h.proactive(FB, async (context) => {
        await context.sendActivity({ text: 'Hi, Ana from support here.', channelData: { humanAgent: true } });
      });
      expect(await h.record(FB)).to.deep.include({ appId: OUR_APP_ID, human: true });
      h.now = T0 + 1000;
      await h.messaging(FB, events.request(FB, T0 + 1000, CC_APP_ID));
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal(['/me/messages']);
    });
  });

  describe('Graph refusing the pass', () => {
    it('sends failed with the reason in value.message, and the bot keeps the thread', async () => {
      h = new Harness();
      h.graph.failNext(
        'pass_thread_control',
        graphError(10, '(#10) Application does not have permission for this action'),
        403,
      );
      await h.messaging(FB, events.text(FB, T0, 'agent'));
      const statuses = h.statuses();
      expect(statuses).to.have.length(1);
      const [failed] = statuses as [{ value: { state: string; message: string }; channelData: unknown }];
      expect(failed.value.state).to.equal('failed');
      expect(failed.value.message).to.match(/lacks a permission/);
      expect(failed.channelData).to.deep.equal({ trigger: 'pass', errorCode: 'PERMISSION_DENIED' });
      // The bot still has the thread: its answer to `failed` goes out.
      expect(h.graph.texts()).to.deep.equal(['Connecting you with a person.', 'Handoff failed.']);
      expect(await h.record(FB)).to.equal(undefined);
      expect(h.errors).to.deep.equal([]);
    });

    it('records another owner when Graph says this app does not own the thread (100/2534037)', async () => {
      h = new Harness();
      h.graph.failNext(
        'pass_thread_control',
        graphError(100, "(#100) The action is invalid since it's not the thread owner.", 2534037),
      );
      await h.messaging(FB, events.text(FB, T0, 'agent'));
      expect(h.statuses()).to.have.length(1);
      expect(h.statuses()[0]).to.deep.include({
        channelData: { trigger: 'pass', errorCode: 'NOT_THREAD_OWNER' },
      });
      expect(await h.record(FB)).to.deep.equal({ appId: 'unknown', human: true, since: T0 });
      expect(h.heldTexts()).to.deep.equal(['Handoff failed.']);
    });

    it('a take refused sends failed and leaves the other app in control', async () => {
      h = new Harness();
      await h.messaging(FB, events.take(FB, T0, OUR_APP_ID, PAGE_INBOX));
      h.graph.failNext(
        'take_thread_control',
        graphError(10, '(#10) Take thread control is not allowed.', 2018171),
      );
      h.now = T0 + 1000;
      await h.proactive(FB, (context) =>
        context.sendActivity({ type: 'event', name: 'take_thread_control' }).then(() => undefined),
      );
      expect(h.graph.calls.map((call) => call.path)).to.deep.equal(['/me/take_thread_control']);
      expect(await h.record(FB)).to.deep.include({ appId: PAGE_INBOX });
    });
  });

  describe('a human agent writing through this app (a console built on the package)', () => {
    it('is never held, holds the bot afterwards, and a 2018300 reaches the console as NOT_THREAD_OWNER', async () => {
      h = new Harness();
      await h.proactive(FB, async (context) => {
        await context.sendActivity({
          text: 'Ana here, I will check your order.',
          channelData: { humanAgent: true },
        });
      });
      expect(h.graph.texts()).to.deep.equal(['Ana here, I will check your order.']);
      expect(await h.record(FB)).to.deep.equal({ appId: OUR_APP_ID, human: true, since: T0, agentAt: T0 });

      // The person writes: delivered on messaging (this app owns the thread); the console logic sees
      // a message, the bot's automatic reply is held.
      h.now = T0 + 1000;
      await h.messaging(FB, events.text(FB, T0 + 1000, 'ok thanks'));
      expect(h.kinds().at(-1)).to.equal('message');
      expect(h.heldTexts()).to.deep.equal(['You said: ok thanks']);

      // The Inbox took the thread meanwhile: the agent's message is refused, and the console is told.
      h.graph.failNext('messages', NOT_OWNER_SEND);
      await h.proactive(FB, async (context) => {
        await context.sendActivity({ text: 'Still checking...', channelData: { humanAgent: true } });
      });
      expect(h.errors).to.have.length(1);
      expect(h.errors[0]).to.include({ code: 'NOT_THREAD_OWNER', graphSubcode: 2018300 });
      expect(h.heldTexts()).to.deep.equal(['You said: ok thanks']);
      expect(await h.record(FB)).to.deep.include({ appId: 'unknown', human: true });
    });

    it('with pauseBotOnHumanAgent false, the bot keeps answering', async () => {
      h = new Harness({ middleware: { pauseBotOnHumanAgent: false } });
      await h.proactive(FB, async (context) => {
        await context.sendActivity({ text: 'Ana here.', channelData: { humanAgent: true } });
      });
      await h.messaging(FB, events.text(FB, T0 + 1, 'hi'));
      expect(h.graph.texts()).to.deep.equal(['Ana here.', 'You said: hi']);
      expect(await h.record(FB)).to.equal(undefined);
    });
  });
});
