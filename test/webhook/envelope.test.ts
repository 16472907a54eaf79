import { expect } from 'chai';
import { parseEnvelope } from '../../adapter/webhook/envelope';
import { fixtureNames, loadFixture } from '../fixtures';
import { deepFreeze } from '../inbound/helpers';

const PAGE = '370873143344730';
const PSID = '6780462125377510';

function message(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sender: { id: PSID },
    recipient: { id: PAGE },
    timestamp: 1782894001000,
    message: { mid: 'm_1', text: 'hi' },
    ...extra,
  };
}

function errorOf(body: unknown): string {
  const result = parseEnvelope(body);
  if (result.ok) throw new Error('expected the envelope to be rejected');
  return result.error;
}

describe('parseEnvelope', () => {
  it('accepts every fixture', () => {
    for (const name of fixtureNames()) {
      const result = parseEnvelope(loadFixture(name).body);
      expect(result.ok, name).to.equal(true);
    }
  });

  it('hands on the very event objects of the body, in batch order, with their envelope facts', () => {
    const body = deepFreeze(loadFixture('messenger/batch').body) as {
      entry: { id: string; time: number; messaging?: object[]; standby?: object[] }[];
    };
    const result = parseEnvelope(body);
    if (!result.ok) throw new Error(result.error);
    const [a, b, c] = body.entry;
    const expected = [
      [a!, 'messaging', 0],
      [b!, 'messaging', 0],
      [b!, 'messaging', 1],
      [c!, 'messaging', 0],
      [c!, 'standby', 0],
    ] as const;
    expect(result.events).to.have.length(expected.length);
    result.events.forEach((ref, index) => {
      const [entry, source, at] = expected[index]!;
      expect(ref.event).to.equal(entry[source]![at]);
      expect(ref).to.deep.include({
        object: 'page',
        channelId: 'facebook',
        accountId: entry.id,
        entryTime: entry.time,
        source,
        index,
      });
    });
  });

  it('lists changes[] items as events of source "changes", with channel instagram for object instagram', () => {
    const body = loadFixture('instagram/comment').body as { entry: { changes: object[] }[] };
    const result = parseEnvelope(body);
    if (!result.ok) throw new Error(result.error);
    expect(result.events).to.have.length(1);
    expect(result.events[0]).to.deep.include({
      object: 'instagram',
      channelId: 'instagram',
      accountId: '17841400123456789',
      entryTime: 1782894066,
      source: 'changes',
      index: 0,
    });
    expect(result.events[0]!.event).to.equal(body.entry[0]!.changes[0]);
  });

  it('takes messaging, standby and changes of one entry, and entries without events', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          changes: [{ field: 'feed', value: {} }],
          standby: [message()],
          messaging: [message()],
        },
        { id: '404217156637689', time: 2 },
      ],
    };
    const result = parseEnvelope(body);
    if (!result.ok) throw new Error(result.error);
    expect(result.events.map((e) => e.source)).to.deep.equal(['messaging', 'standby', 'changes']);
    expect(parseEnvelope({ object: 'page', entry: [] })).to.deep.equal({ ok: true, events: [] });
  });

  it('keeps unknown event kinds and unknown fields (they become messenger.unknown later)', () => {
    const odd = { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1, brand_new_kind: { x: 1 } };
    const malformed = { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 2, message: { text: 42 } };
    const body = {
      object: 'page',
      entry: [{ id: PAGE, time: 3, hop_context: [], messaging: [odd, malformed] }],
      extra: true,
    };
    const result = parseEnvelope(body);
    if (!result.ok) throw new Error(result.error);
    expect(result.events.map((e) => e.event)).to.have.ordered.members([odd, malformed]);
  });

  it('accepts account-level events without a sender', () => {
    for (const event of [
      { recipient: { id: PAGE }, timestamp: 1, app_roles: { '1517776481860111': ['primary_receiver'] } },
      { recipient: { id: PAGE }, timestamp: 1, policy_enforcement: { action: 'block', reason: 'spam' } },
      { recipient: { id: PAGE }, timestamp: 1, optin: { ref: 'checkout', user_ref: 'cb_1' } },
    ]) {
      expect(
        parseEnvelope({ object: 'page', entry: [{ id: PAGE, messaging: [event] }] }).ok,
        JSON.stringify(event),
      ).to.equal(true);
    }
    const guest = {
      sender: { user_ref: 'cb_1' },
      recipient: { id: PAGE },
      timestamp: 1,
      message: { mid: 'm_1' },
    };
    expect(parseEnvelope({ object: 'page', entry: [{ id: PAGE, messaging: [guest] }] }).ok).to.equal(true);
  });

  describe('rejects a body that is not a Messenger / Instagram envelope, naming the path', () => {
    const cases: [string, unknown, string][] = [
      ['null', null, 'body: expected an object, got null'],
      ['an array', [], 'body: expected an object, got an array'],
      ['a string', 'hello', 'body: expected an object, got a string'],
      [
        'another object',
        { object: 'whatsapp_business_account', entry: [] },
        'object: expected "page" or "instagram", got "whatsapp_business_account"',
      ],
      ['object missing', { entry: [] }, 'object: expected "page" or "instagram", but it is missing'],
      ['entry missing', { object: 'page' }, 'entry: expected an array, but it is missing'],
      ['entry an object', { object: 'page', entry: {} }, 'entry: expected an array, got an object'],
      [
        'entry item not an object',
        { object: 'page', entry: [7] },
        'entry[0]: expected an object, got a number',
      ],
      [
        'numeric entry id',
        { object: 'page', entry: [{ id: 370873143344730 }] },
        'entry[0].id: expected a string, got a number',
      ],
      [
        'missing entry id',
        { object: 'page', entry: [{ id: PAGE }, { time: 1 }] },
        'entry[1].id: expected a string, but it is missing',
      ],
      [
        'string time',
        { object: 'page', entry: [{ id: PAGE, time: '1782894001000' }] },
        'entry[0].time: expected a number, got a string',
      ],
      [
        'messaging not an array',
        { object: 'page', entry: [{ id: PAGE, messaging: {} }] },
        'entry[0].messaging: expected an array, got an object',
      ],
      [
        'standby item not an object',
        { object: 'page', entry: [{ id: PAGE, standby: ['x'] }] },
        'entry[0].standby[0]: expected an object, got a string',
      ],
      [
        'changes item without field',
        { object: 'page', entry: [{ id: PAGE, changes: [{ value: {} }] }] },
        'entry[0].changes[0].field: expected a string, but it is missing',
      ],
      [
        'recipient missing',
        {
          object: 'page',
          entry: [{ id: PAGE, messaging: [message(), { sender: { id: PSID }, message: {} }] }],
        },
        'entry[0].messaging[1].recipient: expected an object, but it is missing',
      ],
      [
        'numeric recipient id',
        { object: 'instagram', entry: [{ id: PAGE, messaging: [message({ recipient: { id: 5 } })] }] },
        'entry[0].messaging[0].recipient.id: expected a string, got a number',
      ],
      [
        'sender without id',
        { object: 'page', entry: [{ id: PAGE, messaging: [message({ sender: {} })] }] },
        'entry[0].messaging[0].sender.id: expected a string, but it is missing',
      ],
      [
        'string timestamp',
        { object: 'page', entry: [{ id: PAGE, messaging: [message({ timestamp: '1782894001000' })] }] },
        'entry[0].messaging[0].timestamp: expected a number, got a string',
      ],
    ];
    for (const [title, body, error] of cases) {
      it(title, () => {
        expect(errorOf(body)).to.equal(error);
      });
    }

    it('a user event without sender', () => {
      const body = {
        object: 'page',
        entry: [{ id: PAGE, standby: [{ recipient: { id: PAGE }, message: { mid: 'm_1' } }] }],
      };
      expect(errorOf(body)).to.match(
        /^entry\[0\]\.standby\[0\]\.sender\.id: expected a string, but it is missing \(only/,
      );
    });

    it('counts further problems without listing them', () => {
      expect(errorOf({ object: 'page', entry: [{ id: 1 }, { id: 2 }, { id: 3 }] })).to.equal(
        'entry[0].id: expected a string, got a number (and 2 more problems)',
      );
    });

    it('never quotes event content in the error', () => {
      const body = {
        object: 'page',
        entry: [{ id: PAGE, messaging: [message({ timestamp: 'my secret text' })] }],
      };
      expect(errorOf(body)).not.to.include('secret');
    });
  });

  it('does not mutate or copy the body', () => {
    const { raw, body } = loadFixture('messenger/attachments');
    deepFreeze(body);
    const result = parseEnvelope(body);
    if (!result.ok) throw new Error(result.error);
    expect(body).to.deep.equal(JSON.parse(raw));
    expect(result.events[0]!.event).to.equal(
      (body as { entry: { messaging: object[] }[] }).entry[0]!.messaging[0],
    );
  });
});
