import { expect } from 'chai';
import nock from 'nock';
import { GraphApiError, MessengerError } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import {
  GRAPH,
  graphError,
  IGSID,
  newClient,
  PAGE_ID,
  PAGE_INBOX,
  PAGE_PROOF,
  PAGE_TOKEN,
  PSID,
  parseMultipart,
  rejectionOf,
} from './helpers';

const AUTH = `Bearer ${PAGE_TOKEN}`;

describe('GraphClient requests', () => {
  let client: GraphClient;

  beforeEach(() => {
    client = newClient();
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
  });

  describe('sendMessage', () => {
    it('posts the Send API body to /v27.0/me/messages with a Bearer token and appsecret_proof', async () => {
      const body = {
        recipient: { id: PSID },
        messaging_type: 'RESPONSE' as const,
        message: { text: 'Your order #1042 has shipped.' },
      };
      let seen: { path: string; headers: Record<string, unknown> } | undefined;
      const scope = nock(GRAPH)
        .post('/v27.0/me/messages', body)
        .query({ appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .matchHeader('content-type', /^application\/json/)
        .reply(function () {
          seen = { path: this.req.path, headers: this.req.headers };
          return [
            200,
            {
              recipient_id: PSID,
              message_id:
                'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P',
            },
          ];
        });

      const result = await client.sendMessage(PAGE_ID, body);

      scope.done();
      expect(result).to.deep.equal({
        messageId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P',
        recipientId: PSID,
      });
      expect(seen?.path).to.equal(`/v27.0/me/messages?appsecret_proof=${PAGE_PROOF}`);
      expect(seen?.path).not.to.contain(PAGE_TOKEN);
      expect(seen?.headers['user-agent']).to.equal('botbuilder-adapter-messenger');
    });

    it('returns an empty messageId for a sender_action body (Graph gives none)', async () => {
      const body = { recipient: { id: PSID }, sender_action: 'typing_on' };
      nock(GRAPH)
        .post('/v27.0/me/messages', body)
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { recipient_id: PSID });
      expect(await client.sendMessage(PAGE_ID, body)).to.deep.equal({ messageId: '', recipientId: PSID });
    });

    it('omits recipientId when Graph gives none (user_ref recipients)', async () => {
      const body = { recipient: { user_ref: 'UREF_123' }, message: { text: 'Thanks for subscribing' } };
      nock(GRAPH).post('/v27.0/me/messages', body).query(true).reply(200, { message_id: 'm_1' });
      expect(await client.sendMessage(PAGE_ID, body)).to.deep.equal({ messageId: 'm_1' });
    });

    it('rejects with GRAPH_ERROR when a message send returns no message_id', async () => {
      nock(GRAPH).post('/v27.0/me/messages').query(true).reply(200, { recipient_id: PSID });
      const error = await rejectionOf(
        client.sendMessage(PAGE_ID, { recipient: { id: PSID }, message: { text: 'x' } }),
      );
      expect(error).to.be.instanceOf(MessengerError);
      expect((error as MessengerError).code).to.equal('GRAPH_ERROR');
      expect(error.message).to.contain("'POST /me/messages'");
    });

    it('rejects a body without recipient before any request', async () => {
      const error = await rejectionOf(client.sendMessage(PAGE_ID, { message: { text: 'x' } } as never));
      expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    });
  });

  describe('senderAction', () => {
    it('posts typing_on with the persona', async () => {
      const scope = nock(GRAPH)
        .post('/v27.0/me/messages', {
          recipient: { id: PSID },
          sender_action: 'typing_on',
          persona_id: '1049283746',
        })
        .query({ appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, { recipient_id: PSID });
      await client.senderAction(PAGE_ID, PSID, 'typing_on', '1049283746');
      scope.done();
    });

    it('posts mark_seen without persona_id', async () => {
      const scope = nock(GRAPH)
        .post('/v27.0/me/messages', { recipient: { id: PSID }, sender_action: 'mark_seen' })
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { recipient_id: PSID });
      await client.senderAction(PAGE_ID, PSID, 'mark_seen');
      scope.done();
    });

    it('refuses an unknown action', async () => {
      const error = await rejectionOf(client.senderAction(PAGE_ID, PSID, 'react' as never));
      expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    });
  });

  describe('conversation routing', () => {
    const cases: [string, (c: GraphClient) => Promise<void>, nock.DataMatcherMap][] = [
      [
        'pass_thread_control',
        (c) => c.passThreadControl(PAGE_ID, PSID, PAGE_INBOX, 'escalate:billing'),
        { recipient: { id: PSID }, target_app_id: PAGE_INBOX, metadata: 'escalate:billing' },
      ],
      [
        'take_thread_control',
        (c) => c.takeThreadControl(PAGE_ID, PSID, 'bot resumes'),
        { recipient: { id: PSID }, metadata: 'bot resumes' },
      ],
      ['request_thread_control', (c) => c.requestThreadControl(PAGE_ID, PSID), { recipient: { id: PSID } }],
      [
        'release_thread_control',
        (c) => c.releaseThreadControl(PAGE_ID, PSID, 'done'),
        { recipient: { id: PSID }, metadata: 'done' },
      ],
      [
        'extend_thread_control',
        (c) => c.extendThreadControl(PAGE_ID, PSID, 3600),
        { recipient: { id: PSID }, duration: 3600 },
      ],
    ];
    for (const [edge, call, body] of cases) {
      it(`posts ${edge} with the exact body`, async () => {
        const scope = nock(GRAPH)
          .post(`/v27.0/me/${edge}`, body)
          .query({ appsecret_proof: PAGE_PROOF })
          .matchHeader('authorization', AUTH)
          .reply(200, { success: true });
        await call(client);
        scope.done();
      });
    }

    it('rejects with GRAPH_ERROR when Graph answers success: false', async () => {
      nock(GRAPH).post('/v27.0/me/take_thread_control').query(true).reply(200, { success: false });
      const error = await rejectionOf(client.takeThreadControl(PAGE_ID, PSID));
      expect((error as MessengerError).code).to.equal('GRAPH_ERROR');
      expect(error.message).to.contain("'POST /me/take_thread_control'");
    });

    it('checks arguments before calling Graph', async () => {
      expect(
        ((await rejectionOf(client.extendThreadControl(PAGE_ID, PSID, 0))) as MessengerError).code,
      ).to.equal('CONFIG_INVALID');
      expect(
        ((await rejectionOf(client.extendThreadControl(PAGE_ID, PSID, 604_801))) as MessengerError).code,
      ).to.equal('CONFIG_INVALID');
      expect(
        ((await rejectionOf(client.passThreadControl(PAGE_ID, '../me', PAGE_INBOX))) as MessengerError).code,
      ).to.equal('CONFIG_INVALID');
      expect(
        ((await rejectionOf(client.releaseThreadControl(PAGE_ID, PSID, 'x'.repeat(1000)))) as MessengerError)
          .code,
      ).to.equal('CONFIG_INVALID');
    });

    it('getThreadOwner returns the owner app id', async () => {
      const scope = nock(GRAPH)
        .get('/v27.0/me/thread_owner')
        .query({ recipient: PSID, appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, { data: [{ thread_owner: { app_id: PAGE_INBOX } }] });
      expect(await client.getThreadOwner(PAGE_ID, PSID)).to.equal(PAGE_INBOX);
      scope.done();
    });

    it('getThreadOwner converts a numeric app id to a string', async () => {
      nock(GRAPH)
        .get('/v27.0/me/thread_owner')
        .query(true)
        .reply(200, { data: [{ thread_owner: { app_id: 1517776481860111, expiration: 1767225600 } }] });
      expect(await client.getThreadOwner(PAGE_ID, PSID)).to.equal('1517776481860111');
    });

    it('getThreadOwner returns undefined for an idle thread', async () => {
      nock(GRAPH)
        .get('/v27.0/me/thread_owner')
        .query({ recipient: PSID, appsecret_proof: PAGE_PROOF })
        .reply(200, { data: [] });
      expect(await client.getThreadOwner(PAGE_ID, PSID)).to.equal(undefined);
    });
  });

  describe('getUserProfile', () => {
    it('reads first_name,last_name,profile_pic on Messenger', async () => {
      const profile = {
        first_name: 'Ana',
        last_name: 'Silva',
        profile_pic: 'https://platform-lookaside.fbsbx.com/p.jpg',
        id: PSID,
      };
      const scope = nock(GRAPH)
        .get(`/v27.0/${PSID}`)
        .query({ fields: 'first_name,last_name,profile_pic', appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, profile);
      expect(await client.getUserProfile(PAGE_ID, PSID)).to.deep.equal(profile);
      scope.done();
    });

    it('reads the Instagram fields for channel instagram', async () => {
      const profile = {
        name: null,
        username: 'jane.doe',
        profile_pic: 'https://x',
        follower_count: 12,
        id: IGSID,
      };
      nock(GRAPH)
        .get(`/v27.0/${IGSID}`)
        .query({
          fields:
            'name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user',
          appsecret_proof: PAGE_PROOF,
        })
        .reply(200, profile);
      expect(await client.getUserProfile(PAGE_ID, IGSID, undefined, 'instagram')).to.deep.equal(profile);
    });

    it('reads the given fields', async () => {
      nock(GRAPH)
        .get(`/v27.0/${PSID}`)
        .query({ fields: 'first_name,locale', appsecret_proof: PAGE_PROOF })
        .reply(200, { first_name: 'Ana' });
      expect(await client.getUserProfile(PAGE_ID, PSID, ['first_name', 'locale'])).to.deep.equal({
        first_name: 'Ana',
      });
    });

    it('refuses a user id that is not a Graph id', async () => {
      const error = await rejectionOf(client.getUserProfile(PAGE_ID, 'me/accounts'));
      expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    });
  });

  describe('uploadAttachment', () => {
    it('uploads by URL as JSON', async () => {
      const scope = nock(GRAPH)
        .post('/v27.0/me/message_attachments', {
          message: {
            attachment: {
              type: 'image',
              payload: { url: 'https://cdn.example.com/shirt.png', is_reusable: true },
            },
          },
        })
        .query({ appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, { attachment_id: '1857777774821032' });
      expect(
        await client.uploadAttachment(PAGE_ID, { type: 'image', url: 'https://cdn.example.com/shirt.png' }),
      ).to.equal('1857777774821032');
      scope.done();
    });

    it('uploads bytes as multipart with message and filedata parts', async () => {
      let parts: ReturnType<typeof parseMultipart> = [];
      const scope = nock(GRAPH)
        .post('/v27.0/me/message_attachments')
        .query({ appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(function (_uri, body) {
          parts = parseMultipart(String(this.req.headers['content-type']), String(body));
          return [200, { attachment_id: 1857777774821099 }];
        });
      const id = await client.uploadAttachment(PAGE_ID, {
        type: 'file',
        data: Buffer.from('%PDF-1.7 invoice'),
        contentType: 'application/pdf',
        filename: 'invoice.pdf',
        isReusable: false,
      });
      scope.done();
      expect(id).to.equal('1857777774821099');
      expect(parts).to.deep.equal([
        {
          name: 'message',
          value: JSON.stringify({ attachment: { type: 'file', payload: { is_reusable: false } } }),
        },
        {
          name: 'filedata',
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          value: '%PDF-1.7 invoice',
        },
      ]);
    });

    it('uploads for Instagram with platform "instagram" first in the multipart body', async () => {
      let parts: ReturnType<typeof parseMultipart> = [];
      nock(GRAPH)
        .post('/v27.0/me/message_attachments')
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(function (_uri, body) {
          parts = parseMultipart(String(this.req.headers['content-type']), String(body));
          return [200, { attachment_id: '1857777774821100' }];
        });
      const id = await client.uploadAttachment(PAGE_ID, {
        type: 'image',
        data: Buffer.from('PNG-bytes'),
        contentType: 'image/png',
        filename: 'architecture-resize.png',
        platform: 'instagram',
      });
      expect(id).to.equal('1857777774821100');
      expect(parts).to.deep.equal([
        { name: 'platform', value: 'instagram' },
        {
          name: 'message',
          value: JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }),
        },
        {
          name: 'filedata',
          filename: 'architecture-resize.png',
          contentType: 'image/png',
          value: 'PNG-bytes',
        },
      ]);
    });

    it('uploads for Instagram by URL with platform "instagram" in the JSON body', async () => {
      const scope = nock(GRAPH)
        .post('/v27.0/me/message_attachments', {
          platform: 'instagram',
          message: {
            attachment: {
              type: 'image',
              payload: { url: 'https://cdn.example.com/shirt.png', is_reusable: true },
            },
          },
        })
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { attachment_id: '1857777774821101' });
      expect(
        await client.uploadAttachment(PAGE_ID, {
          type: 'image',
          url: 'https://cdn.example.com/shirt.png',
          platform: 'instagram',
        }),
      ).to.equal('1857777774821101');
      scope.done();
    });

    it('names the file part after the type when no filename is given', async () => {
      let parts: ReturnType<typeof parseMultipart> = [];
      nock(GRAPH)
        .post('/v27.0/me/message_attachments')
        .query(true)
        .reply(function (_uri, body) {
          parts = parseMultipart(String(this.req.headers['content-type']), String(body));
          return [200, { attachment_id: '42' }];
        });
      await client.uploadAttachment(PAGE_ID, {
        type: 'image',
        data: Buffer.from('GIF89a'),
        contentType: 'image/gif',
      });
      expect(parts[1]).to.deep.equal({
        name: 'filedata',
        filename: 'image',
        contentType: 'image/gif',
        value: 'GIF89a',
      });
      expect(JSON.parse(parts[0]?.value ?? '')).to.deep.equal({
        attachment: { type: 'image', payload: { is_reusable: true } },
      });
    });

    it('refuses a file over 25 MB before calling Graph', async () => {
      const error = await rejectionOf(
        client.uploadAttachment(PAGE_ID, {
          type: 'video',
          data: Buffer.alloc(25 * 1024 * 1024 + 1),
          contentType: 'video/mp4',
        }),
      );
      expect((error as MessengerError).code).to.equal('ATTACHMENT_REJECTED');
    });

    it('refuses invalid input', async () => {
      const error = await rejectionOf(
        client.uploadAttachment(PAGE_ID, { type: 'sticker', url: 'ftp://x' } as never),
      );
      expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
      expect(error.message).to.contain('type').and.to.contain('url');
    });
  });

  describe('Messenger Profile', () => {
    it('reads get_started, greeting, ice_breakers and persistent_menu', async () => {
      const profile = {
        get_started: { payload: 'GET_STARTED' },
        greeting: [{ locale: 'default', text: 'Hi!' }],
      };
      const scope = nock(GRAPH)
        .get('/v27.0/me/messenger_profile')
        .query({ fields: 'get_started,greeting,ice_breakers,persistent_menu', appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, { data: [profile] });
      expect(await client.getMessengerProfile(PAGE_ID)).to.deep.equal(profile);
      scope.done();
    });

    it('returns an empty profile when nothing is set', async () => {
      nock(GRAPH).get('/v27.0/me/messenger_profile').query(true).reply(200, { data: [] });
      expect(await client.getMessengerProfile(PAGE_ID, ['greeting'])).to.deep.equal({});
    });

    it('sets fields with a JSON POST', async () => {
      const profile = {
        get_started: { payload: 'GET_STARTED' },
        persistent_menu: [
          {
            locale: 'default',
            composer_input_disabled: false,
            call_to_actions: [{ type: 'postback' as const, title: 'Talk to an agent', payload: 'AGENT' }],
          },
        ],
      };
      const scope = nock(GRAPH)
        .post('/v27.0/me/messenger_profile', profile)
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { result: 'success' });
      await client.setMessengerProfile(PAGE_ID, profile);
      scope.done();
    });

    it('sets Instagram ice breakers with platform=instagram', async () => {
      const profile = {
        ice_breakers: [
          { locale: 'default', call_to_actions: [{ question: 'Where is my order?', payload: 'ORDER' }] },
        ],
      };
      const scope = nock(GRAPH)
        .post('/v27.0/me/messenger_profile', profile)
        .query({ platform: 'instagram', appsecret_proof: PAGE_PROOF })
        .reply(200, { result: 'success' });
      await client.setMessengerProfile(PAGE_ID, profile, 'instagram');
      scope.done();
    });

    it('deletes fields with a JSON DELETE', async () => {
      const scope = nock(GRAPH)
        .delete('/v27.0/me/messenger_profile', { fields: ['greeting', 'ice_breakers'] })
        .query({ appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(200, { result: 'success' });
      await client.deleteMessengerProfile(PAGE_ID, ['greeting', 'ice_breakers']);
      scope.done();
    });
  });

  it('privateReply sends to the comment id', async () => {
    const commentId = '690891113073877_759878495960329';
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages', {
        recipient: { comment_id: commentId },
        message: { text: 'We sent you the price in a DM.' },
      })
      .query({ appsecret_proof: PAGE_PROOF })
      .reply(200, { recipient_id: PSID, message_id: 'm_private' });
    expect(
      await client.privateReply(PAGE_ID, commentId, { text: 'We sent you the price in a DM.' }),
    ).to.deep.equal({
      messageId: 'm_private',
    });
    scope.done();
  });

  it('subscribeApp posts subscribed_fields', async () => {
    const scope = nock(GRAPH)
      .post('/v27.0/me/subscribed_apps')
      .query({
        subscribed_fields: 'messages,messaging_postbacks,messaging_handovers,standby',
        appsecret_proof: PAGE_PROOF,
      })
      .matchHeader('authorization', AUTH)
      .reply(200, { success: true });
    await client.subscribeApp(PAGE_ID, ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby']);
    scope.done();
  });

  describe('raw', () => {
    it('sends the query, returns status, data and usage', async () => {
      nock(GRAPH)
        .get('/v27.0/me/conversations')
        .query({ platform: 'instagram', appsecret_proof: PAGE_PROOF })
        .matchHeader('authorization', AUTH)
        .reply(
          200,
          { data: [{ id: 't_1' }] },
          { 'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":25}' },
        );
      const response = await client.raw<{ data: { id: string }[] }>(PAGE_ID, 'GET', '/me/conversations', {
        query: { platform: 'instagram' },
      });
      expect(response).to.deep.equal({
        status: 200,
        data: { data: [{ id: 't_1' }] },
        usage: { callCountPercent: 28, timePercent: 25 },
      });
    });

    it('keeps a path that names its own version', async () => {
      const scope = nock(GRAPH)
        .get('/v24.0/me')
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { id: PAGE_ID });
      await client.raw(PAGE_ID, 'GET', '/v24.0/me');
      scope.done();
    });

    it('uses graphApiUrl and graphApiVersion', async () => {
      const local = newClient({ graphApiUrl: 'http://127.0.0.1:9/graph/', graphApiVersion: 'v26.0' });
      const scope = nock('http://127.0.0.1:9')
        .get('/graph/v26.0/me')
        .query({ appsecret_proof: PAGE_PROOF })
        .reply(200, { id: PAGE_ID });
      await local.raw(PAGE_ID, 'GET', '/me');
      scope.done();
      local.close();
    });

    it('refuses a token or proof in the query and unsafe paths', async () => {
      for (const [path, query] of [
        ['/me', { access_token: PAGE_TOKEN }],
        ['/me', { appsecret_proof: 'x' }],
        ['/me?fields=id', {}],
        ['/me/../../oauth', {}],
        ['/..', {}],
        ['/me/..', {}],
        ['me', {}],
      ] as const) {
        const error = await rejectionOf(client.raw(PAGE_ID, 'GET', path, { query }));
        expect((error as MessengerError).code, path).to.equal('CONFIG_INVALID');
        expect(error.message).not.to.contain(PAGE_TOKEN);
      }
    });

    it('rejects a 200 body that is not JSON with GRAPH_ERROR (not retried)', async () => {
      const scope = nock(GRAPH).get('/v27.0/me').query(true).reply(200, '<html>captive portal</html>');
      const error = await rejectionOf(client.raw(PAGE_ID, 'GET', '/me'));
      scope.done();
      expect(error).to.be.instanceOf(MessengerError).and.not.instanceOf(GraphApiError);
      expect((error as MessengerError).code).to.equal('GRAPH_ERROR');
      expect(error.message).to.contain("'GET /me' returned HTTP 200 with an unexpected body");
    });

    it('treats a 200 carrying a Graph error envelope as the error', async () => {
      nock(GRAPH)
        .get('/v27.0/me')
        .query(true)
        .reply(200, graphError(190, 463, 'Error validating access token: Session has expired'));
      const error = (await rejectionOf(client.raw(PAGE_ID, 'GET', '/me'))) as GraphApiError;
      expect(error.code).to.equal('AUTH_FAILED');
      expect(error.graphSubcode).to.equal(463);
    });
  });

  it('close() makes later calls fail with CONFIG_INVALID', async () => {
    client.close();
    const error = await rejectionOf(client.raw(PAGE_ID, 'GET', '/me'));
    expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    expect(error.message).to.contain('closed');
  });
});
