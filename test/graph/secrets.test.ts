import { inspect } from 'node:util';
import { expect } from 'chai';
import nock from 'nock';
import type { MessengerError } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import type { GraphRetryInfo } from '../../adapter/graph/options';
import {
  APP_SECRET,
  GRAPH,
  graphError,
  newClient,
  PAGE_ID,
  PAGE_PROOF,
  PAGE_TOKEN,
  PSID,
  rejectionOf,
} from './helpers';

const TEXT = 'My card number is 4111 1111 1111 1111';
const BODY = { recipient: { id: PSID }, messaging_type: 'RESPONSE' as const, message: { text: TEXT } };
const FORBIDDEN = [PAGE_TOKEN, APP_SECRET, PAGE_PROOF, TEXT, '4111'];

/** Everything a logger could print about an error. */
function everything(error: unknown): string {
  const e = error as MessengerError;
  return [
    e.message,
    e.stack ?? '',
    JSON.stringify(e.details ?? {}),
    inspect(e, { depth: 20, showHidden: true }),
    inspect(e.cause, { depth: 20, showHidden: true }),
    JSON.stringify(e),
  ].join('\n');
}

function expectClean(error: unknown): void {
  const text = everything(error);
  for (const secret of FORBIDDEN) expect(text, `leaked ${secret.slice(0, 8)}…`).not.to.contain(secret);
}

describe('no secrets or message contents in errors', () => {
  let client: GraphClient;
  beforeEach(() => {
    client = newClient({ maxRetries: 0 });
  });
  afterEach(() => {
    client.close();
    nock.cleanAll();
  });

  it('redacts a Graph message that echoes the token, the proof or the secret', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(
        400,
        graphError(
          190,
          undefined,
          `Invalid OAuth access token ${PAGE_TOKEN}; invalid appsecret_proof ${PAGE_PROOF} for secret ${APP_SECRET}`,
        ),
      );
    const error = await rejectionOf(client.sendMessage(PAGE_ID, BODY));
    expectClean(error);
    expect(error.message).to.contain('Invalid OAuth access token [redacted]');
  });

  it('removes message text that Graph quotes, whole, JSON-escaped or cut short (fault 6)', async () => {
    const quotes = [
      `(#100) Invalid parameter: message text "${TEXT}" is not allowed`,
      `(#100) Param message[text] ${JSON.stringify({ text: TEXT })} is invalid`,
      `(#100) The text "${TEXT.slice(0, 20)}..." is too long`,
    ];
    for (const quote of quotes) {
      nock(GRAPH).post('/v27.0/me/messages').query(true).reply(400, graphError(100, undefined, quote));
      const error = await rejectionOf(client.sendMessage(PAGE_ID, BODY));
      expectClean(error);
      expect(error.message).to.contain('[message content]');
      expect(error.message).to.contain('(#100)');
    }
  });

  it('redacts Meta-looking tokens it was not told about', async () => {
    nock(GRAPH)
      .get('/v27.0/me')
      .query(true)
      .reply(
        400,
        graphError(100, undefined, 'Param access_token=EAAOtherToken1234567890abcdef is for another app'),
      );
    const error = await rejectionOf(client.raw(PAGE_ID, 'GET', '/me'));
    expect(error.message).not.to.contain('EAAOtherToken');
    expect(error.message).to.contain('access_token=[redacted]');
  });

  for (const [code, message] of [
    ['ECONNREFUSED', 'connect ECONNREFUSED 157.240.0.35:443'],
    ['ECONNRESET', `socket hang up while sending ${TEXT} with ${PAGE_TOKEN}`],
  ] as const) {
    it(`keeps a sanitized cause for ${code} (no axios config, request or body)`, async () => {
      nock(GRAPH)
        .post('/v27.0/me/messages')
        .query(true)
        .replyWithError(Object.assign(new Error(message), { code }));
      const error = (await rejectionOf(client.sendMessage(PAGE_ID, BODY))) as MessengerError;
      expect(error.code).to.equal('NETWORK_ERROR');
      const cause = error.cause as Record<string, unknown>;
      expect(cause).to.be.instanceOf(Error);
      expect(Object.keys(cause).sort()).to.deep.equal(['code', 'name']);
      expect(cause.code).to.equal(code);
      expect(everything(error)).not.to.contain(PAGE_TOKEN);
      expect(everything(error)).not.to.contain(APP_SECRET);
      expect(everything(error)).not.to.contain(PAGE_PROOF);
      expect(inspect(error.cause)).not.to.match(/config|headers|Authorization/i);
    });
  }

  it('says nothing of the request in a failed send', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(400, graphError(10, 2018278, '(#10) This message is sent outside of allowed window.'));
    expectClean(await rejectionOf(client.sendMessage(PAGE_ID, BODY)));
  });

  it('says nothing of the body in an unexpected answer or a bare 5xx', async () => {
    nock(GRAPH).post('/v27.0/me/messages').query(true).reply(200, `<html>${TEXT} ${PAGE_TOKEN}</html>`);
    expectClean(await rejectionOf(client.sendMessage(PAGE_ID, BODY)));
    nock(GRAPH).post('/v27.0/me/messages').query(true).reply(500, `<html>${TEXT}</html>`);
    expectClean(await rejectionOf(client.sendMessage(PAGE_ID, BODY)));
  });

  it('hands onRetry a clean error', async () => {
    const seen: GraphRetryInfo[] = [];
    const retrying = newClient({ retryBaseMs: 0, onRetry: (info) => seen.push(info) });
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .replyWithError(
        Object.assign(new Error(`connect ECONNREFUSED ${PAGE_TOKEN}`), { code: 'ECONNREFUSED' }),
      )
      .post('/v27.0/me/messages')
      .query(true)
      .reply(200, { message_id: 'm_1', recipient_id: PSID });
    await retrying.sendMessage(PAGE_ID, BODY);
    expect(seen).to.have.length(1);
    expectClean(seen[0]?.error);
    retrying.close();
  });

  it('never shows the token or secret when the client itself is inspected', () => {
    const text = inspect(client, { depth: 20, showHidden: true });
    expect(text).not.to.contain(PAGE_TOKEN);
    expect(text).not.to.contain(APP_SECRET);
  });

  it('never echoes option values in CONFIG_INVALID', () => {
    let error: unknown;
    try {
      newClient({ accessToken: PAGE_TOKEN, getAccessToken: () => PAGE_TOKEN, graphApiVersion: APP_SECRET });
    } catch (e) {
      error = e;
    }
    expect((error as MessengerError).code).to.equal('CONFIG_INVALID');
    expectClean(error);
  });
});
