import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { GraphApiError, MessengerError } from '../../adapter/errors';
import type { GraphClient } from '../../adapter/graph/graphClient';
import type { GraphRetryInfo } from '../../adapter/graph/options';
import { backoffDelay, isRetryable } from '../../adapter/graph/retry';
import {
  GRAPH,
  graphError,
  newClient,
  PAGE_ID,
  PAGE_PROOF,
  PSID,
  rejectionOf,
  settle,
  until,
} from './helpers';

const SEND = { recipient: { id: PSID }, messaging_type: 'RESPONSE' as const, message: { text: 'Hi' } };
const OK = { recipient_id: PSID, message_id: 'm_ok' };

/** A socket error as node raises it. */
function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('Graph retries', () => {
  let clock: sinon.SinonFakeTimers;
  let client: GraphClient;
  let retries: GraphRetryInfo[];

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_767_225_600_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    sinon.stub(Math, 'random').returns(0.5);
    retries = [];
    client = newClient({ onRetry: (info) => retries.push(info) });
  });
  afterEach(() => {
    client.close();
    sinon.restore();
    clock.restore();
    nock.cleanAll();
  });

  it('by default does not resend a send after Graph code 1, code 2 or a bare 503 (it may have been delivered)', async () => {
    const answers: Array<[number, unknown]> = [
      [500, graphError(1, 99, 'An unknown error occurred')],
      [500, graphError(2, undefined, 'An unexpected error has occurred. Please retry your request later.')],
      [503, 'Service Unavailable'],
    ];
    for (const [status, body] of answers) {
      const scope = nock(GRAPH).post('/v27.0/me/messages').query(true).once().reply(status, body as nock.Body);
      const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as GraphApiError;
      scope.done();
      expect(error.details.maybeSent, `status ${status}`).to.equal(true);
    }
    expect(retries).to.deep.equal([]);
  });

  it('retries Graph code 2 after the jittered backoff, not before (retryAmbiguousSends)', async () => {
    client.close();
    client = newClient({ retryAmbiguousSends: true, onRetry: (info) => retries.push(info) });
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages', SEND)
      .query({ appsecret_proof: PAGE_PROOF })
      .reply(
        500,
        graphError(2, undefined, 'An unexpected error has occurred. Please retry your request later.', {
          is_transient: true,
        }),
      )
      .post('/v27.0/me/messages', SEND)
      .query({ appsecret_proof: PAGE_PROOF })
      .reply(200, OK);

    const result = client.sendMessage(PAGE_ID, SEND);
    await until(() => retries.length === 1, clock);
    expect(retries[0]).to.include({
      accountId: PAGE_ID,
      method: 'POST',
      path: '/me/messages',
      attempt: 1,
      delayMs: 250,
    });
    expect(retries[0]?.error).to.be.instanceOf(GraphApiError).and.to.include({ graphCode: 2 });

    await clock.tickAsync(249);
    await until(() => true, clock);
    expect(scope.pendingMocks()).to.have.length(1);
    await clock.tickAsync(1);
    expect(await settle(result, clock)).to.deep.equal({ messageId: 'm_ok', recipientId: PSID });
    scope.done();
  });

  it('stops after maxRetries with exponential delays and throws the last error', async () => {
    client.close();
    client = newClient({ retryAmbiguousSends: true, onRetry: (info) => retries.push(info) });
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .times(3)
      .reply(500, graphError(1, 99, 'An unknown error occurred'));
    const result = client.sendMessage(PAGE_ID, SEND);
    await until(() => retries.length === 1, clock);
    await clock.tickAsync(250);
    await until(() => retries.length === 2, clock);
    await clock.tickAsync(500);
    const error = (await rejectionOf(settle(result, clock))) as GraphApiError;
    scope.done();
    expect(retries.map((r) => [r.attempt, r.delayMs])).to.deep.equal([
      [1, 250],
      [2, 500],
    ]);
    expect(error.code).to.equal('GRAPH_ERROR');
    expect(error.graphCode).to.equal(1);
  });

  it('honours maxRetries: 0', async () => {
    const noRetry = newClient({ maxRetries: 0, onRetry: (info) => retries.push(info) });
    const scope = nock(GRAPH).get('/v27.0/me/thread_owner').query(true).reply(503, 'Service Unavailable');
    const error = (await rejectionOf(settle(noRetry.getThreadOwner(PAGE_ID, PSID), clock))) as GraphApiError;
    scope.done();
    expect(error.httpStatus).to.equal(503);
    expect(retries).to.deep.equal([]);
    noRetry.close();
  });

  it('retries an is_transient error of another code', async () => {
    nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(
        400,
        graphError(1200, undefined, 'Temporary send message failure. Please try again later', {
          is_transient: true,
        }),
      )
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(200, { data: [] });
    const result = client.getThreadOwner(PAGE_ID, PSID);
    await until(() => retries.length === 1, clock);
    await clock.tickAsync(250);
    expect(await settle(result, clock)).to.equal(undefined);
  });

  it('retries a refused connection even for a send (nothing left)', async () => {
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .replyWithError(netError('ECONNREFUSED', 'connect ECONNREFUSED 157.240.0.35:443'))
      .post('/v27.0/me/messages')
      .query(true)
      .reply(200, OK);
    const result = client.sendMessage(PAGE_ID, SEND);
    await until(() => retries.length === 1, clock);
    expect(retries[0]?.error.code).to.equal('NETWORK_ERROR');
    expect(retries[0]?.error.details.maybeSent).to.equal(false);
    await clock.tickAsync(250);
    expect((await settle(result, clock)).messageId).to.equal('m_ok');
    scope.done();
  });

  it('does not retry a send whose connection dropped after it was written', async () => {
    const scope = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .replyWithError(netError('ECONNRESET', 'socket hang up'));
    const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as MessengerError;
    scope.done();
    expect(error.code).to.equal('NETWORK_ERROR');
    expect(error.details).to.include({ errorCode: 'ECONNRESET', maybeSent: true, timedOut: false });
    expect(error.message).to.contain('may have reached Meta');
    expect(retries).to.deep.equal([]);
  });

  it('retries a dropped connection when the call is idempotent', async () => {
    const scope = nock(GRAPH)
      .post('/v27.0/me/custom_edge')
      .query(true)
      .replyWithError(netError('ECONNRESET', 'socket hang up'))
      .post('/v27.0/me/custom_edge')
      .query(true)
      .reply(200, { success: true });
    const result = client.raw(PAGE_ID, 'POST', '/me/custom_edge', { body: { a: 1 }, idempotent: true });
    await until(() => retries.length === 1, clock);
    await clock.tickAsync(250);
    expect((await settle(result, clock)).data).to.deep.equal({ success: true });
    scope.done();
  });

  it('times out a send after timeoutMs and does not retry it', async () => {
    const scope = nock(GRAPH).post('/v27.0/me/messages').query(true).delay(60_000).reply(200, OK);
    const result = client.sendMessage(PAGE_ID, SEND);
    await until(() => clock.countTimers() > 0, clock);
    await clock.tickAsync(9_999);
    await until(() => true, clock);
    let settled = false;
    result.then(
      () => (settled = true),
      () => (settled = true),
    );
    await until(() => true, clock);
    expect(settled).to.equal(false);
    await clock.tickAsync(1);
    const error = (await rejectionOf(settle(result, clock))) as MessengerError;
    expect(error.code).to.equal('NETWORK_ERROR');
    expect(error.details).to.include({ errorCode: 'ETIMEDOUT', timedOut: true, maybeSent: true });
    expect(error.message).to.contain('did not answer').and.to.contain('10000 ms');
    expect(retries).to.deep.equal([]);
    expect(scope.isDone()).to.equal(true);
  });

  it('retries a timed-out GET', async () => {
    const scope = nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query(true)
      .delay(60_000)
      .reply(200, { data: [] })
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(200, { data: [{ thread_owner: { app_id: '263902037430900' } }] });
    const result = client.getThreadOwner(PAGE_ID, PSID);
    await until(() => clock.countTimers() > 0, clock);
    await clock.tickAsync(10_000);
    await until(() => retries.length === 1, clock);
    expect(retries[0]?.error.details.timedOut).to.equal(true);
    await clock.tickAsync(250);
    expect(await settle(result, clock)).to.equal('263902037430900');
    scope.done();
  });

  it('never retries the ambiguous 1/1357046', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(500, graphError(1, 1357046, 'Received Invalid JSON reply.'));
    const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as GraphApiError;
    expect(error.graphSubcode).to.equal(1357046);
    expect(error.details.maybeSent).to.equal(true);
    expect(retries).to.deep.equal([]);
  });

  it('throws RATE_LIMITED at once, even when Graph marks it transient', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(
        400,
        graphError(613, 2534040, 'Calls to this api have exceeded the rate limit.', { is_transient: true }),
      );
    const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as GraphApiError;
    expect(error.code).to.equal('RATE_LIMITED');
    expect(retries).to.deep.equal([]);
    expect(clock.countTimers()).to.equal(0);
  });

  it('never retries a policy error, even when marked transient', async () => {
    nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(
        400,
        graphError(10, 2018278, 'This message is sent outside of allowed window.', { is_transient: true }),
      );
    const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as GraphApiError;
    expect(error.code).to.equal('MESSAGING_WINDOW_CLOSED');
    expect(retries).to.deep.equal([]);
  });

  it('retries a bare 503 for a send with retryAmbiguousSends, but not a bare 502', async () => {
    client.close();
    client = newClient({ retryAmbiguousSends: true, onRetry: (info) => retries.push(info) });
    const s503 = nock(GRAPH)
      .post('/v27.0/me/messages')
      .query(true)
      .reply(503, 'Service Unavailable')
      .post('/v27.0/me/messages')
      .query(true)
      .reply(200, OK);
    const result = client.sendMessage(PAGE_ID, SEND);
    await until(() => retries.length === 1, clock);
    await clock.tickAsync(250);
    expect((await settle(result, clock)).messageId).to.equal('m_ok');
    s503.done();

    nock(GRAPH).post('/v27.0/me/messages').query(true).reply(502, 'Bad Gateway');
    const error = (await rejectionOf(settle(client.sendMessage(PAGE_ID, SEND), clock))) as GraphApiError;
    expect(error.httpStatus).to.equal(502);
    expect(retries).to.have.length(1);
  });

  it('an onRetry that throws does not change the outcome', async () => {
    const onRetry = sinon.stub().throws(new Error('observer bug'));
    const throwing = newClient({ onRetry });
    nock(GRAPH)
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(500, graphError(2, undefined, 'Please retry your request later.'))
      .get('/v27.0/me/thread_owner')
      .query(true)
      .reply(200, { data: [] });
    const result = throwing.getThreadOwner(PAGE_ID, PSID);
    await until(() => onRetry.calledOnce, clock);
    await clock.tickAsync(250);
    expect(await settle(result, clock)).to.equal(undefined);
    throwing.close();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per retry and caps it', () => {
    const top = () => 0.999999;
    expect(backoffDelay(1, 500, 30_000, top)).to.equal(499);
    expect(backoffDelay(2, 500, 30_000, top)).to.equal(999);
    expect(backoffDelay(3, 500, 30_000, top)).to.equal(1999);
    expect(backoffDelay(10, 500, 30_000, top)).to.equal(29_999);
  });

  it('uses full jitter from 0', () => {
    expect(backoffDelay(3, 500, 30_000, () => 0)).to.equal(0);
    expect(backoffDelay(3, 500, 30_000, () => 0.25)).to.equal(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).to.be.lessThan(2000);
  });
});

