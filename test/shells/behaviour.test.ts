/**
 * One behaviour suite, run against both framework shells (botbuilder's `MessengerAdapter` and the
 * Agents SDK's `MessengerAgentsAdapter`): the same webhooks in, the same Send API calls out.
 */
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { createHandoffInitiation } from '../../adapter/handover';
import { UPLOADED_ATTACHMENT_BASE_URI, utilityMessage } from '../../adapter/outbound';
import { DEFAULT_GRAPH_API_VERSION as V, PAGE_INBOX_APP_ID } from '../../adapter/platform';
import type { ProactiveReference, TurnActivity } from '../../adapter/turnContext';
import { addSendInterceptor } from '../../adapter/sendPipeline';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { HandoverMiddleware } from '../../middleware/handover';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { RateLimitMiddleware } from '../../middleware/rateLimit';
import { loadFixture } from '../fixtures';
import { ORDER_UPDATE, orderUpdateBody } from '../outbound/helpers';
import { envelope, IG_ACCOUNT_ID, IG_USER_ID, mid, PAGE_ID, T0, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';
import { type NeutralLogic, SHELLS, type ShellAdapter } from './shells';

const GRAPH = 'https://graph.test';
const APP_ID = '1517776481860111';
const DAY = 24 * 60 * 60 * 1000;
const PHOTO_URL =
  'https://scontent.xx.fbcdn.net/v/t1.15752-9/136023834_3200619211074118_1577184946130003044_n.jpg?_nc_cat=103&ccb=1-7&oh=03_Q7cD1QgP70xBzWXk4zLykQF2jJejIU6TxZeE3I1n4A1U55&oe=9982A851';

interface GraphCall {
  path: string;
  body: Record<string, unknown>;
}

/** Records every Graph POST; answers each with the next of `replies` (default: a sent message). */
function graph(replies: Array<[number, unknown]> = []): GraphCall[] {
  const calls: GraphCall[] = [];
  nock(GRAPH)
    .persist()
    .post(new RegExp(`^/${V}/me/`))
    .query(true)
    .reply(function (uri, body) {
      calls.push({ path: uri.replace(/\?.*$/, '').replace(`/${V}`, ''), body: body as Record<string, unknown> });
      return replies.shift() ?? [200, { recipient_id: USER_ID, message_id: `m_sent_${calls.length}` }];
    });
  return calls;
}

for (const shell of SHELLS) {
  describe(`Behaviour under both shells: ${shell.name}`, () => {
    let adapter: ShellAdapter;
    let now: number;
    let errors: Error[];
    const logged: string[] = [];

    const baseOptions = {
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      appId: APP_ID,
      graphApiUrl: GRAPH,
      graphMaxRetries: 0,
      logger: { error: (message: string) => void logged.push(message) },
    };

    function create(): ShellAdapter {
      const created = shell.create(baseOptions);
      created.setOnTurnError(async (error) => void errors.push(error));
      return created;
    }

    async function deliver(events: unknown[], logic: NeutralLogic, object: 'page' | 'instagram' = 'page'): Promise<void> {
      const id = object === 'page' ? PAGE_ID : IG_ACCOUNT_ID;
      const res = fakeResponse();
      await adapter.process(signedPost(envelope([{ id, messaging: events }], object)).req, res, logic);
      await adapter.whenIdle();
      expect(res.statusCode).to.equal(200);
    }

    beforeEach(() => {
      now = T0;
      errors = [];
      logged.length = 0;
      adapter = create();
    });
    afterEach(async () => {
      await adapter.close();
      nock.cleanAll();
    });

    it('maps an inbound Messenger and Instagram text message to the same activity', async () => {
      const seen: TurnActivity[] = [];
      const event = textEvent('Hi there', { mid: 'm_inbound_1' });
      const igEvent = { ...textEvent('Hi IG', { userId: IG_USER_ID, pageId: IG_ACCOUNT_ID }), recipient: { id: IG_ACCOUNT_ID } };
      const logic: NeutralLogic = async (context) => void seen.push({ ...context.activity });
      await deliver([event], logic);
      await deliver([igEvent], logic, 'instagram');
      expect(seen.map((a) => [a.type, a.text, a.channelId, a.from?.id, a.recipient?.id, a.conversation?.id])).to.deep.equal([
        ['message', 'Hi there', 'facebook', USER_ID, PAGE_ID, `${USER_ID}-${PAGE_ID}`],
        ['message', 'Hi IG', 'instagram', IG_USER_ID, IG_ACCOUNT_ID, `${IG_USER_ID}-${IG_ACCOUNT_ID}`],
      ]);
      expect(seen[0]?.id).to.equal('m_inbound_1');
      expect(seen[0]?.channelData).to.deep.equal(event);
      expect(new Date(seen[0]?.timestamp ?? 0).getTime()).to.equal(T0);
    });

    it('maps a text reply to one Send API RESPONSE and resolves with its message_id', async () => {
      const calls = graph();
      let response: { id: string } | undefined;
      await deliver([textEvent('hello')], async (context) => {
        response = await context.sendActivity(`You said: ${context.activity.text}`);
      });
      expect(errors).to.deep.equal([]);
      expect(calls).to.deep.equal([
        {
          path: '/me/messages',
          body: { recipient: { id: USER_ID }, messaging_type: 'RESPONSE', message: { text: 'You said: hello' } },
        },
      ]);
      expect(response).to.deep.equal({ id: 'm_sent_1' });
    });

    it('shows a send interceptor the outgoing activity each Graph call carries, with every policy installed', async () => {
      await adapter.close();
      adapter = shell.create(baseOptions, { entry: true });
      adapter.setOnTurnError(async (error) => void errors.push(error));
      graph();
      const seen: Array<[string | undefined, string | undefined, number | undefined]> = [];
      adapter.use({
        onTurn: async (context, next) => {
          addSendInterceptor(context, async (op, send) => {
            seen.push([op.activity?.type, op.activity?.text?.slice(0, 5), (op.body.message as { text?: string } | undefined)?.text?.length]);
            return send(op);
          });
          await next();
        },
      });
      // the default window policy reads the real clock: the user wrote just now
      await deliver([textEvent('hello', { timestamp: Date.now() })], async (context) => {
        await context.sendActivity('b'.repeat(2100));
        await context.sendActivity({ type: 'typing' });
      });
      expect(errors).to.deep.equal([]);
      // the long text makes two calls, both carrying the one activity
      expect(seen).to.deep.equal([
        ['message', 'bbbbb', 1999],
        ['message', 'bbbbb', 101],
        ['typing', undefined, undefined],
      ]);
    });

    it("prompts with the framework's MessageFactory.suggestedActions as quick replies, and a tap comes back as the value", async () => {
      const calls = graph();
      await deliver([textEvent('colour?')], async (context) => {
        await context.sendActivity(adapter.suggestedActions(['red', 'green'], 'Pick a colour'));
      });
      expect(errors).to.deep.equal([]);
      expect(calls[0]?.body.message).to.deep.equal({
        text: 'Pick a colour',
        quick_replies: [
          { content_type: 'text', title: 'red', payload: 'red' },
          { content_type: 'text', title: 'green', payload: 'green' },
        ],
      });
      const answers: (string | undefined)[] = [];
      const tap = { ...textEvent('red', { timestamp: T0 + 1000 }), message: { mid: mid(), text: 'red', quick_reply: { payload: 'red' } } };
      await deliver([tap], async (context) => void answers.push(context.activity.text));
      expect(answers).to.deep.equal(['red']);
    });

    it('keeps the 24-hour window: UPDATE inside it, MESSAGING_WINDOW_CLOSED before any Graph call after 7 days', async () => {
      adapter.use(new MessagingWindowMiddleware({ now: () => now }));
      let reference: ProactiveReference | undefined;
      await deliver([textEvent('remember me', { timestamp: T0 })], async (context) => {
        reference = adapter.referenceOf(context);
      });
      const calls = graph();
      now = T0 + DAY / 2;
      await adapter.continueConversation(reference!, async (context) => void (await context.sendActivity('update')));
      expect(calls.map((c) => c.body.messaging_type)).to.deep.equal(['UPDATE']);
      now = T0 + 8 * DAY;
      await adapter.continueConversation(reference!, async (context) => void (await context.sendActivity('too late')));
      expect(calls).to.have.length(1);
      expect(errors.map((e) => (e as MessengerError).code)).to.deep.equal(['MESSAGING_WINDOW_CLOSED']);
    });

    it('sends a utility template with UTILITY when the window has closed (Messenger)', async () => {
      adapter.use(new MessagingWindowMiddleware({ now: () => now }));
      let reference: ProactiveReference | undefined;
      await deliver([textEvent('order 566701', { timestamp: T0 })], async (context) => {
        reference = adapter.referenceOf(context);
      });
      const calls = graph();
      now = T0 + 8 * DAY;
      await adapter.continueConversation(reference!, async (context) => {
        await context.sendActivity(utilityMessage(ORDER_UPDATE));
      });
      expect(errors).to.deep.equal([]);
      expect(calls.map((c) => c.body)).to.deep.equal([orderUpdateBody(USER_ID)]);
    });

    it("answers a Page comment with one private reply (recipient.comment_id); a second reply is refused", async () => {
      adapter.use(new MessagingWindowMiddleware({ unknownWindow: 'reject' }));
      // a minute after the fixture's comment (Meta takes a private reply within 7 days); only Date is faked
      const clock = sinon.useFakeTimers({ now: 1_782_894_100_000, toFake: ['Date'] });
      try {
        const calls = graph();
        const res = fakeResponse();
        const names: (string | undefined)[] = [];
        await adapter.process(signedPost(loadFixture('messenger/feed-comment').body).req, res, async (context) => {
          names.push(context.activity.name);
          await context.sendActivity('Hi Anna, it is 49 €.');
          await context.sendActivity('And another thing');
        });
        await adapter.whenIdle();
        expect(res.statusCode).to.equal(200);
        expect(names).to.deep.equal(['messenger.comment']);
        expect(calls).to.deep.equal([
          {
            path: '/me/messages',
            body: { recipient: { comment_id: '219008572362354_752095941289708' }, message: { text: 'Hi Anna, it is 49 €.' } },
          },
        ]);
        expect(errors.map((e) => [(e as MessengerError).code, (e as MessengerError).details?.rule])).to.deep.equal([
          ['NOT_SUPPORTED', 'private-reply-once'],
        ]);
      } finally {
        clock.restore();
      }
    });

    it('hands over with createHandoffInitiation and tells the bot handoff.status accepted', async () => {
      adapter.use(new HandoverMiddleware());
      const calls = graph([[200, { success: true }]]);
      const events: Array<[string | undefined, unknown]> = [];
      await deliver([textEvent('a person please')], async (context) => {
        if (context.activity.type === 'message') {
          await context.sendActivity(createHandoffInitiation(context, { skill: 'billing' }));
        } else {
          events.push([context.activity.name, context.activity.value]);
        }
      });
      await adapter.whenIdle();
      expect(errors).to.deep.equal([]);
      expect(calls).to.deep.equal([
        {
          path: '/me/pass_thread_control',
          body: { recipient: { id: USER_ID }, target_app_id: PAGE_INBOX_APP_ID, metadata: '{"skill":"billing"}' },
        },
      ]);
      expect(events).to.deep.equal([['handoff.status', { state: 'accepted' }]]);
    });

    it('holds the one of two concurrent replies whose send Meta refused with 2018300, and sends the other', async () => {
      const held: Array<string | undefined> = [];
      adapter.use(new HandoverMiddleware({ onHeldMessage: async (_context, activity) => void held.push(activity.text?.slice(0, 3)) }));
      const notOwner = {
        error: {
          message: '(#10) Message failed to send because another app is controlling this thread now.',
          type: 'OAuthException',
          code: 10,
          error_subcode: 2018300,
          fbtrace_id: 'AbCdEfGhIjK',
        },
      };
      const calls = graph([[400, notOwner]]);
      await deliver([textEvent('hi')], async (context) => {
        if (context.activity.type !== 'message') return;
        await Promise.all([context.sendActivity('a'.repeat(2500)), context.sendActivity('The second reply.')]);
      });
      expect(errors).to.deep.equal([]);
      // the long reply's first call was refused: its second part never went; the other reply did
      expect(calls.map((call) => (call.body.message as { text: string }).text.slice(0, 5))).to.deep.equal(['aaaaa', 'The s']);
      expect(held).to.deep.equal(['aaa']);
    });

    it('gives inbound photos a MIME type and sends outbound media by URL', async () => {
      adapter.use(new AttachmentMiddleware());
      const calls = graph();
      const types: string[] = [];
      const photo = { ...textEvent(''), message: { mid: mid(), attachments: [{ type: 'image', payload: { url: PHOTO_URL } }] } };
      await deliver([photo], async (context) => {
        types.push(...(context.activity.attachments ?? []).map((a) => a.contentType));
        await context.sendActivity({
          type: 'message',
          attachments: [{ contentType: 'image/png', contentUrl: 'https://cdn.example.com/chart.png' }],
        });
      });
      expect(errors).to.deep.equal([]);
      expect(types).to.deep.equal(['image/jpeg']);
      expect(calls[0]?.body.message).to.deep.equal({
        attachment: { type: 'image', payload: { url: 'https://cdn.example.com/chart.png', is_reusable: true } },
      });
    });

    describe('with fake timers', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
      });
      afterEach(() => clock.restore());

      /** Lets loopback I/O (nock's answers) run, with real event-loop turns, until `done()`. */
      async function settle(done: () => boolean): Promise<void> {
        for (let turn = 0; turn < 2000 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
        for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
      }

      it('rides out a Graph throttling error: the message goes out once, after the pause', async () => {
        await adapter.close();
        // Graph's own request timeout must not fire while the fake clock jumps over the pause.
        adapter = shell.create({ ...baseOptions, graphTimeoutMs: 600_000 });
        adapter.setOnTurnError(async (error) => void errors.push(error));
        const limiter = new RateLimitMiddleware({ retryBaseMs: 60_000, random: () => 0 });
        adapter.use(limiter);
        const throttled = { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AbCdEf1' } };
        const calls = graph([[400, throttled]]);
        const res = fakeResponse();
        await adapter.process(signedPost(envelope([{ messaging: [textEvent('hi')] }])).req, res, async (context) => {
          await context.sendActivity('hello back');
        });
        // The 400 has come back when the limiter holds the message, paused, with nothing in flight.
        await settle(() => limiter.stats()[0]?.pausedForMs === 60_000 && limiter.stats()[0]?.inFlight === 0);
        await clock.tickAsync(59_000);
        expect(calls).to.have.length(1);
        await clock.tickAsync(2_000);
        await settle(() => calls.length === 2);
        await adapter.whenIdle();
        expect(errors).to.deep.equal([]);
        expect(calls.map((c) => c.body)).to.deep.equal([
          { recipient: { id: USER_ID }, messaging_type: 'RESPONSE', message: { text: 'hello back' } },
          { recipient: { id: USER_ID }, messaging_type: 'RESPONSE', message: { text: 'hello back' } },
        ]);
      });
    });

    it("sends proactively to a reference stored the framework's way", async () => {
      let reference: ProactiveReference | undefined;
      await deliver([textEvent('remember me')], async (context) => {
        reference = adapter.referenceOf(context);
      });
      const account = shell.name === 'agents' ? reference?.agent?.id : reference?.bot?.id;
      expect(account).to.equal(PAGE_ID);
      const calls = graph();
      await adapter.continueConversation(reference!, async (context) => {
        await context.sendActivity('Your order has shipped.');
      });
      expect(calls.map((c) => c.body)).to.deep.equal([
        { recipient: { id: USER_ID }, messaging_type: 'UPDATE', message: { text: 'Your order has shipped.' } },
      ]);
    });

    it('serves an Instagram-Login account: its reply and, from a fresh adapter, its proactive send go to its host with its token', async () => {
      const IG_LOGIN_HOST = 'https://ig.graph.test';
      const IG_LOGIN_SECRET = 'test-instagram-app-secret-9a3d';
      const IG_LOGIN_TOKEN = 'IGAA-test-instagram-login-token';
      const withInstagramLogin = {
        ...baseOptions,
        accessToken: undefined,
        getAccessToken: () => Promise.reject(new Error('only the Instagram-Login account is used here')),
        instagramLogin: { appSecret: IG_LOGIN_SECRET, accessToken: IG_LOGIN_TOKEN, graphApiUrl: IG_LOGIN_HOST },
      };
      const sent: Array<[string | undefined, unknown]> = [];
      nock(IG_LOGIN_HOST)
        .persist()
        .post('/v27.0/me/messages')
        .reply(function (_uri, body) {
          sent.push([this.req.headers.authorization as string | undefined, body]);
          return [200, { recipient_id: IG_USER_ID, message_id: `m_ig_${sent.length}` }];
        });
      await adapter.close();
      adapter = shell.create(withInstagramLogin);
      adapter.setOnTurnError(async (error) => void errors.push(error));
      const igEvent = { ...textEvent('Do you ship?', { userId: IG_USER_ID, pageId: IG_ACCOUNT_ID }), recipient: { id: IG_ACCOUNT_ID } };
      let reference: ProactiveReference | undefined;
      const res = fakeResponse();
      const raw = envelope([{ id: IG_ACCOUNT_ID, messaging: [igEvent] }], 'instagram');
      await adapter.process(signedPost(raw, IG_LOGIN_SECRET).req, res, async (context) => {
        reference = adapter.referenceOf(context);
        await context.sendActivity('We ship to Austria.');
      });
      await adapter.whenIdle();
      expect(res.statusCode).to.equal(200);
      expect(reference?.serviceUrl).to.equal(IG_LOGIN_HOST);
      // A new process: only the stored reference says the account uses Instagram Login.
      await adapter.close();
      adapter = shell.create(withInstagramLogin);
      await adapter.continueConversation(reference!, async (context) => void (await context.sendActivity('It has shipped.')));
      expect(errors).to.deep.equal([]);
      expect(sent).to.deep.equal([
        [`Bearer ${IG_LOGIN_TOKEN}`, { recipient: { id: IG_USER_ID }, messaging_type: 'RESPONSE', message: { text: 'We ship to Austria.' } }],
        [`Bearer ${IG_LOGIN_TOKEN}`, { recipient: { id: IG_USER_ID }, messaging_type: 'UPDATE', message: { text: 'It has shipped.' } }],
      ]);
    });

    it('close(): refuses new POSTs with 503, runs queued turns up to the deadline, reports the rest in counts', async () => {
      await adapter.close();
      const logs: Array<Record<string, unknown> | undefined> = [];
      adapter = shell.create({ ...baseOptions, maxConcurrentTurns: 1, logger: { error: (_m, details) => void logs.push(details) } });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const ran: Array<string | undefined> = [];
      const logic: NeutralLogic = async (context) => {
        ran.push(context.activity.text);
        if (context.activity.text === 'slow') await held;
      };
      const first = fakeResponse();
      await adapter.process(signedPost(envelope([{ messaging: [textEvent('slow'), textEvent('secret text', { timestamp: T0 + 1 })] }])).req, first, logic);
      const closing = adapter.close({ deadlineMs: 50 });
      const late = fakeResponse();
      await adapter.process(signedPost(envelope([{ messaging: [textEvent('late')] }])).req, late, logic);
      const report = await closing;
      release();
      expect([first.statusCode, late.statusCode, JSON.parse(late.body).error.code]).to.deep.equal([200, 503, 'QUEUE_FULL']);
      expect(ran).to.deep.equal(['slow']);
      expect(report).to.deep.equal({ notStarted: 1, stillRunning: 1, unreleasedMarks: 0, handedOver: 0 });
      expect(logs).to.deep.equal([report]);
    });

    it('answers an unexpected failure 500 INTERNAL_ERROR, without contents in the answer or the log', async () => {
      const { req } = signedPost(envelope([{ messaging: [textEvent('secret text')] }]));
      // A broken request object (a framework bug): reading its headers throws an error quoting the body.
      Object.defineProperty(req, 'headers', {
        get: () => {
          throw new TypeError('cannot read headers of secret text');
        },
      });
      const res = fakeResponse();
      await adapter.process(req, res, async () => {});
      expect(res.statusCode).to.equal(500);
      expect(JSON.parse(res.body).error.code).to.equal('INTERNAL_ERROR');
      expect(res.body + JSON.stringify(logged)).not.to.contain('secret');
      expect(logged).to.deep.equal(['botbuilder-adapter-messenger: a webhook request failed unexpectedly']);
    });

    it("names the person from Meta's profile API, and with azureFacebookChannel the bot sees Azure's shapes", async () => {
      await adapter.close();
      adapter = shell.create({ ...baseOptions, azureFacebookChannel: true });
      nock(GRAPH).get(`/v27.0/${USER_ID}`).query((query) => query.fields === 'first_name,last_name').reply(200, { first_name: 'Ada', last_name: 'Lovelace', id: USER_ID });
      const middlewareSaw: unknown[][] = [];
      adapter.use({
        onTurn: async (context, next) => {
          middlewareSaw.push([context.activity.type, context.activity.name, context.activity.text]);
          await next();
        },
      });
      const botSaw: unknown[][] = [];
      const tap = { ...textEvent('Red'), message: { mid: mid(), text: 'Red', quick_reply: { payload: 'COLOUR_RED' } } };
      const standby = { sender: { id: USER_ID }, recipient: { id: PAGE_ID }, timestamp: T0 + 1000, message: { mid: mid(), text: 'to the inbox' } };
      const res = fakeResponse();
      const body = envelope([{ messaging: [tap] }, { standby: [standby] }]);
      await adapter.process(signedPost(body).req, res, async (context) => {
        botSaw.push([context.activity.type, context.activity.name, context.activity.text, context.activity.from?.name]);
      });
      await adapter.whenIdle();
      expect(errors).to.deep.equal([]);
      expect(middlewareSaw).to.deep.equal([
        ['message', undefined, 'COLOUR_RED'],
        ['event', 'messenger.standby', undefined],
      ]);
      expect(botSaw).to.deep.equal([
        ['message', undefined, 'Red', 'Ada Lovelace'],
        ['event', 'standby', undefined, 'Ada Lovelace'],
      ]);
    });

    it("uploads through the framework's upload path to Meta (Instagram with platform: instagram)", async () => {
      const uploads: Array<{ path: string; body: string }> = [];
      nock(GRAPH)
        .persist()
        .post(/\/v27\.0\/me\/message_attachments/)
        .query(true)
        .reply(function (uri, body) {
          uploads.push({ path: uri.replace(/\?.*$/, ''), body: String(body) });
          return [200, { attachment_id: `170000000000000${uploads.length}` }];
        });
      const calls = graph();
      const ids: string[] = [];
      const logic: NeutralLogic = async (context) => {
        const { id } = await adapter.uploadAttachment(context, { type: 'image/png', name: 'chart.png', bytes: Buffer.from('PNG-bytes') });
        ids.push(id);
        const contentUrl = `${UPLOADED_ATTACHMENT_BASE_URI}v3/attachments/${id}/views/original`;
        await context.sendActivity({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl }] });
      };
      await deliver([textEvent('upload')], logic);
      const igEvent = { ...textEvent('upload', { userId: IG_USER_ID, pageId: IG_ACCOUNT_ID }), recipient: { id: IG_ACCOUNT_ID } };
      await deliver([igEvent], logic, 'instagram');
      expect(errors).to.deep.equal([]);
      expect(ids).to.deep.equal(['1700000000000001', '1700000000000002']);
      expect(uploads.map((u) => u.body.includes('"platform":"instagram"') || /name="platform"\r\n\r\ninstagram/.test(u.body))).to.deep.equal([false, true]);
      expect(uploads.every((u) => u.body.includes('PNG-bytes'))).to.equal(true);
      expect(calls.map((c) => c.body.message)).to.deep.equal([
        { attachment: { type: 'image', payload: { attachment_id: '1700000000000001' } } },
        { attachment: { type: 'image', payload: { attachment_id: '1700000000000002' } } },
      ]);
    });

    it('rejects updateActivity and deleteActivity with NOT_SUPPORTED', async () => {
      await deliver([textEvent('edit?')], async (context) => {
        // Both frameworks' TurnContext have these; the neutral type leaves them out (Messenger cannot edit or delete).
        const turn = context as unknown as { updateActivity(a: TurnActivity): Promise<void>; deleteActivity(id: string): Promise<void> };
        for (const call of [() => turn.updateActivity({ type: 'message', id: 'x', text: 'new' }), () => turn.deleteActivity('x')]) {
          const error = await call().then(() => undefined, (e: unknown) => e);
          expect(MessengerError.is(error, 'NOT_SUPPORTED'), String(error)).to.equal(true);
        }
      });
      expect(errors).to.deep.equal([]);
    });
  });
}
