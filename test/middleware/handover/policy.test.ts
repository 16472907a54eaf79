import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import { createHandoffStatus, readThreadControlCommand } from '../../../adapter/handover/handoffEvents';
import { keywordMatcher, resolveHandoverPolicy } from '../../../middleware/handover/handoverOptions';
import { asHumanAgent, isHumanAgentActivity } from '../../../middleware/handover/humanAgent';
import { readInboundSignal } from '../../../middleware/handover/inboundSignals';
import {
  appRecord,
  controllerOf,
  isIdleByMeta,
  lastAgentActivity,
  statusForChange,
} from '../../../adapter/handover/threadOwnership';
import { CC_APP_ID, IG_INBOX, OUR_APP_ID, PAGE_INBOX, T0 } from './helpers';

describe('handover policy (pure)', () => {
  describe('controllerOf / statusForChange', () => {
    it('names who controls a thread', () => {
      expect(controllerOf(undefined, OUR_APP_ID)).to.equal('bot');
      expect(controllerOf({ appId: null, human: false, since: 0 }, undefined)).to.equal('bot');
      expect(controllerOf({ appId: OUR_APP_ID, human: false, since: 0 }, OUR_APP_ID)).to.equal('bot');
      expect(controllerOf({ appId: OUR_APP_ID, human: true, since: 0 }, OUR_APP_ID)).to.equal('agent');
      expect(controllerOf({ appId: null, human: true, since: 0 }, undefined)).to.equal('agent');
      expect(controllerOf({ appId: PAGE_INBOX, human: true, since: 0 }, OUR_APP_ID)).to.equal('app');
      // Without this app's id, a concrete id cannot be told from this app: another app (the bot stays quiet).
      expect(controllerOf({ appId: OUR_APP_ID, human: false, since: 0 }, undefined)).to.equal('app');
    });

    it('accepted when the thread leaves the bot, completed when it comes back, nothing between people', () => {
      expect(statusForChange('bot', 'app')).to.equal('accepted');
      expect(statusForChange('bot', 'agent')).to.equal('accepted');
      expect(statusForChange('app', 'bot')).to.equal('completed');
      expect(statusForChange('agent', 'bot')).to.equal('completed');
      expect(statusForChange('agent', 'app')).to.equal(undefined);
      expect(statusForChange('app', 'app')).to.equal(undefined);
    });

    it('counts idleness from the later of the change and the last agent message; Meta idles after 24 h', () => {
      const record = { ...appRecord(PAGE_INBOX, T0), agentAt: T0 + 5000 };
      expect(lastAgentActivity(record)).to.equal(T0 + 5000);
      expect(isIdleByMeta(record, T0 + 24 * 3600_000 - 1)).to.equal(false);
      expect(isIdleByMeta(record, T0 + 24 * 3600_000)).to.equal(true);
      expect(isIdleByMeta({ ...record, userAt: T0 + 3600_000 }, T0 + 24 * 3600_000)).to.equal(false);
    });
  });

  describe('createHandoffStatus', () => {
    it("builds EventFactory.createHandoffStatus's shape, addressed from the person", () => {
      const activity = createHandoffStatus(
        { channelId: 'facebook', accountId: '111', userId: '222', conversationId: '222-111' },
        'failed',
        'No agent is available',
        { trigger: 'pass', errorCode: 'GRAPH_ERROR' },
        T0,
      );
      expect(activity.id).to.match(/^[0-9a-f-]{36}$/);
      expect({ ...activity, id: undefined }).to.deep.equal({
        type: 'event',
        name: 'handoff.status',
        id: undefined,
        timestamp: new Date(T0),
        channelId: 'facebook',
        conversation: { id: '222-111' },
        from: { id: '222', role: 'user' },
        recipient: { id: '111', role: 'bot' },
        value: { state: 'failed', message: 'No agent is available' },
        channelData: { trigger: 'pass', errorCode: 'GRAPH_ERROR' },
      });
    });
  });

  describe('readThreadControlCommand', () => {
    const read = (name: string, value?: unknown, channelId: 'facebook' | 'instagram' = 'facebook') =>
      readThreadControlCommand({ type: 'event', name, value }, channelId, { targetAppId: undefined });

    it("reads handoff.initiate as a pass to the channel's inbox with the context as metadata", () => {
      expect(read('handoff.initiate', { skill: 'billing' })).to.deep.equal({
        kind: 'pass',
        targetAppId: PAGE_INBOX,
        metadata: '{"skill":"billing"}',
      });
      expect(read('handoff.initiate', undefined, 'instagram')).to.deep.equal({
        kind: 'pass',
        targetAppId: IG_INBOX,
        metadata: undefined,
      });
      const custom = readThreadControlCommand(
        { type: 'event', name: 'handoff.initiate', value: { a: 1 } },
        'facebook',
        {
          targetAppId: CC_APP_ID,
          handoffMetadata: (context) => `queue=${(context as { a: number }).a}`,
        },
      );
      expect(custom).to.deep.equal({ kind: 'pass', targetAppId: CC_APP_ID, metadata: 'queue=1' });
    });

    it('reads the .NET adapter events', () => {
      expect(read('pass_thread_control', 'inbox', 'instagram')).to.deep.equal({
        kind: 'pass',
        targetAppId: IG_INBOX,
        metadata: undefined,
      });
      expect(read('pass_thread_control', Number(CC_APP_ID))).to.deep.equal({
        kind: 'pass',
        targetAppId: CC_APP_ID,
        metadata: undefined,
      });
      expect(read('pass_thread_control', { target_app_id: CC_APP_ID, metadata: 'vip' })).to.deep.equal({
        kind: 'pass',
        targetAppId: CC_APP_ID,
        metadata: 'vip',
      });
      expect(read('pass_thread_control')).to.deep.equal({
        kind: 'pass',
        targetAppId: PAGE_INBOX,
        metadata: undefined,
      });
      expect(read('take_thread_control', 'back')).to.deep.equal({ kind: 'take', metadata: 'back' });
      expect(read('request_thread_control', { metadata: 'please' })).to.deep.equal({
        kind: 'request',
        metadata: 'please',
      });
      expect(read('release_thread_control')).to.deep.equal({ kind: 'release', metadata: undefined });
      expect(read('take_thread_control', 'x'.repeat(2000))).to.have.nested.property('metadata.length', 999);
    });

    it('ignores other activities and rejects a pass naming no app id', () => {
      expect(read('messenger.echo')).to.equal(undefined);
      expect(
        readThreadControlCommand({ type: 'message', text: 'handoff.initiate' }, 'facebook', {
          targetAppId: undefined,
        }),
      ).to.equal(undefined);
      expect(() => read('pass_thread_control', 'Page Inbox')).to.throw(MessengerError, /numeric Meta app id/);
    });
  });

  describe('readInboundSignal', () => {
    const at = new Date(T0);

    it('reads handover webhooks, with numeric or null app ids', () => {
      expect(
        readInboundSignal(
          {
            type: 'event',
            name: 'messenger.handover',
            timestamp: at,
            value: {
              action: 'pass_thread_control',
              previous_owner_app_id: null,
              new_owner_app_id: 263902037430900,
              metadata: 'm',
            },
          },
          'messaging',
          0,
        ),
      ).to.deep.equal({
        kind: 'handover',
        at: T0,
        handover: { kind: 'pass', previousOwnerAppId: undefined, newOwnerAppId: PAGE_INBOX, metadata: 'm' },
      });
      expect(
        readInboundSignal(
          {
            type: 'event',
            name: 'messenger.handover',
            value: { action: 'request_thread_control', requested_owner_app_id: 42 },
          },
          'messaging',
          T0,
        ),
      ).to.deep.equal({
        kind: 'handover',
        at: T0,
        handover: { kind: 'request', requestedOwnerAppId: '42', metadata: undefined },
      });
      expect(
        readInboundSignal(
          {
            type: 'event',
            name: 'messenger.handover',
            value: { action: 'app_roles', '1': ['primary_receiver'] },
          },
          'messaging',
          T0,
        ),
      ).to.deep.equal({ kind: 'none' });
    });

    it('reads echoes, standby messages and postbacks, and never throws on malformed fields', () => {
      const echo = { message: { is_echo: true, app_id: 263902037430900, mid: 'm_1', text: 'hi' } };
      expect(
        readInboundSignal(
          { type: 'event', name: 'messenger.echo', channelData: echo, timestamp: at },
          'messaging',
          0,
        ),
      ).to.deep.equal({
        kind: 'echo',
        appId: PAGE_INBOX,
        mid: 'm_1',
        delivery: 'messaging',
        at: T0,
      });
      expect(
        readInboundSignal(
          { type: 'event', name: 'messenger.standby', value: { postback: { payload: 'BOT' } } },
          'standby',
          T0,
        ),
      ).to.deep.equal({ kind: 'userMessage', text: 'BOT', delivery: 'standby', at: T0 });
      expect(
        readInboundSignal(
          { type: 'event', name: 'messenger.standby', value: { message: { text: 42 } } },
          'standby',
          T0,
        ),
      ).to.deep.equal({ kind: 'standbyOther', at: T0 });
      expect(readInboundSignal({ type: 'message', text: 'hi' }, 'messaging', T0)).to.deep.equal({
        kind: 'userMessage',
        text: 'hi',
        delivery: 'messaging',
        at: T0,
      });
      expect(readInboundSignal({ type: 'event', name: 'handoff.status' }, 'proactive', T0)).to.deep.equal({
        kind: 'none',
      });
      expect(readInboundSignal({ type: 'conversationUpdate' }, 'messaging', T0)).to.deep.equal({
        kind: 'none',
      });
    });
  });

  describe('options', () => {
    it('rejects wrong options with CONFIG_INVALID naming them', () => {
      const wrong = (options: unknown) => () => resolveHandoverPolicy(options as never);
      expect(wrong({ targetAppId: 'inbox' })).to.throw(
        MessengerError,
        /targetAppId must be the target's numeric Meta app id/,
      );
      expect(wrong({ takeBackAfterIdleMinutes: 0 })).to.throw(
        MessengerError,
        /takeBackAfterIdleMinutes must be more than 0/,
      );
      expect(wrong({ takeBackKeywords: ['  '] })).to.throw(MessengerError, /takeBackKeywords/);
      expect(wrong({ onHeldMessage: 'log' })).to.throw(MessengerError, /onHeldMessage must be a function/);
      expect(wrong({ targetAppID: '1' })).to.throw(MessengerError, /HandoverMiddleware/);
      try {
        resolveHandoverPolicy({ targetAppId: 'x' });
      } catch (error) {
        expect(error).to.include({ code: 'CONFIG_INVALID' });
      }
    });

    it('resolves defaults', () => {
      const policy = resolveHandoverPolicy({});
      expect(policy).to.include({
        targetAppId: undefined,
        takeBackAfterIdleMs: undefined,
        pauseBotOnHumanAgent: true,
      });
      expect(policy.isTakeBackKeyword('bot')).to.equal(false);
      expect(resolveHandoverPolicy({ takeBackAfterIdleMinutes: 1.5 }).takeBackAfterIdleMs).to.equal(90_000);
    });

    it('matches keywords whole, trimmed and ignoring case; a global RegExp every time', () => {
      const match = keywordMatcher(['Bot', 'MENU']);
      expect(match(' bot ')).to.equal(true);
      expect(match('menu')).to.equal(true);
      expect(match('bot please')).to.equal(false);
      const regex = keywordMatcher(/back/g);
      expect(regex('go back')).to.equal(true);
      expect(regex('go back')).to.equal(true);
      expect(keywordMatcher('human')('HUMAN')).to.equal(true);
    });
  });

  describe('human agent marking', () => {
    it('marks a copy, keeping the other channelData', () => {
      const original = { type: 'message', text: 'hi', channelData: { notification_type: 'NO_PUSH' } };
      const marked = asHumanAgent(original);
      expect(marked).to.deep.equal({
        type: 'message',
        text: 'hi',
        channelData: { notification_type: 'NO_PUSH', humanAgent: true },
      });
      expect(original.channelData).to.deep.equal({ notification_type: 'NO_PUSH' });
      expect(asHumanAgent('Hello')).to.deep.equal({
        type: 'message',
        text: 'Hello',
        channelData: { humanAgent: true },
      });
      expect(isHumanAgentActivity(marked)).to.equal(true);
      expect(isHumanAgentActivity({ channelData: { humanAgent: 'yes' } })).to.equal(false);
      expect(isHumanAgentActivity({})).to.equal(false);
    });
  });
});
