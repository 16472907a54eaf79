import { expect } from 'chai';
import type { TurnSource } from '../../../adapter/turnInfo';
import { eventTimestamp } from '../../../adapter/inbound';
import { userInteractionAt, windowOpenerOf } from '../../../middleware/messagingWindow/windowEvents';
import { events, fixtureEvent, T0 } from './helpers';

describe('messagingWindow / windowEvents', () => {
  describe('webhook fixtures: which events open the window', () => {
    const table: Array<[string, string | undefined]> = [
      ['messenger/text.json', 'message'],
      ['messenger/text-unicode.json', 'message'],
      ['messenger/attachments.json', 'message'],
      ['messenger/sticker.json', 'message'],
      ['messenger/location.json', 'message'],
      ['messenger/quoted-reply.json', 'message'],
      ['messenger/message-referral.json', 'message'],
      ['messenger/quick-reply.json', 'quick_reply'],
      ['messenger/postback.json', 'postback'],
      ['messenger/get-started.json', 'postback'],
      ['messenger/referral.json', 'referral'],
      ['messenger/referral-ad.json', 'referral'],
      ['messenger/reaction.json', 'reaction'],
      ['messenger/standby.json', 'message'],
      ['messenger/unreaction.json', undefined],
      ['messenger/echo.json', undefined],
      ['messenger/echo-inbox.json', undefined],
      ['messenger/standby-echo.json', undefined],
      ['messenger/delivery.json', undefined],
      ['messenger/read.json', undefined],
      ['messenger/optin.json', undefined],
      ['messenger/optin-user-ref.json', undefined],
      ['messenger/edit.json', undefined],
      ['messenger/unsend.json', undefined],
      ['messenger/pass-thread-control.json', undefined],
      ['messenger/take-thread-control.json', undefined],
      ['messenger/request-thread-control.json', undefined],
      ['messenger/app-roles.json', undefined],
      ['messenger/policy-enforcement.json', undefined],
      ['messenger/account-linking.json', undefined],
      ['messenger/feed-comment.json', undefined],
      ['instagram/text.json', 'message'],
      ['instagram/image.json', 'message'],
      ['instagram/story-mention.json', 'message'],
      ['instagram/story-reply.json', 'message'],
      ['instagram/unsupported.json', 'message'],
      ['instagram/quick-reply.json', 'quick_reply'],
      ['instagram/postback.json', 'postback'],
      ['instagram/referral.json', 'referral'],
      ['instagram/reaction.json', 'reaction'],
      ['instagram/standby.json', 'message'],
      ['instagram/unreaction.json', undefined],
      ['instagram/echo.json', undefined],
      ['instagram/seen.json', undefined],
      ['instagram/edit.json', undefined],
      ['instagram/unsend.json', undefined],
      ['instagram/comment.json', undefined],
      ['instagram/pass-thread-control.json', undefined],
    ];
    for (const [path, expected] of table) {
      it(`${path} -> ${expected ?? 'does not open'}`, () => {
        const { source, event } = fixtureEvent(path);
        expect(windowOpenerOf(source, event)).to.equal(expected);
      });
    }
  });

  it('a plugin opt-in (Send to Messenger) with a sender opens the window; a one-time-notification opt-in does not', () => {
    const plugin = {
      sender: { id: '6780462125377510' },
      recipient: { id: '370873143344730' },
      timestamp: T0,
      optin: { ref: 'landing' },
    };
    const otn = {
      ...plugin,
      optin: { type: 'one_time_notif_req', payload: 'BACK_IN_STOCK', one_time_notif_token: 'tok' },
    };
    expect(windowOpenerOf('messaging', plugin)).to.equal('optin');
    expect(windowOpenerOf('messaging', otn)).to.equal(undefined);
  });

  it('only messaging and standby deliveries count; proactive turns and changes[] never do', () => {
    const text = events.text('facebook', T0);
    const sources: Array<[TurnSource, string | undefined]> = [
      ['messaging', 'message'],
      ['standby', 'message'],
      ['changes', undefined],
      ['proactive', undefined],
    ];
    for (const [source, expected] of sources) expect(windowOpenerOf(source, text), source).to.equal(expected);
    expect(windowOpenerOf('messaging', undefined)).to.equal(undefined);
  });

  it('a malformed known event opens nothing instead of throwing', () => {
    const broken = {
      sender: { id: '1' },
      recipient: { id: '2' },
      timestamp: T0,
      message: { mid: 42, text: 7 },
    };
    expect(windowOpenerOf('messaging', broken)).to.equal(undefined);
  });

  describe('userInteractionAt', () => {
    it("uses the event's timestamp", () => {
      expect(userInteractionAt('messaging', events.text('facebook', T0 - 5000), T0)).to.equal(T0 - 5000);
    });

    it('reads a timestamp in seconds as the activity mapping does (one reading everywhere)', () => {
      const seconds = Math.floor((T0 - 5000) / 1000);
      const event = { ...events.text('facebook', T0), timestamp: seconds };
      expect(userInteractionAt('messaging', event, T0)).to.equal(seconds * 1000);
      expect(userInteractionAt('messaging', event, T0)).to.equal(eventTimestamp({ source: 'messaging', event, entryTime: undefined }));
    });

    it('never lets a timestamp from a clock ahead of ours stretch the window', () => {
      expect(userInteractionAt('messaging', events.text('facebook', T0 + 60_000), T0)).to.equal(T0);
    });

    it('falls back to now when the event carries no usable timestamp', () => {
      const text = events.text('facebook', T0 - 5000);
      expect(userInteractionAt('messaging', { ...text, timestamp: undefined }, T0)).to.equal(T0);
      expect(userInteractionAt('messaging', { ...text, timestamp: '1782894001000' }, T0)).to.equal(T0);
      expect(userInteractionAt('messaging', { ...text, timestamp: Number.NaN }, T0)).to.equal(T0);
    });

    it('is undefined for events that open no window', () => {
      expect(userInteractionAt('messaging', events.echo('facebook', T0), T0)).to.equal(undefined);
      expect(userInteractionAt('messaging', events.delivery('facebook', T0), T0)).to.equal(undefined);
      expect(userInteractionAt('messaging', events.marketingOptin('facebook', T0), T0)).to.equal(undefined);
    });
  });
});
