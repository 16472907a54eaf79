import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { GraphClient } from '../../adapter/graph/graphClient';
import { nameFromProfile, UserNames, withUserNames } from '../../adapter/inbound/userNames';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import type { PlainActivity } from '../../adapter/activity';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { envelope, IG_ACCOUNT_ID, IG_USER_ID, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';
import { loadFixture } from '../fixtures';

const GRAPH = 'https://graph.names.test';

/** Answers `GET /v27.0/{user}?fields=...` `times` times and records the fields asked for. */
function profileApi(userId: string, answer: object, times = 1, status = 200): string[] {
  const asked: string[] = [];
  nock(GRAPH)
    .get(`/v27.0/${userId}`)
    .query((query) => {
      asked.push(String(query.fields));
      return true;
    })
    .times(times)
    .reply(status, answer);
  return asked;
}

function newAdapter(extra: Partial<ConstructorParameters<typeof MessengerAdapter>[0]> = {}): {
  adapter: MessengerAdapter;
  warnings: Array<[string, Record<string, unknown> | undefined]>;
} {
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  const adapter = new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: GRAPH,
    logger: { error: () => {}, warn: (message, details) => warnings.push([message, details]) },
    ...extra,
  });
  return { adapter, warnings };
}

/** Posts `body` and returns the activities the bot saw (type, from, membersAdded). */
async function turnsOf(adapter: MessengerAdapter, body: unknown): Promise<PlainActivity[]> {
  const seen: PlainActivity[] = [];
  const res = fakeResponse();
  await adapter.process(signedPost(body).req, res, async (context) => {
    seen.push(context.activity as PlainActivity);
  });
  await adapter.whenIdle();
  expect(res.statusCode).to.equal(200);
  return seen;
}

