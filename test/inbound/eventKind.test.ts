import { expect } from 'chai';
import fc from 'fast-check';
import { classifyEvent, eventDedupeKey, eventToActivities } from '../../adapter/inbound';
import { parseEnvelope, type WebhookEventRef } from '../../adapter/webhook/envelope';
import { fixtureNames } from '../fixtures';
import { deepFreeze, onlyRef, refsOf } from './helpers';

const PAGE = '370873143344730';
const PSID = '6780462125377510';

function ref(body: Record<string, unknown>): WebhookEventRef {
  return {
    object: 'page',
    channelId: 'facebook',
    accountId: PAGE,
    entryTime: 1782894000170,
    source: 'messaging',
    event: deepFreeze({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1782894000000, ...body }),
    index: 0,
  };
}

describe('classifyEvent', () => {
  it('names the kind of every fixture', () => {
    const kinds = Object.fromEntries(
      fixtureNames()
        .filter((name) => name !== 'messenger/batch')
        .map((name) => [name, classifyEvent(onlyRef(name)).kind]),
    );
    expect(kinds).to.deep.equal({
      'messenger/account-linking': 'unknown',
      'messenger/app-roles': 'handover',
      'messenger/attachments': 'message',
      'messenger/delivery': 'delivery',
      'messenger/echo': 'echo',
      'messenger/echo-inbox': 'echo',
      'messenger/edit': 'messageEdit',
      'messenger/fallback': 'message',
      'messenger/feed-comment': 'change',
      'messenger/get-started': 'postback',
      'messenger/gif': 'message',
      'messenger/location': 'message',
      'messenger/message-referral': 'message',
      'messenger/optin': 'optin',
      'messenger/optin-user-ref': 'optin',
      'messenger/pass-thread-control': 'handover',
      'messenger/policy-enforcement': 'policyEnforcement',
      'messenger/postback': 'postback',
      'messenger/quick-reply': 'message',
      'messenger/quoted-reply': 'message',
      'messenger/reaction': 'reaction',
      'messenger/read': 'read',
      'messenger/referral': 'referral',
      'messenger/referral-ad': 'referral',
      'messenger/request-thread-control': 'handover',
      'messenger/standby': 'message',
      'messenger/standby-echo': 'echo',
      'messenger/sticker': 'message',
      'messenger/take-thread-control': 'handover',
      'messenger/text': 'message',
      'messenger/text-before-unsend': 'message',
      'messenger/text-unicode': 'message',
      'messenger/unreaction': 'reaction',
      'messenger/unsend': 'messageDelete',
      'instagram/audio': 'message',
      'instagram/comment': 'change',
      'instagram/echo': 'echo',
      'instagram/edit': 'messageEdit',
      'instagram/ig-reel': 'message',
      'instagram/image': 'message',
      'instagram/pass-thread-control': 'handover',
      'instagram/postback': 'postback',
      'instagram/quick-reply': 'message',
      'instagram/reaction': 'reaction',
      'instagram/referral': 'referral',
      'instagram/seen': 'read',
      'instagram/share': 'message',
      'instagram/standby': 'message',
      'instagram/story-mention': 'message',
      'instagram/story-reply': 'message',
      'instagram/text': 'message',
      'instagram/unreaction': 'reaction',
      'instagram/unsend': 'messageDelete',
      'instagram/unsupported': 'message',
    });
  });

  it('returns the original payload objects', () => {
    const r = onlyRef('messenger/pass-thread-control');
    const classified = classifyEvent(r);
    if (classified.kind !== 'handover') throw new Error(classified.kind);
    expect(classified.payload).to.equal(r.event.pass_thread_control);
    expect(classified.action).to.equal('pass_thread_control');
  });

  describe('a known kind with a malformed field is unknown, with the reason, and maps to messenger.unknown', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['message not an object', { message: 'hi' }, 'message: expected an object, got a string'],
      [
        'numeric text',
        { message: { mid: 'm_1', text: 42 } },
        'message.text: expected a string, got a number',
      ],
      [
        'attachments not an array',
        { message: { mid: 'm_1', attachments: {} } },
        'message.attachments: expected an array, got an object',
      ],
      [
        'attachment without type',
        { message: { mid: 'm_1', attachments: [{ payload: {} }] } },
        'message.attachments[0].type: expected a string, but it is missing',
      ],
      [
        'quick reply without payload',
        { message: { mid: 'm_1', text: 'Red', quick_reply: {} } },
        'message.quick_reply.payload: expected a string, but it is missing',
      ],
      [
        'unsend without mid',
        { message: { is_deleted: true } },
        'message.mid: expected a string, but it is missing',
      ],
      [
        'numeric postback payload',
        { postback: { payload: 7 } },
        'postback.payload: expected a string, got a number',
      ],
      [
        'reaction without mid',
        { reaction: { action: 'react', reaction: 'love' } },
        'reaction.mid: expected a string, but it is missing',
      ],
      [
        'reaction with odd action',
        { reaction: { mid: 'm_1', action: 'poke' } },
        'reaction.action: expected "react" or "unreact", got "poke"',
      ],
      [
        'edit without text',
        { message_edit: { mid: 'm_1' } },
        'message_edit.text: expected a string, but it is missing',
      ],
      [
        'delivery mids not strings',
        { delivery: { mids: [1] } },
        'delivery.mids[0]: expected a string, got a number',
      ],
      [
        'read watermark a string',
        { read: { watermark: 'x' } },
        'read.watermark: expected a number, got a string',
      ],
      ['referral null', { referral: null }, 'referral: expected an object, got null'],
      [
        'handover payload an array',
        { pass_thread_control: [] },
        'pass_thread_control: expected an object, got an array',
      ],
      [
        'policy enforcement a string',
        { policy_enforcement: 'block' },
        'policy_enforcement: expected an object, got a string',
      ],
    ];
    for (const [title, body, problem] of cases) {
      it(title, () => {
        const r = ref(body);
        expect(classifyEvent(r)).to.deep.equal({ kind: 'unknown', problem });
        const activities = eventToActivities(r);
        expect(activities).to.have.length(1);
        expect(activities[0]).to.deep.include({ type: 'event', name: 'messenger.unknown' });
        expect(activities[0]!.value).to.equal(r.event);
      });
    }
  });

  it('an unknown kind has no problem', () => {
    expect(classifyEvent(ref({ game_play: { game_id: '1' } }))).to.deep.equal({ kind: 'unknown' });
    expect(classifyEvent({ source: 'changes', event: { value: {} } })).to.deep.equal({
      kind: 'unknown',
      problem: 'field: expected a string',
    });
  });
});

