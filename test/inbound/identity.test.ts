import { expect } from 'chai';
import sinon from 'sinon';
import {
  eventConversationId,
  eventTimestamp,
  eventToActivities,
  eventUserId,
  toEpochMs,
} from '../../adapter/inbound';
import type { WebhookEventRef } from '../../adapter/webhook/envelope';
import { fixtureNames } from '../fixtures';
import { onlyRef, refsOf } from './helpers';

const PAGE = '370873143344730';
const PSID = '6780462125377510';

function ref(event: Record<string, unknown>, extra: Partial<WebhookEventRef> = {}): WebhookEventRef {
  return {
    object: 'page',
    channelId: 'facebook',
    accountId: PAGE,
    entryTime: 1782894000170,
    source: 'messaging',
    event,
    index: 0,
    ...extra,
  };
}

describe('event identity', () => {
  describe('eventUserId / eventConversationId', () => {
    it('is the sender for user events, and the conversation is user-account', () => {
      const r = onlyRef('messenger/text');
      expect(eventUserId(r)).to.equal(PSID);
      expect(eventConversationId(r)).to.equal(`${PSID}-${PAGE}`);
      const ig = onlyRef('instagram/reaction');
      expect(eventConversationId(ig)).to.equal('7190835724411234-17841400123456789');
    });

    it('is the recipient for echoes (also under standby)', () => {
      for (const name of ['messenger/echo', 'messenger/standby-echo']) {
        expect(eventUserId(onlyRef(name)), name).to.equal(PSID);
        expect(eventConversationId(onlyRef(name)), name).to.equal(`${PSID}-${PAGE}`);
      }
      expect(eventUserId(onlyRef('instagram/echo'))).to.equal('7190835724411234');
    });

    it('takes the recipient of an echo even when the sender id is not the entry id (Instagram Login ids)', () => {
      const echo = ref(
        {
          sender: { id: '25964748486442669' },
          recipient: { id: '7190835724411234' },
          message: { mid: 'aWdf', is_echo: true },
        },
        { object: 'instagram', channelId: 'instagram', accountId: '17841400123456789' },
      );
      expect(eventUserId(echo)).to.equal('7190835724411234');
    });

    it('takes the other side when a delivery / read arrives with sender and recipient swapped', () => {
      const swapped = ref({
        sender: { id: PAGE },
        recipient: { id: PSID },
        delivery: { mids: ['m_1'], watermark: 1 },
      });
      expect(eventUserId(swapped)).to.equal(PSID);
    });

    it('is undefined for account-level events and changes[], whose conversation is the account', () => {
      for (const name of [
        'messenger/app-roles',
        'messenger/policy-enforcement',
        'messenger/optin-user-ref',
        'messenger/feed-comment',
        'instagram/comment',
      ]) {
        const r = onlyRef(name);
        expect(eventUserId(r), name).to.equal(undefined);
        expect(eventConversationId(r), name).to.equal(r.accountId);
      }
      expect(
        eventUserId(ref({ sender: { user_ref: 'cb_1' }, recipient: { id: PAGE }, message: { mid: 'm_1' } })),
      ).to.equal(undefined);
    });

    it('agrees with the from / recipient of every mapped activity of every fixture', () => {
      for (const name of fixtureNames()) {
        for (const r of refsOf(name).refs) {
          for (const activity of eventToActivities(r)) {
            expect(activity.conversation, name).to.deep.equal({ id: eventConversationId(r) });
            const userId = eventUserId(r);
            if (userId !== undefined)
              expect([activity.from?.id, activity.recipient?.id], name).to.include(userId);
          }
        }
      }
    });
  });

  describe('eventTimestamp', () => {
    it('is the event timestamp in ms', () => {
      expect(eventTimestamp(onlyRef('messenger/text'))).to.equal(1782894001000);
    });

    it('falls back to the entry time (delivery events have none of their own)', () => {
      expect(eventTimestamp(onlyRef('messenger/delivery'))).to.equal(1782894014000);
    });

    it('converts feed created_time and entry times given in seconds', () => {
      expect(eventTimestamp(onlyRef('messenger/feed-comment'))).to.equal(1782894038000);
      expect(eventTimestamp(onlyRef('instagram/comment'))).to.equal(1782894066000);
      expect(
        eventTimestamp(ref({ field: 'mentions', value: { timestamp: 1782894070 } }, { source: 'changes' })),
      ).to.equal(1782894070000);
    });

    it('uses the clock only when there is no time at all', () => {
      const clock = sinon.useFakeTimers({ now: 1782899999999 });
      try {
        expect(
          eventTimestamp(ref({ sender: { id: PSID }, recipient: { id: PAGE } }, { entryTime: undefined })),
        ).to.equal(1782899999999);
        expect(eventTimestamp(ref({ timestamp: Number.NaN }, { entryTime: 1782894000000 }))).to.equal(
          1782894000000,
        );
      } finally {
        clock.restore();
      }
    });

    it('toEpochMs reads values below 1e11 as seconds', () => {
      expect(toEpochMs(1782894038)).to.equal(1782894038000);
      expect(toEpochMs(1782894038000)).to.equal(1782894038000);
      expect(toEpochMs(99_999_999_999)).to.equal(99_999_999_999_000);
      expect(toEpochMs(100_000_000_000)).to.equal(100_000_000_000);
    });
  });
});
