import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { HOUR_MS, type Sandbox, USAGE_HEADER } from '../../sandbox';
import {
  APP_SECRET,
  defined,
  type FakeBot,
  graph,
  IG_ID,
  IG_TOKEN,
  manualClock,
  PAGE_ID,
  PAGE_INBOX,
  PAGE_TOKEN,
  sendText,
  startPair,
} from './helpers';

type ErrorBody = {
  error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
};

describe('sandbox Graph API stand-in', () => {
  let sandbox: Sandbox;
  let bot: FakeBot;
  let close: () => Promise<void>;
  const clock = manualClock();

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 10, 2, 9, 0, 0));
    ({ sandbox, bot, close } = await startPair({ now: clock.now }));
  });
  afterEach(async () => {
    await close();
  });

  describe('authentication', () => {
    it('answers 190 (HTTP 400, OAuthException) to an unknown token', async () => {
      const answer = await graph<ErrorBody>(sandbox, 'GET', '/me', { token: 'EAAB-not-a-token' });
      expect(answer.status).to.equal(400);
      expect(answer.body.error).to.deep.include({
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
      });
      expect(answer.body.error.fbtrace_id).to.match(/^[A-Za-z0-9_-]{23}$/);
    });

    it('answers 2500 without a token', async () => {
      const response = await fetch(`${sandbox.graphApiUrl}/v27.0/me/messages`, { method: 'POST' });
      expect(response.status).to.equal(400);
      expect(((await response.json()) as ErrorBody).error.code).to.equal(2500);
    });

    it('checks appsecret_proof as Meta does (100, GraphMethodException) when missing or wrong', async () => {
      const missing = await graph<ErrorBody>(sandbox, 'GET', '/me', { proof: null });
      expect(missing.status).to.equal(400);
      expect(missing.body.error).to.deep.include({
        message: 'API calls from the server require an appsecret_proof argument',
        type: 'GraphMethodException',
        code: 100,
      });
      const wrong = await graph<ErrorBody>(sandbox, 'GET', '/me', {
        proof: createHmac('sha256', 'another-secret').update(PAGE_TOKEN).digest('hex'),
      });
      expect(wrong.body.error).to.deep.include({
        message: 'Invalid appsecret_proof provided in the API argument',
        code: 100,
      });
      const garbage = await graph<ErrorBody>(sandbox, 'GET', '/me', { proof: 'abc' });
      expect(garbage.body.error.message).to.equal('Invalid appsecret_proof provided in the API argument');
    });

    it('accepts the token as Bearer header or access_token query, and says who /me is', async () => {
      expect((await graph(sandbox, 'GET', '/me')).body).to.deep.equal({ id: PAGE_ID, name: 'Acme Support' });
      const proof = createHmac('sha256', APP_SECRET).update(IG_TOKEN).digest('hex');
      const response = await fetch(
        `${sandbox.graphApiUrl}/v21.0/me?fields=id,username&access_token=${IG_TOKEN}&appsecret_proof=${proof}`,
      );
      expect(await response.json()).to.deep.equal({ id: IG_ID, username: 'acme' });
    });

    it('never writes tokens or proofs into the log', async () => {
      await sandbox.user().say('hi');
      await sendText(sandbox, sandbox.user().id, 'hello');
      await graph(sandbox, 'GET', '/me', { token: 'EAAB-not-a-token' });
      const proof = createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex');
      const log = JSON.stringify(sandbox.log);
      expect(log).not.to.contain(PAGE_TOKEN);
      expect(log).not.to.contain(proof);
      expect(log).not.to.contain('EAAB-not-a-token');
    });
  });

  describe('Send API', () => {
    it('answers { recipient_id, message_id } and works on /{page-id}/messages too', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const answer = await sendText(sandbox, user.id, 'Hello!');
      expect(answer.status).to.equal(200);
      expect(Object.keys(answer.body)).to.deep.equal(['recipient_id', 'message_id']);
      expect(answer.body.recipient_id).to.equal(user.id);
      const byId = await graph(sandbox, 'POST', `/${PAGE_ID}/messages`, {
        body: { recipient: { id: user.id }, messaging_type: 'UPDATE', message: { text: 'by page id' } },
      });
      expect(byId.status).to.equal(200);
      const elsewhere = await graph<ErrorBody>(sandbox, 'POST', '/999999999/messages', {
        body: { recipient: { id: user.id }, message: { text: 'x' } },
      });
      expect(elsewhere.body.error).to.deep.include({
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
    });

    it('answers 100/2018001 for an unknown PSID and 100/2534014 for an unknown IGSID', async () => {
      const unknown = await sendText(sandbox, '1111111111111111', 'hi');
      expect(unknown.body.error).to.deep.include({ code: 100, error_subcode: 2018001 });
      const ig = await sendText(sandbox, '1111111111111111', 'hi', {}, IG_TOKEN);
      expect(ig.body.error).to.deep.include({ code: 100, error_subcode: 2534014 });
    });

    it('accepts a form-encoded body with JSON-valued fields, as Meta does', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const proof = createHmac('sha256', APP_SECRET).update(PAGE_TOKEN).digest('hex');
      const form = new URLSearchParams({
        recipient: JSON.stringify({ id: user.id }),
        messaging_type: 'RESPONSE',
        message: JSON.stringify({ text: 'form post' }),
        access_token: PAGE_TOKEN,
        appsecret_proof: proof,
      });
      const response = await fetch(`${sandbox.graphApiUrl}/v27.0/me/messages`, {
        method: 'POST',
        body: form,
      });
      expect(response.status).to.equal(200);
      expect(sandbox.sent().at(-1)?.text).to.equal('form post');
      expect(sandbox.sent().at(-1)?.body).not.to.have.property('access_token');
    });

    it('checks reply_to, sender actions and their exclusivity with message', async () => {
      const user = sandbox.user();
      const said = await user.say('which one?');
      const quoted = await sendText(sandbox, user.id, 'This one', { reply_to: { mid: said.mid } });
      expect(quoted.status).to.equal(200);
      const wrong = await sendText(sandbox, user.id, 'x', { reply_to: { mid: 'm_unknown' } });
      expect(wrong.body.error).to.deep.include({
        code: 100,
        message: '(#100) Param reply_to[mid] is not a message of this conversation',
      });

      const typing = await graph(sandbox, 'POST', '/me/messages', {
        body: { recipient: { id: user.id }, sender_action: 'typing_on' },
      });
      expect(typing.body).to.deep.equal({ recipient_id: user.id });
      const both = await graph<ErrorBody>(sandbox, 'POST', '/me/messages', {
        body: { recipient: { id: user.id }, sender_action: 'typing_on', message: { text: 'x' } },
      });
      expect(both.body.error.code).to.equal(100);
      const wave = await graph<ErrorBody>(sandbox, 'POST', '/me/messages', {
        body: { recipient: { id: user.id }, sender_action: 'wave' },
      });
      expect(wave.body.error.message).to.equal(
        '(#100) Param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact}',
      );

      await sandbox.idle();
      const echo = bot
        .events()
        .find(({ event }) => (event.message as { is_echo?: boolean } | undefined)?.is_echo);
      expect((defined(echo).event.message as { reply_to?: unknown }).reply_to).to.deep.equal({
        mid: said.mid,
      });
    });

    it('lets Instagram bots react to a user message with sender_action react', async () => {
      const user = sandbox.user(undefined, { platform: 'instagram' });
      const said = await user.say('love it');
      const react = await graph(sandbox, 'POST', '/me/messages', {
        token: IG_TOKEN,
        body: {
          recipient: { id: user.id },
          sender_action: 'react',
          payload: { message_id: said.mid, reaction: 'love' },
        },
      });
      expect(react.status).to.equal(200);
      expect(user.transcript()[0]?.reactions.page).to.equal('love');
    });

    it('refuses the retired tags with 100 even when the window is also closed', async () => {
      const user = sandbox.user();
      await user.say('hi');
      sandbox.clock.advance(10 * 24 * HOUR_MS);
      const retired = await sendText(sandbox, user.id, 'Your order shipped', {
        messaging_type: 'MESSAGE_TAG',
        tag: 'POST_PURCHASE_UPDATE',
      });
      expect(retired.status).to.equal(400);
      expect((retired.body as ErrorBody).error.code).to.equal(100);
      expect((retired.body as ErrorBody).error.error_subcode).to.equal(undefined);
    });

    it('sends HUMAN_AGENT between 24 h and 7 days, and nothing after', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const tag = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
      sandbox.clock.advance(25 * HOUR_MS);
      expect((await sendText(sandbox, user.id, 'plain')).body.error).to.deep.include({
        code: 10,
        error_subcode: 2018278,
      });
      expect((await sendText(sandbox, user.id, 'agent', tag)).status).to.equal(200);
      sandbox.clock.advance(6 * 24 * HOUR_MS);
      expect((await sendText(sandbox, user.id, 'agent', tag)).body.error).to.deep.include({
        code: 10,
        error_subcode: 2018278,
      });
    });
  });

  describe('throttling', () => {
    beforeEach(async () => {
      await close();
      ({ sandbox, bot, close } = await startPair({
        now: clock.now,
        rateLimit: { perSecond: 3, mediaPerSecond: 1, regainAccessMinutes: 1 },
      }));
    });

    it('answers 613 with an X-Business-Use-Case-Usage header past the rate, and keeps the account blocked while calls continue', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await sendText(sandbox, user.id, `n${i}`));
      expect(answers.slice(0, 3).map((a) => a.status)).to.deep.equal([200, 200, 200]);
      expect(JSON.parse(answers[2]?.headers.get(USAGE_HEADER) ?? '{}')).to.deep.equal({
        [PAGE_ID]: [
          {
            type: 'messenger',
            call_count: 100,
            total_cputime: 25,
            total_time: 25,
            estimated_time_to_regain_access: 0,
          },
        ],
      });
      const throttled = answers[3];
      expect(throttled?.status).to.equal(400);
      expect((defined(throttled).body as ErrorBody).error).to.deep.include({
        message: '(#613) Calls to this api have exceeded the rate limit.',
        type: 'OAuthException',
        code: 613,
      });
      expect(JSON.parse(throttled?.headers.get(USAGE_HEADER) ?? '{}')).to.deep.equal({
        [PAGE_ID]: [
          {
            type: 'messenger',
            call_count: 100,
            total_cputime: 25,
            total_time: 25,
            estimated_time_to_regain_access: 1,
          },
        ],
      });

      sandbox.clock.advance(59_000);
      expect((await sendText(sandbox, user.id, 'too early')).status).to.equal(400);
      sandbox.clock.advance(59_000);
      expect(
        (await sendText(sandbox, user.id, 'still blocked: the last call restarted the wait')).status,
      ).to.equal(400);
      sandbox.clock.advance(60_001);
      expect((await sendText(sandbox, user.id, 'back')).status).to.equal(200);
    });

    it('keeps a separate budget for audio and video, and reports instagram usage for IG accounts', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const video = {
        recipient: { id: user.id },
        messaging_type: 'RESPONSE',
        message: { attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } },
      };
      expect((await graph(sandbox, 'POST', '/me/messages', { body: video })).status).to.equal(200);
      expect((await graph(sandbox, 'POST', '/me/messages', { body: video })).status).to.equal(400);
      expect((await sendText(sandbox, user.id, 'text still flows')).status).to.equal(200);

      const igUser = sandbox.user(undefined, { platform: 'instagram' });
      await igUser.say('hi');
      for (let i = 0; i < 3; i += 1) await sendText(sandbox, igUser.id, `n${i}`, {}, IG_TOKEN);
      const throttled = await sendText(sandbox, igUser.id, 'over', {}, IG_TOKEN);
      expect((throttled.body as ErrorBody).error).to.deep.include({ code: 613, error_subcode: 2534040 });
      expect(JSON.parse(throttled.headers.get(USAGE_HEADER) ?? '{}')[IG_ID][0].type).to.equal('instagram');
    });
  });

  describe('attachment upload', () => {
    it('uploads by URL and by multipart file, and the id works in the Send API', async () => {
      const user = sandbox.user();
      await user.say('send me the invoice');
      const byUrl = await graph(sandbox, 'POST', '/me/message_attachments', {
        body: {
          message: {
            attachment: { type: 'image', payload: { url: 'https://example.com/a.png', is_reusable: true } },
          },
        },
      });
      expect(byUrl.body.attachment_id).to.match(/^\d{16}$/);

      const form = new FormData();
      form.set('message', JSON.stringify({ attachment: { type: 'file', payload: { is_reusable: true } } }));
      form.set(
        'filedata',
        new Blob([Buffer.from('%PDF-1.4 invoice')], { type: 'application/pdf' }),
        'invoice.pdf',
      );
      const upload = await graph(sandbox, 'POST', '/me/message_attachments', { form });
      expect(upload.status).to.equal(200);
      const id = String(upload.body.attachment_id);
      const stored = await fetch(`${sandbox.url}/sandbox/media/uploads/${id}`);
      expect(stored.headers.get('content-type')).to.equal('application/pdf');
      expect(await stored.text()).to.equal('%PDF-1.4 invoice');

      const sent = await graph(sandbox, 'POST', '/me/messages', {
        body: {
          recipient: { id: user.id },
          messaging_type: 'RESPONSE',
          message: { attachment: { type: 'file', payload: { attachment_id: id } } },
        },
      });
      expect(sent.status).to.equal(200);
      await sandbox.idle();
      const echo = bot
        .events()
        .find(({ event }) => (event.message as { attachments?: unknown } | undefined)?.attachments);
      expect((defined(echo).event.message as { attachments: unknown[] }).attachments).to.deep.equal([
        { type: 'file', payload: { url: `${sandbox.url}/sandbox/media/uploads/${id}` } },
      ]);
      const otherPage = await graph<ErrorBody>(sandbox, 'POST', '/me/messages', {
        body: {
          recipient: { id: user.id },
          message: { attachment: { type: 'file', payload: { attachment_id: '1234567890123456' } } },
        },
      });
      expect(otherPage.body.error).to.deep.include({ code: 100, error_subcode: 2018074 });
    });

    it('refuses a file whose type does not match (100/2018047) and one over 25 MB (100/2018109)', async () => {
      const form = new FormData();
      form.set('message', JSON.stringify({ attachment: { type: 'image', payload: {} } }));
      form.set('filedata', new Blob(['not an image'], { type: 'text/plain' }), 'note.txt');
      const mismatch = await graph<ErrorBody>(sandbox, 'POST', '/me/message_attachments', { form });
      expect(mismatch.body.error).to.deep.include({ code: 100, error_subcode: 2018047 });

      const big = new FormData();
      big.set('message', JSON.stringify({ attachment: { type: 'video', payload: {} } }));
      big.set('filedata', new Blob([Buffer.alloc(25 * 1024 * 1024 + 1)], { type: 'video/mp4' }), 'big.mp4');
      const tooLarge = await graph<ErrorBody>(sandbox, 'POST', '/me/message_attachments', { form: big });
      expect(tooLarge.body.error).to.deep.include({ code: 100, error_subcode: 2018109 });
    });

    it('returns an attachment_id when a URL attachment is sent with is_reusable', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const sent = await graph(sandbox, 'POST', '/me/messages', {
        body: {
          recipient: { id: user.id },
          messaging_type: 'RESPONSE',
          message: {
            attachment: { type: 'image', payload: { url: 'https://example.com/a.jpg', is_reusable: true } },
          },
        },
      });
      expect(sent.body.attachment_id).to.match(/^\d{16}$/);
    });
  });

  describe('profiles', () => {
    it('reads a user profile with the requested fields, and refuses unknown fields', async () => {
      const user = sandbox.user();
      const profile = await graph(sandbox, 'GET', `/${user.id}`, {
        query: { fields: 'first_name,last_name,profile_pic' },
      });
      expect(profile.body).to.deep.equal({
        first_name: 'Jordan',
        last_name: 'Rivera',
        profile_pic: `${sandbox.url}/sandbox/media/avatar.png?uid=${user.id}`,
        id: user.id,
      });
      const unknown = await graph<ErrorBody>(sandbox, 'GET', `/${user.id}`, { query: { fields: 'email' } });
      expect(unknown.body.error.message).to.equal(
        '(#100) Tried accessing nonexisting field (email) on node type (User)',
      );
    });

    it('needs the Instagram user to have written first (230)', async () => {
      const user = sandbox.user(undefined, { platform: 'instagram' });
      const before = await graph<ErrorBody>(sandbox, 'GET', `/${user.id}`, {
        token: IG_TOKEN,
        query: { fields: 'name,username' },
      });
      expect(before.body.error.code).to.equal(230);
      await user.say('hi');
      const after = await graph(sandbox, 'GET', `/${user.id}`, {
        token: IG_TOKEN,
        query: { fields: 'name,username' },
      });
      expect(after.body).to.deep.equal({ name: 'Jordan Rivera', username: 'jordan.rivera', id: user.id });
    });

    it('sets, reads and deletes Messenger profile fields', async () => {
      const set = await graph(sandbox, 'POST', '/me/messenger_profile', {
        body: {
          get_started: { payload: 'GET_STARTED' },
          greeting: [{ locale: 'default', text: 'Hi {{user_first_name}}!' }],
        },
      });
      expect(set.body).to.deep.equal({ result: 'success' });
      const read = await graph(sandbox, 'GET', '/me/messenger_profile', {
        query: { fields: 'get_started,persistent_menu' },
      });
      expect(read.body).to.deep.equal({ data: [{ get_started: { payload: 'GET_STARTED' } }] });
      const noFields = await graph<ErrorBody>(sandbox, 'GET', '/me/messenger_profile');
      expect(noFields.body.error.message).to.equal('(#100) The parameter fields is required');
      expect(
        (await graph(sandbox, 'DELETE', '/me/messenger_profile', { body: { fields: ['get_started'] } })).body,
      ).to.deep.equal({ result: 'success' });
      const after = await graph(sandbox, 'GET', '/me/messenger_profile', {
        query: { fields: 'get_started,greeting' },
      });
      expect(after.body).to.deep.equal({
        data: [{ greeting: [{ locale: 'default', text: 'Hi {{user_first_name}}!' }] }],
      });

      const user = sandbox.user();
      await graph(sandbox, 'POST', '/me/messenger_profile', { body: { get_started: { payload: 'START' } } });
      const started = await user.getStarted();
      expect(started.event?.postback).to.deep.equal({
        title: 'Get Started',
        payload: 'START',
        mid: started.mid,
      });
    });

    it('answers subscribed_apps and refuses unknown paths with 2500', async () => {
      expect(
        (await graph(sandbox, 'POST', '/me/subscribed_apps', { query: { subscribed_fields: 'messages' } }))
          .body,
      ).to.deep.equal({ success: true });
      const unknown = await graph<ErrorBody>(sandbox, 'POST', '/me/conversations_magic');
      expect(unknown.body.error).to.deep.include({
        code: 2500,
        message: 'Unknown path components: /v27.0/me/conversations_magic',
      });
    });
  });

  describe('thread control', () => {
    it('reports the owner: idle, the bot after a user message, the inbox after a pass', async () => {
      const user = sandbox.user();
      expect(
        (await graph(sandbox, 'GET', '/me/thread_owner', { query: { recipient: user.id } })).body,
      ).to.deep.equal({ data: [] });
      await user.say('hi');
      const owned = await graph(sandbox, 'GET', '/me/thread_owner', { query: { recipient: user.id } });
      expect(owned.body).to.deep.equal({
        data: [
          {
            thread_owner: {
              app_id: '1517776481860111',
              expiration: Math.floor((clock.now() + 24 * HOUR_MS) / 1000),
            },
          },
        ],
      });
      const pass = await graph(sandbox, 'POST', '/me/pass_thread_control', {
        body: { recipient: { id: user.id }, target_app_id: PAGE_INBOX, metadata: 'escalate:billing' },
      });
      expect(pass.body).to.deep.equal({ success: true });
      expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX);
    });

    it('refuses sends while the inbox owns the thread: 2018300 on Messenger, 100/2534037 on Instagram', async () => {
      const user = sandbox.user();
      await user.say('hi');
      await sandbox.inbox.takeOver(user.id);
      const blocked = await sendText(sandbox, user.id, 'bot talking over the agent');
      expect(blocked.status).to.equal(400);
      expect((blocked.body as ErrorBody).error).to.deep.include({
        message: 'Message failed to send because another app is controlling this thread now.',
        code: 2018300,
      });
      const typing = await graph<ErrorBody>(sandbox, 'POST', '/me/messages', {
        body: { recipient: { id: user.id }, sender_action: 'typing_on' },
      });
      expect(typing.body.error.code).to.equal(2018300);

      const igUser = sandbox.user(undefined, { platform: 'instagram' });
      await igUser.say('hi');
      await sandbox.inbox.takeOver(igUser.id);
      const ig = await sendText(sandbox, igUser.id, 'x', {}, IG_TOKEN);
      expect((ig.body as ErrorBody).error).to.deep.include({ code: 100, error_subcode: 2534037 });
    });

    it('refuses pass / release / extend by a non-owner with 100/2534037, and unknown target apps', async () => {
      const user = sandbox.user();
      await user.say('hi');
      const badTarget = await graph<ErrorBody>(sandbox, 'POST', '/me/pass_thread_control', {
        body: { recipient: { id: user.id }, target_app_id: '42' },
      });
      expect(badTarget.body.error.code).to.equal(100);
      await sandbox.inbox.takeOver(user.id);
      for (const edge of ['pass_thread_control', 'release_thread_control', 'extend_thread_control']) {
        const answer = await graph<ErrorBody>(sandbox, 'POST', `/me/${edge}`, {
          body: { recipient: { id: user.id }, target_app_id: PAGE_INBOX, duration: 3600 },
        });
        expect(answer.body.error, edge).to.deep.include({ code: 100, error_subcode: 2534037 });
      }
    });

    it('take returns control to the bot; release makes the thread idle; extend moves the expiration', async () => {
      const user = sandbox.user();
      await user.say('hi');
      await sandbox.inbox.takeOver(user.id);
      expect(
        (await graph(sandbox, 'POST', '/me/take_thread_control', { body: { recipient: { id: user.id } } }))
          .body,
      ).to.deep.equal({ success: true });
      expect(sandbox.threadOwner(user.id)).to.equal('1517776481860111');
      const extend = await graph(sandbox, 'POST', '/me/extend_thread_control', {
        body: { recipient: { id: user.id }, duration: 3 * 24 * 3600 },
      });
      expect(extend.body).to.deep.equal({ success: true });
      const owner = await graph<{ data: { thread_owner: { expiration: number } }[] }>(
        sandbox,
        'GET',
        '/me/thread_owner',
        { query: { recipient: user.id } },
      );
      expect(owner.body.data[0]?.thread_owner.expiration).to.equal(
        Math.floor((clock.now() + 3 * 24 * HOUR_MS) / 1000),
      );
      const tooLong = await graph<ErrorBody>(sandbox, 'POST', '/me/extend_thread_control', {
        body: { recipient: { id: user.id }, duration: 8 * 24 * 3600 },
      });
      expect(tooLong.body.error.message).to.equal('(#100) Param duration must be at most 604800 (7 days)');
      await graph(sandbox, 'POST', '/me/release_thread_control', { body: { recipient: { id: user.id } } });
      expect(sandbox.threadOwner(user.id)).to.equal(undefined);
    });

    it('passes control inside the Send API with thread_control', async () => {
      const user = sandbox.user();
      await user.say('agent please');
      const answer = await sendText(sandbox, user.id, 'Transferring you to an agent', {
        thread_control: { app_id: PAGE_INBOX, control_type: 'pass' },
      });
      expect(answer.status).to.equal(200);
      expect(sandbox.threadOwner(user.id)).to.equal(PAGE_INBOX);
    });
  });
});