describe('robustness: any event inside a valid envelope', () => {
  const kinds = [
    'message',
    'postback',
    'reaction',
    'message_edit',
    'delivery',
    'read',
    'referral',
    'optin',
    'pass_thread_control',
    'app_roles',
    'policy_enforcement',
    'is_echo',
    'zzz',
  ];
  const eventArb = fc.record({
    kind: fc.constantFrom(...kinds),
    payload: fc.jsonValue({ maxDepth: 3 }),
    sticker: fc.boolean(),
    timestamp: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: undefined }),
  });

  it('maps to activities without throwing or mutating, and dedupes deterministically', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (items, standby) => {
        const events = items.map(({ kind, payload, sticker, timestamp }) => {
          const event: Record<string, unknown> = { sender: { id: PSID }, recipient: { id: PAGE } };
          if (timestamp !== undefined) event.timestamp = timestamp;
          if (kind === 'is_echo') event.message = { is_echo: true, mid: 'm_e', attachments: [payload] };
          else if (sticker)
            event.message = {
              mid: 'm_s',
              attachments: [
                { type: 'sticker', payload },
                { type: 'image', payload },
              ],
            };
          else event[kind] = payload;
          return event;
        });
        const body = {
          object: 'instagram',
          entry: [{ id: PAGE, time: 1782894000000, [standby ? 'standby' : 'messaging']: events }],
        };
        const pristine = structuredClone(body);
        deepFreeze(body);
        const parsed = parseEnvelope(body);
        if (!parsed.ok) throw new Error(parsed.error);
        for (const r of parsed.events) {
          const activities = eventToActivities(r);
          expect(activities.length).to.be.within(1, 2);
          for (const activity of activities) {
            expect(activity.channelData).to.equal(r.event);
            expect(activity.channelId).to.equal('instagram');
            expect(Number.isNaN(activity.timestamp!.getTime())).to.equal(false);
          }
          expect(eventDedupeKey(r)).to.equal(eventDedupeKey(r));
        }
        expect(body).to.deep.equal(pristine);
      }),
      { numRuns: 300 },
    );
  });

  it('parses every fixture body unchanged even when refs are reused across mappings', () => {
    for (const name of fixtureNames()) {
      const { refs } = refsOf(name);
      for (const r of refs) expect(eventToActivities(r)).to.deep.equal(eventToActivities(r));
    }
  });
});
