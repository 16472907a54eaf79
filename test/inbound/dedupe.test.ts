import { expect } from 'chai';
import { eventDedupeKey } from '../../adapter/inbound';
import type { WebhookEventRef } from '../../adapter/webhook/envelope';
import { fixtureNames } from '../fixtures';
import { onlyRef, refsOf } from './helpers';

const PAGE = '370873143344730';
const PSID = '6780462125377510';

function ref(event: Record<string, unknown>, accountId = PAGE): WebhookEventRef {
  return {
    object: 'page',
    channelId: 'facebook',
    accountId,
    entryTime: 1,
    source: 'messaging',
    event,
    index: 0,
  };
}

/** The event's object with its keys in reverse order, at every level (a re-serialised redelivery). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe('eventDedupeKey', () => {
  it('is the mid for messages, echoes and postbacks with a mid', () => {
    const mid = (name: string, key = 'message') => (onlyRef(name).event[key] as { mid: string }).mid;
    for (const name of [
      'messenger/text',
      'messenger/attachments',
      'messenger/echo',
      'instagram/story-mention',
      'messenger/standby',
    ]) {
      expect(eventDedupeKey(onlyRef(name)), name).to.equal(mid(name));
    }
    expect(eventDedupeKey(onlyRef('messenger/postback'))).to.equal(mid('messenger/postback', 'postback'));
  });

  it('is the same for a redelivered event (fresh parse, keys in another order)', () => {
    for (const name of fixtureNames()) {
      const first = refsOf(name).refs;
      const again = refsOf(name).refs;
      first.forEach((r, i) => {
        const key = eventDedupeKey(r);
        expect(eventDedupeKey(again[i]!), name).to.equal(key);
        expect(eventDedupeKey({ ...r, event: reversed(r.event) as Record<string, unknown> }), name).to.equal(
          key,
        );
        const moved: WebhookEventRef = { ...r, index: 99, entryTime: 1 };
        expect(eventDedupeKey(moved), name).to.equal(key);
      });
    }
  });

  it('is distinct for every distinct event of the fixtures', () => {
    const keys = fixtureNames().flatMap((name) => refsOf(name).refs.map((r) => eventDedupeKey(r)));
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('keeps unsend, edit and reaction apart from the message they carry the mid of', () => {
    const original = eventDedupeKey(onlyRef('messenger/text-before-unsend'));
    const unsend = eventDedupeKey(onlyRef('messenger/unsend'));
    const edit = eventDedupeKey(onlyRef('messenger/edit'));
    expect(unsend).to.equal(`${original}:deleted`);
    expect(edit).to.equal(`${original}:edit:1`);
    const reaction = onlyRef('messenger/reaction');
    const target = (reaction.event.reaction as { mid: string }).mid;
    expect(eventDedupeKey(reaction))
      .to.match(/^reaction:[A-Za-z0-9_-]{22}$/)
      .and.not.include(target);
    const igOriginal = (onlyRef('instagram/unsend').event.message as { mid: string }).mid;
    expect(eventDedupeKey(onlyRef('instagram/edit'))).to.equal(`${igOriginal}:edit:2`);
  });

  it('tells a second edit, and a second identical reaction, from the first', () => {
    const edit = (n: number) =>
      ref({
        sender: { id: PSID },
        recipient: { id: PAGE },
        timestamp: 10 + n,
        message_edit: { mid: 'm_1', text: 'x', num_edit: n },
      });
    expect(eventDedupeKey(edit(1))).to.not.equal(eventDedupeKey(edit(2)));
    const react = (timestamp: number, action = 'react') =>
      ref({
        sender: { id: PSID },
        recipient: { id: PAGE },
        timestamp,
        reaction: { mid: 'm_1', action, reaction: 'love' },
      });
    const keys = [react(100), react(200, 'unreact'), react(300)].map(eventDedupeKey);
    expect(new Set(keys).size).to.equal(3);
    expect(eventDedupeKey(react(100))).to.equal(keys[0]);
  });

  it('derives keys for events without a mid, per account', () => {
    const read = { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 5, read: { watermark: 4 } };
    expect(eventDedupeKey(ref(read))).to.match(/^read:/);
    expect(eventDedupeKey(ref(read))).to.not.equal(eventDedupeKey(ref(read, '404217156637689')));
    const noMid = ref({
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: 5,
      message: { text: 'hi' },
    });
    expect(eventDedupeKey(noMid)).to.match(/^message:[A-Za-z0-9_-]{22}$/);
    const edit = ref({
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: 5,
      message_edit: { mid: 'm_1', text: 'x' },
    });
    expect(eventDedupeKey(edit)).to.match(/^messageEdit:/);
    const comment = onlyRef('messenger/feed-comment');
    expect(eventDedupeKey(comment)).to.match(/^change:/);
    expect(eventDedupeKey(onlyRef('messenger/account-linking'))).to.match(/^unknown:/);
  });
});
