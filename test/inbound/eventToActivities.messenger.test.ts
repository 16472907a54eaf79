import { expect } from 'chai';
import sinon from 'sinon';
import type { PlainActivity } from '../../adapter/activity';
import { eventToActivities } from '../../adapter/inbound';
import { field, mapFixture, onlyRef, refsOf, withRaw } from './helpers';

const PAGE = '370873143344730';
const PSID = '6780462125377510';
const APP = '1517776481860111';
const PAGE_INBOX = '263902037430900';
const T = 1782894000000;
const CONVERSATION = `${PSID}-${PAGE}`;

type Raw = Record<string, unknown>;

/** Common fields of an activity about the user of `name`, at epoch ms `time`. */
function fromUser(name: string, time: number, rest: PlainActivity): PlainActivity {
  return {
    timestamp: new Date(time),
    channelId: 'facebook',
    serviceUrl: 'https://graph.facebook.com',
    from: { id: PSID },
    recipient: { id: PAGE },
    conversation: { id: CONVERSATION },
    channelData: onlyRef(name).event,
    ...rest,
  };
}

/** Common fields of an activity the Page sent (echo) to the user. */
function fromPage(name: string, time: number, rest: PlainActivity): PlainActivity {
  return { ...fromUser(name, time, rest), from: { id: PAGE }, recipient: { id: PSID } };
}

/** Common fields of an account-level activity (no user). */
function accountLevel(name: string, time: number, rest: PlainActivity): PlainActivity {
  return { ...fromUser(name, time, rest), from: { id: PAGE }, conversation: { id: PAGE } };
}

function url(name: string, index: number): string {
  const attachments = field<Raw[]>(name, 'message', 'attachments');
  return (attachments[index]!.payload as Raw).url as string;
}