describe('user names (from.name from the user profile API)', () => {
  afterEach(() => {
    nock.cleanAll();
    sinon.restore();
  });

  describe('nameFromProfile', () => {
    it('joins first and last name on Messenger as Azure did', () => {
      expect(nameFromProfile('facebook', { first_name: 'Ada', last_name: 'Lovelace', id: '1' })).to.equal(
        'Ada Lovelace',
      );
      expect(nameFromProfile('facebook', { first_name: 'Ada' })).to.equal('Ada');
      expect(nameFromProfile('facebook', {})).to.equal(undefined);
    });
    it('takes name, else username, on Instagram', () => {
      expect(nameFromProfile('instagram', { name: 'Grace Hopper', username: 'grace' })).to.equal('Grace Hopper');
      expect(nameFromProfile('instagram', { name: null, username: 'grace' })).to.equal('grace');
      expect(nameFromProfile('instagram', { name: '  ', username: null })).to.equal(undefined);
    });
    it('rejects an answer of the wrong shape (no name rather than a wrong one)', () => {
      expect(nameFromProfile('facebook', { first_name: 42 })).to.equal(undefined);
      expect(nameFromProfile('instagram', 'grace')).to.equal(undefined);
    });
  });

  describe('through the adapter', () => {
    let adapter: MessengerAdapter;
    afterEach(async () => {
      await adapter.close();
    });

    it('names the Get Started membersAdded member and the postback sender on Messenger', async () => {
      const asked = profileApi(USER_ID, { first_name: 'Ada', last_name: 'Lovelace', id: USER_ID });
      ({ adapter } = newAdapter());
      const seen = await turnsOf(adapter, loadFixture('messenger/get-started').body);
      expect(asked).to.deep.equal(['first_name,last_name']);
      expect(seen.map((a) => a.type)).to.deep.equal(['conversationUpdate', 'message']);
      expect(seen[0]?.membersAdded).to.deep.equal([{ id: USER_ID, name: 'Ada Lovelace' }]);
      expect(seen[1]?.from).to.deep.equal({ id: USER_ID, name: 'Ada Lovelace' });
      expect(seen[1]?.recipient).to.deep.equal({ id: PAGE_ID });
    });

    it('asks Instagram for name,username and uses the name', async () => {
      const asked = profileApi(IG_USER_ID, { name: 'Grace Hopper', username: 'grace', id: IG_USER_ID });
      ({ adapter } = newAdapter());
      const event = textEvent('hi', { userId: IG_USER_ID, pageId: IG_ACCOUNT_ID });
      const seen = await turnsOf(adapter, envelope([{ id: IG_ACCOUNT_ID, messaging: [event] }], 'instagram'));
      expect(asked).to.deep.equal(['name,username']);
      expect(seen[0]?.from).to.deep.equal({ id: IG_USER_ID, name: 'Grace Hopper' });
    });

    it('reads a known user from the store: one Graph call for many turns', async () => {
      const asked = profileApi(USER_ID, { first_name: 'Ada', last_name: 'Lovelace' }, 5);
      ({ adapter } = newAdapter());
      const events = [1, 2, 3].map((n) => textEvent(`t${n}`, { timestamp: 1_701_427_704_000 + n }));
      const seen = await turnsOf(adapter, envelope([{ messaging: events }]));
      seen.push(...(await turnsOf(adapter, envelope([{ messaging: [textEvent('again')] }]))));
      expect(asked).to.have.length(1);
      expect(seen.map((a) => a.from?.name)).to.deep.equal(['Ada Lovelace', 'Ada Lovelace', 'Ada Lovelace', 'Ada Lovelace']);
      expect(await adapter.store.get(`n:${PAGE_ID}:${USER_ID}`)).to.deep.equal({ n: 'Ada Lovelace' });
    });

    it('names the user on an echo (the recipient), never the Page', async () => {
      profileApi(USER_ID, { first_name: 'Ada', last_name: 'Lovelace' });
      ({ adapter } = newAdapter());
      const seen = await turnsOf(adapter, loadFixture('messenger/echo').body);
      expect(seen[0]?.from).to.deep.equal({ id: PAGE_ID });
      expect(seen[0]?.recipient).to.deep.equal({ id: USER_ID, name: 'Ada Lovelace' });
    });

    it('fails open when the permission is missing: no name, the turn runs, a warning without contents', async () => {
      profileApi(USER_ID, {
        error: { message: '(#200) Requires Business Asset User Profile Access', type: 'OAuthException', code: 200, fbtrace_id: 'AbC' },
      }, 1, 403);
      let warnings: Array<[string, Record<string, unknown> | undefined]>;
      ({ adapter, warnings } = newAdapter());
      const seen = await turnsOf(adapter, envelope([{ messaging: [textEvent('secret words')] }]));
      expect(seen[0]?.from).to.deep.equal({ id: USER_ID });
      expect(seen[0]?.text).to.equal('secret words');
      expect(warnings).to.have.length(1);
      expect(warnings[0]?.[1]).to.deep.equal({ channelId: 'facebook', accountId: PAGE_ID, code: 'PERMISSION_DENIED' });
      expect(JSON.stringify(warnings)).not.to.include('secret words').and.not.to.include('page-token');
      // "no name" is remembered, so the next turn costs no Graph call (nock would refuse one)
      const again = await turnsOf(adapter, envelope([{ messaging: [textEvent('more')] }]));
      expect(again[0]?.from).to.deep.equal({ id: USER_ID });
      expect(warnings).to.have.length(1);
    });

    it('fails open on an empty profile (no profile access: Meta answers {})', async () => {
      profileApi(USER_ID, {});
      ({ adapter } = newAdapter());
      const seen = await turnsOf(adapter, envelope([{ messaging: [textEvent('hi')] }]));
      expect(seen[0]?.from).to.deep.equal({ id: USER_ID });
    });

    it('makes no Graph call when switched off', async () => {
      profileApi(USER_ID, { first_name: 'Ada' });
      ({ adapter } = newAdapter({ userNames: false }));
      const seen = await turnsOf(adapter, loadFixture('messenger/get-started').body);
      expect(seen[0]?.membersAdded).to.deep.equal([{ id: USER_ID }]);
      expect(seen[1]?.from).to.deep.equal({ id: USER_ID });
      expect(nock.pendingMocks()).to.have.length(1);
    });

    it('rejects unknown userNames settings with CONFIG_INVALID', () => {
      expect(() => newAdapter({ userNames: { ttl: 5 } as never })).to.throw(MessengerError, /userNames/);
      ({ adapter } = newAdapter());
    });
  });

  describe('UserNames', () => {
    const graph = () => new GraphClient({ appSecret: 'app-secret', accessToken: 'page-token', graphApiUrl: GRAPH });

    it('gives up waiting after timeoutMs, and stores the late answer for the next turn', async () => {
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let answer: (value: { data: Record<string, unknown> }) => void = () => {};
      const client = { raw: () => new Promise<{ data: Record<string, unknown> }>((resolve) => (answer = resolve)) };
      const store = new MemoryStateStore();
      const names = new UserNames({ store, graph: client as unknown as GraphClient }, { timeoutMs: 500 }); // a stub with only raw()
      const pending = names.lookup('facebook', PAGE_ID, USER_ID);
      await clock.tickAsync(500);
      expect(await pending).to.equal(undefined);
      answer({ data: { first_name: 'Ada', last_name: 'Lovelace' } });
      await clock.tickAsync(0);
      expect(await names.lookup('facebook', PAGE_ID, USER_ID)).to.equal('Ada Lovelace');
      store.close();
    });

    it('shares one Graph call between concurrent look-ups of the same user', async () => {
      const asked = profileApi(USER_ID, { first_name: 'Ada' }, 2);
      const store = new MemoryStateStore();
      const client = graph();
      const names = new UserNames({ store, graph: client });
      const both = await Promise.all([names.lookup('facebook', PAGE_ID, USER_ID), names.lookup('facebook', PAGE_ID, USER_ID)]);
      expect(both).to.deep.equal(['Ada', 'Ada']);
      expect(asked).to.have.length(1);
      client.close();
      store.close();
    });

    it('leaves proactive turns and comment turns alone', async () => {
      const store = new MemoryStateStore();
      const names = new UserNames({ store, graph: { raw: () => Promise.reject(new Error('no call expected')) } });
      const ran: PlainActivity[] = [];
      const run = withUserNames(names, async (activity: PlainActivity) => {
        ran.push(activity);
      });
      const base = { channelId: 'facebook' as const, accountId: PAGE_ID, conversationId: 'c' };
      const info = { ...base, userId: USER_ID, source: 'proactive' as const } as Parameters<typeof run>[1];
      await run({ type: 'event', from: { id: USER_ID } }, info, undefined);
      const comment = { ...base, userId: undefined, source: 'changes' as const } as Parameters<typeof run>[1];
      await run({ type: 'event', from: { id: '99' } }, comment, undefined);
      expect(ran.map((a) => a.from)).to.deep.equal([{ id: USER_ID }, { id: '99' }]);
      expect(await store.get(`n:${PAGE_ID}:${USER_ID}`)).to.equal(undefined);
      store.close();
    });
  });
});
