import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import type { GraphApiError, MessengerError } from '../../adapter/errors';
import { GraphClient } from '../../adapter/graph/graphClient';
import { AccessTokens, AppSecretProofs, appSecretProof } from '../../adapter/graph/tokens';
import { APP_SECRET, GRAPH, graphError, PSID, proofOf, rejectionOf } from './helpers';

const PAGE_A = '370873143344730';
const PAGE_B = '404217156637689';
const TOKEN_A = 'EAAGpageAtoken000000000000000001';
const TOKEN_A2 = 'EAAGpageAtoken000000000000000002';
const TOKEN_B = 'EAAGpageBtoken000000000000000001';

function ownerReply(appId: string) {
  return { data: [{ thread_owner: { app_id: appId } }] };
}

describe('access tokens', () => {
  let clock: sinon.SinonFakeTimers;
  let client: GraphClient | undefined;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_767_225_600_000, toFake: ['Date'] });
  });
  afterEach(() => {
    client?.close();
    client = undefined;
    clock.restore();
    nock.cleanAll();
  });

  it('uses each account’s token and proof, asking getAccessToken once per account', async () => {
    const getAccessToken = sinon
      .stub<[string], Promise<string>>()
      .callsFake(async (id) => (id === PAGE_A ? TOKEN_A : TOKEN_B));
    client = new GraphClient({ appSecret: APP_SECRET, getAccessToken });
    const scope = nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query({ recipient: PSID, appsecret_proof: proofOf(TOKEN_A) })
      .matchHeader('authorization', `Bearer ${TOKEN_A}`)
      .twice()
      .reply(200, ownerReply('1'))
      .get('/v27.0/me/thread_owner')
      .query({ recipient: PSID, appsecret_proof: proofOf(TOKEN_B) })
      .matchHeader('authorization', `Bearer ${TOKEN_B}`)
      .reply(200, ownerReply('2'));

    expect(await client.getThreadOwner(PAGE_A, PSID)).to.equal('1');
    expect(await client.getThreadOwner(PAGE_B, PSID)).to.equal('2');
    expect(await client.getThreadOwner(PAGE_A, PSID)).to.equal('1');

    scope.done();
    expect(getAccessToken.args).to.deep.equal([[PAGE_A], [PAGE_B]]);
  });

  it('asks again after the cache TTL', async () => {
    const getAccessToken = sinon.stub().returns(TOKEN_A);
    client = new GraphClient({ appSecret: APP_SECRET, getAccessToken, tokenCacheTtlMs: 60_000 });
    nock(GRAPH).get('/v27.0/me/thread_owner').query(true).times(3).reply(200, { data: [] });
    await client.getThreadOwner(PAGE_A, PSID);
    clock.tick(59_999);
    await client.getThreadOwner(PAGE_A, PSID);
    expect(getAccessToken.callCount).to.equal(1);
    clock.tick(1);
    await client.getThreadOwner(PAGE_A, PSID);
    expect(getAccessToken.callCount).to.equal(2);
  });

  it('fetches a token once for concurrent calls', async () => {
    let release: (token: string) => void = () => undefined;
    const getAccessToken = sinon.stub().returns(new Promise<string>((resolve) => (release = resolve)));
    client = new GraphClient({ appSecret: APP_SECRET, getAccessToken });
    nock(GRAPH).get('/v27.0/me/thread_owner').query(true).times(3).reply(200, { data: [] });
    const calls = [1, 2, 3].map(() => client?.getThreadOwner(PAGE_A, PSID));
    release(TOKEN_A);
    await Promise.all(calls);
    expect(getAccessToken.callCount).to.equal(1);
  });

  it('drops a token Graph refuses (190) and retries once with the rotated token', async () => {
    const getAccessToken = sinon.stub();
    getAccessToken.onFirstCall().returns(TOKEN_A);
    getAccessToken.onSecondCall().returns(TOKEN_A2);
    client = new GraphClient({ appSecret: APP_SECRET, getAccessToken });
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query({ appsecret_proof: proofOf(TOKEN_A) })
      .matchHeader('authorization', `Bearer ${TOKEN_A}`)
      .reply(
        401,
        graphError(
          190,
          460,
          'Error validating access token: The session has been invalidated because the user changed their password',
        ),
      )
      .post('/v27.0/me/messages')
      .query({ appsecret_proof: proofOf(TOKEN_A2) })
      .matchHeader('authorization', `Bearer ${TOKEN_A2}`)
      .twice()
      .reply(200, { recipient_id: PSID, message_id: 'm_1' });

    const body = { recipient: { id: PSID }, message: { text: 'hi' } };
    expect((await client.sendMessage(PAGE_A, body)).messageId).to.equal('m_1');
    expect((await client.sendMessage(PAGE_A, body)).messageId).to.equal('m_1');
    scope.done();
    expect(getAccessToken.callCount).to.equal(2);
  });

  it('throws AUTH_FAILED when the provider still returns the refused token, and asks again next time', async () => {
    const getAccessToken = sinon.stub().returns(TOKEN_A);
    client = new GraphClient({ appSecret: APP_SECRET, getAccessToken });
    const scope = nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(401, graphError(190, 463, 'Error validating access token: Session has expired'))
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(401, graphError(190, 463, 'Error validating access token: Session has expired'));
    const error = (await rejectionOf(client.getThreadOwner(PAGE_A, PSID))) as GraphApiError;
    expect(error.code).to.equal('AUTH_FAILED');
    expect(getAccessToken.callCount).to.equal(2);
    expect(scope.pendingMocks()).to.have.length(1);
    await rejectionOf(client.getThreadOwner(PAGE_A, PSID));
    expect(getAccessToken.callCount).to.equal(4);
    scope.done();
  });

  it('a fixed accessToken is never refetched: 190 is thrown once', async () => {
    client = new GraphClient({ appSecret: APP_SECRET, accessToken: TOKEN_A });
    const scope = nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(401, graphError(190, undefined, 'Invalid OAuth access token.'));
    expect(((await rejectionOf(client.getThreadOwner(PAGE_A, PSID))) as MessengerError).code).to.equal(
      'AUTH_FAILED',
    );
    scope.done();
  });

  it('wraps a failing or empty getAccessToken in CONFIG_INVALID', async () => {
    client = new GraphClient({
      appSecret: APP_SECRET,
      getAccessToken: (id) => {
        if (id === PAGE_A) throw new Error('vault unreachable');
        return '';
      },
    });
    const failing = (await rejectionOf(client.getThreadOwner(PAGE_A, PSID))) as MessengerError;
    expect(failing.code).to.equal('CONFIG_INVALID');
    expect(failing.message).to.equal(
      `getAccessToken('${PAGE_A}') failed. It must return the Page access token of that Page or Instagram account id.`,
    );
    expect((failing.cause as Error).message).to.equal('vault unreachable');
    const empty = (await rejectionOf(client.getThreadOwner(PAGE_B, PSID))) as MessengerError;
    expect(empty.code).to.equal('CONFIG_INVALID');
    expect(empty.message).to.contain('returned no token');
  });

  it('AccessTokens.invalidate keeps a newer token', async () => {
    const fetch = sinon.stub();
    fetch.onFirstCall().returns(TOKEN_A);
    fetch.onSecondCall().returns(TOKEN_A2);
    const tokens = new AccessTokens({ getAccessToken: fetch, ttlMs: 60_000 });
    expect(await tokens.get(PAGE_A)).to.equal(TOKEN_A);
    tokens.invalidate(PAGE_A, TOKEN_A);
    expect(await tokens.get(PAGE_A)).to.equal(TOKEN_A2);
    tokens.invalidate(PAGE_A, TOKEN_A);
    expect(await tokens.get(PAGE_A)).to.equal(TOKEN_A2);
    expect(fetch.callCount).to.equal(2);
  });

  it('AccessTokens.peek gives a token known without waiting: fixed, or cached and not expired', async () => {
    expect(new AccessTokens({ accessToken: TOKEN_B, ttlMs: 60_000 }).peek(PAGE_A)).to.equal(TOKEN_B);
    expect(new AccessTokens({ ttlMs: 60_000 }).peek(PAGE_A)).to.equal(undefined);
    const fetch = sinon.stub().returns(TOKEN_A);
    const tokens = new AccessTokens({ getAccessToken: fetch, ttlMs: 60_000 });
    expect(tokens.peek(PAGE_A), 'not fetched yet').to.equal(undefined);
    expect(await tokens.get(PAGE_A)).to.equal(TOKEN_A);
    expect(tokens.peek(PAGE_A)).to.equal(TOKEN_A);
    expect(tokens.peek(PAGE_B), 'another account').to.equal(undefined);
    clock.tick(59_999);
    expect(tokens.peek(PAGE_A)).to.equal(TOKEN_A);
    clock.tick(1);
    expect(tokens.peek(PAGE_A), 'expired').to.equal(undefined);
    tokens.invalidate(PAGE_A, TOKEN_A);
    expect(tokens.peek(PAGE_A)).to.equal(undefined);
    expect(fetch.callCount, 'peek never fetches').to.equal(1);
  });
});

describe('appsecret_proof', () => {
  it('is hex HMAC-SHA256 of the token keyed with the app secret', () => {
    // openssl: printf 'EAAGtoken' | openssl dgst -sha256 -hmac 'secret'
    expect(appSecretProof('secret', 'EAAGtoken')).to.equal(
      '88e7c6a40b1e6cf1bfbbeebf911d877769089e63db974d858a0d1bcfdb5553cd',
    );
  });

  it('is computed once per token', () => {
    const proofs = new AppSecretProofs(APP_SECRET);
    const first = proofs.get(TOKEN_A);
    expect(proofs.get(TOKEN_A)).to.equal(first);
    expect(first).to.equal(proofOf(TOKEN_A));
    expect(proofs.get(TOKEN_B)).to.not.equal(first);
  });
});