describe('isRetryable', () => {
  const graph = (graphCode: number, extra: { subcode?: number; transient?: boolean; status?: number } = {}) =>
    new GraphApiError(graphCode === 0 ? 'GRAPH_ERROR' : 'GRAPH_ERROR', 'x', {
      graphCode,
      graphSubcode: extra.subcode,
      isTransient: extra.transient,
      httpStatus: extra.status,
    });

  it('retries codes 1 and 2 and transient errors when idempotent or allowed, never the ambiguous one', () => {
    expect(isRetryable(graph(1), true)).to.equal(true);
    expect(isRetryable(graph(2), true)).to.equal(true);
    expect(isRetryable(graph(100, { transient: true }), true)).to.equal(true);
    expect(isRetryable(graph(1), false)).to.equal(false);
    expect(isRetryable(graph(2), false)).to.equal(false);
    expect(isRetryable(graph(100, { transient: true }), false)).to.equal(false);
    expect(isRetryable(graph(2), false, true)).to.equal(true);
    expect(isRetryable(graph(1, { subcode: 1357046 }), false, true)).to.equal(false);
    expect(isRetryable(graph(100), true)).to.equal(false);
    expect(isRetryable(graph(1, { subcode: 1357046 }), true)).to.equal(false);
  });

  it('retries a bare 5xx only when idempotent or 503', () => {
    expect(isRetryable(graph(0, { status: 500 }), false)).to.equal(false);
    expect(isRetryable(graph(0, { status: 500 }), true)).to.equal(true);
    expect(isRetryable(graph(0, { status: 503 }), false)).to.equal(false);
    expect(isRetryable(graph(0, { status: 503 }), false, true)).to.equal(true);
    expect(isRetryable(graph(0, { status: 404 }), true)).to.equal(false);
  });

  it('never retries mapped policy or throttling errors', () => {
    for (const code of ['RATE_LIMITED', 'AUTH_FAILED', 'NOT_THREAD_OWNER', 'PERMISSION_DENIED'] as const) {
      expect(isRetryable(new GraphApiError(code, 'x', { graphCode: 4, isTransient: true }), true)).to.equal(
        false,
      );
    }
    expect(isRetryable(new MessengerError('CONFIG_INVALID', 'x'), true)).to.equal(false);
    expect(isRetryable(new Error('x'), true)).to.equal(false);
  });

  it('retries network errors that surely sent nothing, others only when idempotent', () => {
    const net = (maybeSent: boolean) => new MessengerError('NETWORK_ERROR', 'x', { details: { maybeSent } });
    expect(isRetryable(net(false), false)).to.equal(true);
    expect(isRetryable(net(true), false)).to.equal(false);
    expect(isRetryable(net(true), true)).to.equal(true);
  });
});