describe('eventToActivities: Messenger (object page)', () => {
  it('text message -> message with text and id = mid', () => {
    expect(mapFixture('messenger/text')).to.deep.equal([
      fromUser('messenger/text', T + 1000, {
        type: 'message',
        id: 'm_hBTPJeFzheVQ_Y1c8V7hI0FXJlTXfSRBUBuJJfWLp5xXcEL9MtbFckE5wZj0SNA7CCnumaWoamMzZ2KVaTelmO',
        text: 'Hi, is the linen shirt still in stock?',
      }),
    ]);
  });

  it('decodes a body written with \\uXXXX escapes (umlauts, emoji as a surrogate pair, CJK)', () => {
    const { raw } = refsOf('messenger/text-unicode');
    expect(raw).to.include('Gr\\u00fc\\u00dfe').and.include('\\ud83d\\udc4d');
    expect(raw).to.match(/^[\x20-\x7e]+$/);
    const [activity] = mapFixture('messenger/text-unicode');
    expect(activity!.text).to.equal('Grüße aus Köln! Ist die Jacke in Größe M noch da? 👍 ありがとう');
  });

  it('quick reply tap -> message with text = quick_reply.payload (the title stays in channelData)', () => {
    const name = 'messenger/quick-reply';
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal(
      fromUser(name, T + 3000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        text: 'PICK_RED',
      }),
    );
    expect(activity!.channelData.message.text).to.equal('Red');
  });

  it('quoted reply -> message with replyToId = the quoted mid', () => {
    const name = 'messenger/quoted-reply';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 4000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        text: 'yes, that one',
        replyToId: field<string>(name, 'message', 'reply_to', 'mid'),
      }),
    ]);
  });

  it('postback -> message with text = payload and id = postback.mid', () => {
    const name = 'messenger/postback';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 5000, {
        type: 'message',
        id: field<string>(name, 'postback', 'mid'),
        text: 'TRACK_ORDER',
      }),
    ]);
  });

  describe('Get Started', () => {
    const name = 'messenger/get-started';
    const postback = (): PlainActivity =>
      fromUser(name, T + 6000, {
        type: 'message',
        id: field<string>(name, 'postback', 'mid'),
        text: 'GET_STARTED',
      });

    it('yields a conversationUpdate with membersAdded = [user] first, then the postback message', () => {
      expect(mapFixture(name)).to.deep.equal([
        fromUser(name, T + 6000, { type: 'conversationUpdate', membersAdded: [{ id: PSID }] }),
        postback(),
      ]);
    });

    it('yields the postback alone with welcomeOnGetStarted: false', () => {
      expect(mapFixture(name, { welcomeOnGetStarted: false })).to.deep.equal([postback()]);
    });

    it('uses getStartedPayload to recognise the button', () => {
      expect(mapFixture(name, { getStartedPayload: 'START' })).to.deep.equal([postback()]);
      const other = mapFixture('messenger/postback', { getStartedPayload: 'TRACK_ORDER' });
      expect(other.map((a) => a.type)).to.deep.equal(['conversationUpdate', 'message']);
      expect(other[0]!.membersAdded).to.deep.equal([{ id: PSID }]);
    });

    it('never welcomes from a standby postback', () => {
      const ref = { ...onlyRef(name), source: 'standby' as const };
      expect(eventToActivities(ref).map((a) => a.type)).to.deep.equal(['event']);
    });
  });

  it('multi-attachment message -> one attachment per Messenger attachment, in order, with real MIME types', () => {
    const name = 'messenger/attachments';
    const raw = field<Raw[]>(name, 'message', 'attachments');
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 7000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        attachments: [
          {
            contentType: 'image/jpeg',
            contentUrl: url(name, 0),
            name: url(name, 0).split('?')[0]!.split('/').pop(),
            content: raw[0],
          },
          {
            contentType: 'image/png',
            contentUrl: url(name, 1),
            name: url(name, 1).split('?')[0]!.split('/').pop(),
            content: raw[1],
          },
          {
            contentType: 'video/mp4',
            contentUrl: url(name, 2),
            name: 'video-1782894006.mp4',
            content: raw[2],
          },
          {
            contentType: 'audio/mp4',
            contentUrl: url(name, 3),
            name: 'audioclip-1782894005000-3021.mp4',
            content: raw[3],
          },
          { contentType: 'audio/mpeg', contentUrl: url(name, 4), name: 'Jingle final.mp3', content: raw[4] },
          {
            contentType: 'application/pdf',
            contentUrl: url(name, 5),
            name: 'Invoice-2026-0715.pdf',
            content: raw[5],
          },
        ],
      }),
    ]);
  });

  it('keeps the raw Messenger attachment (same object) in content', () => {
    const name = 'messenger/attachments';
    const { refs } = refsOf(name);
    const [activity] = eventToActivities(refs[0]!);
    const raw = (refs[0]!.event.message as Raw).attachments as Raw[];
    activity!.attachments!.forEach((attachment, i) => {
      expect(attachment.content).to.equal(raw[i]);
    });
  });

  it('GIF -> image/gif', () => {
    const name = 'messenger/gif';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 8000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        attachments: [
          {
            contentType: 'image/gif',
            contentUrl: url(name, 0),
            name: 'giphy.gif',
            content: field<Raw[]>(name, 'message', 'attachments')[0],
          },
        ],
      }),
    ]);
  });

  it('legacy image+sticker_id and 2026 sticker of the same sticker -> ONE thumbs-up image attachment', () => {
    const name = 'messenger/sticker';
    const raw = field<Raw[]>(name, 'message', 'attachments');
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 9000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        attachments: [
          {
            contentType: 'image/png',
            contentUrl: url(name, 1),
            name: '851557_369239266556155_759568595_n.png',
            content: {
              type: 'sticker',
              sticker_id: '369239263222822',
              isThumbsUp: true,
              payload: raw[1]!.payload,
            },
          },
        ],
      }),
    ]);
  });

  it('location -> application/vnd.messenger.location with the map link and title', () => {
    const name = 'messenger/location';
    const raw = field<Raw[]>(name, 'message', 'attachments')[0]!;
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 10000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        attachments: [
          {
            contentType: 'application/vnd.messenger.location',
            contentUrl: raw.url as string,
            name: "Anna's Location",
            content: raw,
          },
        ],
      }),
    ]);
  });

  it('fallback (shared link, payload null) -> text plus application/vnd.messenger.fallback', () => {
    const name = 'messenger/fallback';
    const raw = field<Raw[]>(name, 'message', 'attachments')[0]!;
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 11000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        text: 'look https://shop.example.com/sale',
        attachments: [
          {
            contentType: 'application/vnd.messenger.fallback',
            contentUrl: raw.url as string,
            name: 'Summer sale: 30% off all shirts',
            content: raw,
          },
        ],
      }),
    ]);
  });

  describe('echo', () => {
    it('-> event messenger.echo from the Page to the user, never a message', () => {
      const name = 'messenger/echo';
      expect(mapFixture(name)).to.deep.equal([
        fromPage(name, T + 12000, {
          type: 'event',
          name: 'messenger.echo',
          id: field<string>(name, 'message', 'mid'),
          text: 'Your order #4711 ships tomorrow.',
          value: withRaw(name, { appId: APP, metadata: 'flow:order-status' }),
        }),
      ]);
    });

    it('says whether this app sent it when appId is configured', () => {
      const [own] = mapFixture('messenger/echo', { appId: APP });
      expect(own!.value).to.deep.equal(
        withRaw('messenger/echo', { appId: APP, fromThisApp: true, metadata: 'flow:order-status' }),
      );
      expect((own!.value as { message: { is_echo: boolean } }).message.is_echo).to.equal(true);
      const [inbox] = mapFixture('messenger/echo-inbox', { appId: APP });
      expect(inbox).to.deep.equal(
        fromPage('messenger/echo-inbox', T + 13000, {
          type: 'event',
          name: 'messenger.echo',
          id: field<string>('messenger/echo-inbox', 'message', 'mid'),
          text: 'Hi, this is Ana from support. Let me check that for you.',
          value: withRaw('messenger/echo-inbox', { appId: PAGE_INBOX, fromThisApp: false }),
        }),
      );
    });
  });

  it('delivery (no timestamp of its own) -> event messenger.delivery at the entry time', () => {
    const name = 'messenger/delivery';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 14000, {
        type: 'event',
        name: 'messenger.delivery',
        value: withRaw(name, field(name, 'delivery')),
      }),
    ]);
  });

  it('read -> event messenger.read with the watermark object as value', () => {
    const name = 'messenger/read';
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal(
      fromUser(name, T + 15000, {
        type: 'event',
        name: 'messenger.read',
        value: withRaw(name, { watermark: T + 12500 }),
      }),
    );
    expect((activity!.value as { read: unknown }).read).to.equal(activity!.channelData.read);
  });

  it('reaction -> messageReaction with reactionsAdded and replyToId = target mid', () => {
    const name = 'messenger/reaction';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 16000, {
        type: 'messageReaction',
        reactionsAdded: [{ type: 'love' }],
        replyToId: field<string>(name, 'reaction', 'mid'),
      }),
    ]);
  });

  it('unreaction without a reaction name -> reactionsRemoved [{ type: "other" }]', () => {
    const name = 'messenger/unreaction';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 17000, {
        type: 'messageReaction',
        reactionsRemoved: [{ type: 'other' }],
        replyToId: field<string>(name, 'reaction', 'mid'),
      }),
    ]);
  });

  it('unsend (is_deleted) -> messageDelete with id = the original mid', () => {
    const name = 'messenger/unsend';
    const original = field<string>('messenger/text-before-unsend', 'message', 'mid');
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 18000, { type: 'messageDelete', id: original }),
    ]);
  });

  it('edit -> messageUpdate with id = mid and the new text', () => {
    const name = 'messenger/edit';
    const original = field<string>('messenger/text-before-unsend', 'message', 'mid');
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 19000, { type: 'messageUpdate', id: original, text: 'my order number is 4711' }),
    ]);
  });

  it('referral (m.me link, ad) -> event messenger.referral with the referral as value', () => {
    for (const [name, time] of [
      ['messenger/referral', T + 20000],
      ['messenger/referral-ad', T + 21000],
    ] as const) {
      expect(mapFixture(name)).to.deep.equal([
        fromUser(name, time, { type: 'event', name: 'messenger.referral', value: withRaw(name, field(name, 'referral')) }),
      ]);
    }
    expect(mapFixture('messenger/referral')[0]!.value).to.deep.include({
      ref: 'promo42',
      source: 'SHORTLINK',
      type: 'OPEN_THREAD',
      referral: { ref: 'promo42', source: 'SHORTLINK', type: 'OPEN_THREAD' },
    });
  });

  it('a first message that carries message.referral is still a message', () => {
    const name = 'messenger/message-referral';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 22000, {
        type: 'message',
        id: field<string>(name, 'message', 'mid'),
        text: 'Is this still available?',
      }),
    ]);
  });

  it('opt-in (marketing messages) -> event messenger.optin', () => {
    const name = 'messenger/optin';
    expect(mapFixture(name)).to.deep.equal([
      fromUser(name, T + 23000, { type: 'event', name: 'messenger.optin', value: withRaw(name, field(name, 'optin')) }),
    ]);
  });

  it('plugin opt-in with user_ref and no sender -> account-level event messenger.optin', () => {
    const name = 'messenger/optin-user-ref';
    expect(mapFixture(name)).to.deep.equal([
      accountLevel(name, T + 24000, { type: 'event', name: 'messenger.optin', value: withRaw(name, field(name, 'optin')) }),
    ]);
  });

  it('pass / take / request thread control -> event messenger.handover, value = { action, ...payload }', () => {
    expect(mapFixture('messenger/pass-thread-control')).to.deep.equal([
      fromUser('messenger/pass-thread-control', T + 25000, {
        type: 'event',
        name: 'messenger.handover',
        value: withRaw('messenger/pass-thread-control', {
          action: 'pass_thread_control',
          previous_owner_app_id: APP,
          new_owner_app_id: PAGE_INBOX,
          metadata: 'escalate:billing',
        }),
      }),
    ]);
    expect(mapFixture('messenger/take-thread-control')).to.deep.equal([
      fromUser('messenger/take-thread-control', T + 26000, {
        type: 'event',
        name: 'messenger.handover',
        value: withRaw('messenger/take-thread-control', {
          action: 'take_thread_control',
          previous_owner_app_id: PAGE_INBOX,
          new_owner_app_id: APP,
          metadata: 'agent_done',
        }),
      }),
    ]);
    expect(mapFixture('messenger/request-thread-control')).to.deep.equal([
      fromUser('messenger/request-thread-control', T + 27000, {
        type: 'event',
        name: 'messenger.handover',
        value: withRaw('messenger/request-thread-control', {
          action: 'request_thread_control',
          requested_owner_app_id: 263902037430900,
          metadata: 'agent_requested',
        }),
      }),
    ]);
  });

  it('release_thread_control -> messenger.handover; action is always the webhook key', () => {
    const ref = {
      ...onlyRef('messenger/pass-thread-control'),
      event: {
        sender: { id: PSID },
        recipient: { id: PAGE },
        timestamp: T,
        release_thread_control: { action: 'spoofed', metadata: 'done' },
      },
    };
    const [activity] = eventToActivities(ref);
    expect(activity!.name).to.equal('messenger.handover');
    expect(activity!.value).to.deep.equal({ ...ref.event, action: 'release_thread_control', metadata: 'done' });
    expect(Object.keys(activity!.value as object)[0]).to.equal('action');
  });

  it('app_roles (no sender) -> account-level messenger.handover', () => {
    const name = 'messenger/app-roles';
    expect(mapFixture(name)).to.deep.equal([
      accountLevel(name, T + 28000, {
        type: 'event',
        name: 'messenger.handover',
        value: withRaw(name, { action: 'app_roles', [APP]: ['primary_receiver'] }),
      }),
    ]);
  });

  it('a message under standby[] -> event messenger.standby with the raw event as value', () => {
    const name = 'messenger/standby';
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal(
      fromUser(name, T + 29000, {
        type: 'event',
        name: 'messenger.standby',
        id: field<string>(name, 'message', 'mid'),
        value: onlyRef(name).event,
      }),
    );
    expect(activity!.value).to.equal(activity!.channelData);
  });

  it('an inbox echo under standby[] -> messenger.standby from the Page to the user', () => {
    const name = 'messenger/standby-echo';
    expect(mapFixture(name)).to.deep.equal([
      fromPage(name, T + 30000, {
        type: 'event',
        name: 'messenger.standby',
        id: field<string>(name, 'message', 'mid'),
        value: onlyRef(name).event,
      }),
    ]);
  });

  it('Page feed comment (changes[], times in seconds) -> event messenger.comment, channelData = the change item', () => {
    const name = 'messenger/feed-comment';
    const ref = onlyRef(name);
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal({
      type: 'event',
      name: 'messenger.comment',
      timestamp: new Date(1782894038000),
      channelId: 'facebook',
      serviceUrl: 'https://graph.facebook.com',
      from: { id: PSID, name: 'Anna Schmidt' },
      recipient: { id: PAGE },
      conversation: { id: PAGE },
      channelData: ref.event,
      value: ref.event,
    });
    expect(Object.keys(ref.event)).to.deep.equal(['field', 'value']);
  });

  it('policy enforcement -> account-level event messenger.policyEnforcement', () => {
    const name = 'messenger/policy-enforcement';
    expect(mapFixture(name)).to.deep.equal([
      accountLevel(name, T + 31000, {
        type: 'event',
        name: 'messenger.policyEnforcement',
        value: withRaw(name, field(name, 'policy_enforcement')),
      }),
    ]);
  });

  it('an unmapped kind (account_linking) -> event messenger.unknown with the raw event as value', () => {
    const name = 'messenger/account-linking';
    const [activity] = mapFixture(name);
    expect(activity).to.deep.equal(
      fromUser(name, T + 32000, { type: 'event', name: 'messenger.unknown', value: onlyRef(name).event }),
    );
    expect(activity!.value).to.equal(activity!.channelData);
  });

  it('a batch across several Pages -> every event of every entry, messaging then standby, each for its Page', () => {
    const { refs } = refsOf('messenger/batch');
    expect(refs.map((r) => [r.index, r.accountId, r.source])).to.deep.equal([
      [0, PAGE, 'messaging'],
      [1, '404217156637689', 'messaging'],
      [2, '404217156637689', 'messaging'],
      [3, '108512374190562', 'messaging'],
      [4, '108512374190562', 'standby'],
    ]);
    const activities = mapFixture('messenger/batch');
    expect(
      activities.map((a) => [
        a.type,
        a.name ?? a.text,
        a.from?.id,
        a.recipient?.id,
        a.conversation?.id,
        a.timestamp?.getTime(),
      ]),
    ).to.deep.equal([
      ['message', 'first page, first user', PSID, PAGE, CONVERSATION, T + 40000],
      [
        'message',
        'second page, newer',
        '1423587017700273',
        '404217156637689',
        '1423587017700273-404217156637689',
        T + 40100,
      ],
      [
        'message',
        'second page, older',
        '1423587017700273',
        '404217156637689',
        '1423587017700273-404217156637689',
        T + 39900,
      ],
      [
        'message',
        'HOURS',
        '7349120586241937',
        '108512374190562',
        '7349120586241937-108512374190562',
        T + 40050,
      ],
      [
        'event',
        'messenger.standby',
        '7349120586241937',
        '108512374190562',
        '7349120586241937-108512374190562',
        T + 40060,
      ],
    ]);
  });

  it('uses options.serviceUrl', () => {
    const [activity] = mapFixture('messenger/text', { serviceUrl: 'http://127.0.0.1:3978' });
    expect(activity!.serviceUrl).to.equal('http://127.0.0.1:3978');
  });

  it('does not read the clock when the event has a time', () => {
    const clock = sinon.useFakeTimers({ now: 5 });
    try {
      expect(mapFixture('messenger/text')[0]!.timestamp!.getTime()).to.equal(T + 1000);
    } finally {
      clock.restore();
    }
  });
});

describe('eventToActivities: Adaptive Card submit postbacks', () => {
  const ref = (payload: string) => ({
    object: 'page' as const,
    channelId: 'facebook' as const,
    accountId: PAGE,
    entryTime: T,
    source: 'messaging' as const,
    index: 0,
    event: {
      sender: { id: PSID },
      recipient: { id: PAGE },
      timestamp: T,
      postback: { title: 'Submit', payload, mid: 'm_submit_1' },
    },
  });

  it('parses a JSON-object payload into value and keeps it as text', () => {
    const [activity] = eventToActivities(ref('{"choice":"red","qty":2}'));
    expect(activity?.text).to.equal('{"choice":"red","qty":2}');
    expect(activity?.value).to.deep.equal({ choice: 'red', qty: 2 });
  });

  it('leaves plain and non-object payloads without value', () => {
    for (const payload of ['BUY_1', '[1,2]', '{not json', '"x"']) {
      expect(eventToActivities(ref(payload))[0]?.value, payload).to.equal(undefined);
    }
  });
});
