import { ActivityHandler, type TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { envelope, mid, PAGE_ID, PAGE_ID_2, textEvent, USER_ID, USER_ID_2 } from '../helpers/envelopes';
import {
  fakeRequest,
  fakeResponse,
  metaJson,
  sign,
  signedPost,
  TEST_APP_SECRET,
  TEST_VERIFY_TOKEN,
} from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';

function makeAdapter(
  extra: Partial<ConstructorParameters<typeof MessengerAdapter>[0]> = {},
): MessengerAdapter {
  return new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: GRAPH,
    logger: { error: () => {} },
    ...extra,
  });
}

async function post(adapter: MessengerAdapter, body: unknown, logic: (c: TurnContext) => Promise<void>) {
  const { req } = signedPost(body);
  const res = fakeResponse();
  await adapter.process(req, res, logic);
  return res;
}

describe('MessengerAdapter.process (webhook)', () => {
  let adapter: MessengerAdapter;
  afterEach(async () => {
    await adapter?.close();
    nock.cleanAll();
  });

  it('answers the GET subscription check with the challenge, 403 for a wrong token', async () => {
    adapter = makeAdapter();
    const ok = fakeResponse();
    await adapter.process(
      fakeRequest(
        'GET',
        undefined,
        {},
        `/api/messages?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1158201444`,
      ),
      ok,
      async () => {},
    );
    expect([ok.statusCode, ok.body]).to.deep.equal([200, '1158201444']);
    const bad = fakeResponse();
    await adapter.process(
      fakeRequest(
        'GET',
        undefined,
        {},
        '/api/messages?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
      ),
      bad,
      async () => {},
    );
    expect(bad.statusCode).to.equal(403);
  });

  it('rejects a missing signature with 401, a wrong one with 403, and runs no turn', async () => {
    adapter = makeAdapter();
    let turns = 0;
    const body = metaJson(envelope([{ messaging: [textEvent('hi')] }]));
    const missing = fakeResponse();
    await adapter.process(fakeRequest('POST', body), missing, async () => {
      turns++;
    });
    const wrong = fakeResponse();
    await adapter.process(
      fakeRequest('POST', body, { 'x-hub-signature-256': sign(body, 'not-the-secret') }),
      wrong,
      async () => {
        turns++;
      },
    );
    const sha1Only = fakeResponse();
    await adapter.process(
      fakeRequest('POST', body, { 'x-hub-signature': 'sha1=abc' }),
      sha1Only,
      async () => {
        turns++;
      },
    );
    await adapter.whenIdle();
    expect([missing.statusCode, wrong.statusCode, sha1Only.statusCode, turns]).to.deep.equal([
      401, 403, 401, 0,
    ]);
    expect(JSON.parse(wrong.body).error.code).to.equal('SIGNATURE_INVALID');
    expect(JSON.parse(sha1Only.body).error.message).to.contain('X-Hub-Signature-256');
  });

  it('answers 400 for invalid JSON and for a body that is not an envelope, naming the problem', async () => {
    adapter = makeAdapter();
    const notJson = await post(adapter, '{"object":', async () => {});
    expect(notJson.statusCode).to.equal(400);
    expect(JSON.parse(notJson.body).error).to.deep.include({ code: 'WEBHOOK_INVALID' });
    const notEnvelope = await post(adapter, { object: 'page', entry: [{ time: 1 }] }, async () => {});
    expect(notEnvelope.statusCode).to.equal(400);
    expect(JSON.parse(notEnvelope.body).error.message).to.match(/entry\[0\]/);
  });

  it('answers 413 for a body over maxBodyBytes', async () => {
    adapter = makeAdapter({ maxBodyBytes: 200 });
    const res = await post(adapter, envelope([{ messaging: [textEvent('x'.repeat(500))] }]), async () => {});
    expect(res.statusCode).to.equal(413);
  });

  it('answers 500 with the fix when the body was parsed without its raw bytes', async () => {
    adapter = makeAdapter();
    const res = fakeResponse();
    const req = {
      method: 'POST',
      headers: { 'x-hub-signature-256': 'sha256=00' },
      body: { object: 'page' },
      readableEnded: true,
    };
    await adapter.process(req, res, async () => {});
    expect(res.statusCode).to.equal(500);
    expect(JSON.parse(res.body).error.message).to.contain('express.raw');
  });

  it('acknowledges with 200 before a slow turn finishes', async () => {
    adapter = makeAdapter();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const res = await post(adapter, envelope([{ messaging: [textEvent('hi')] }]), async () => {
      await gate;
      finished = true;
    });
    expect([res.statusCode, res.body, finished]).to.deep.equal([200, 'EVENT_RECEIVED', false]);
    release();
    await adapter.whenIdle();
    expect(finished).to.equal(true);
  });

  it('runs the turns before answering when processBeforeResponse is set', async () => {
    adapter = makeAdapter({ processBeforeResponse: true });
    let finished = false;
    const res = await post(adapter, envelope([{ messaging: [textEvent('hi')] }]), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      finished = true;
    });
    expect([res.statusCode, finished]).to.deep.equal([200, true]);
  });

  it('with processBeforeResponse, answers once every turn of the batch has finished; redeliveries run nothing', async () => {
    adapter = makeAdapter({ processBeforeResponse: true });
    const finished: string[] = [];
    const logic = async (context: TurnContext) => {
      // the second user's turn takes longer: the answer waits for it too
      const ms = context.activity.from.id === USER_ID_2 ? 20 : 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
      finished.push(String(context.activity.text));
    };
    const batch = envelope([
      {
        messaging: [
          textEvent('a1', { userId: USER_ID, mid: 'm_pbr_1' }),
          textEvent('b1', { userId: USER_ID_2, mid: 'm_pbr_2' }),
          textEvent('a2', { userId: USER_ID, mid: 'm_pbr_3', timestamp: 1_701_427_704_838 }),
        ],
      },
    ]);
    const first = await post(adapter, batch, logic);
    expect(first.statusCode).to.equal(200);
    expect([...finished].sort()).to.deep.equal(['a1', 'a2', 'b1']);
    const again = await post(adapter, batch, logic);
    expect(again.statusCode).to.equal(200);
    expect(finished, 'the redelivered events ran no turn').to.have.length(3);
  });

  it('hands bot errors to onTurnError and still answers 200', async () => {
    adapter = makeAdapter();
    const seen: string[] = [];
    adapter.onTurnError = async (_context, error) => {
      seen.push(error.message);
    };
    const res = await post(adapter, envelope([{ messaging: [textEvent('hi')] }]), async () => {
      throw new Error('bot bug');
    });
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
    expect(seen).to.deep.equal(['bot bug']);
  });

  it('handles every entry of a batch across several Pages, each conversation in timestamp order', async () => {
    adapter = makeAdapter();
    const seen: string[] = [];
    const body = envelope([
      {
        id: PAGE_ID,
        messaging: [
          textEvent('second', { timestamp: 2000 }),
          textEvent('first', { timestamp: 1000 }),
          textEvent('other user', { userId: USER_ID_2, timestamp: 1500 }),
        ],
      },
      { id: PAGE_ID_2, messaging: [textEvent('page two', { pageId: PAGE_ID_2, timestamp: 500 })] },
    ]);
    const res = await post(adapter, body, async (context) => {
      seen.push(`${context.activity.conversation.id}:${context.activity.text}`);
    });
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
    const forUser1 = seen.filter((s) => s.startsWith(`${USER_ID}-${PAGE_ID}:`));
    expect(forUser1).to.deep.equal([`${USER_ID}-${PAGE_ID}:first`, `${USER_ID}-${PAGE_ID}:second`]);
    expect(seen).to.have.members([
      `${USER_ID}-${PAGE_ID}:first`,
      `${USER_ID}-${PAGE_ID}:second`,
      `${USER_ID_2}-${PAGE_ID}:other user`,
      `${USER_ID}-${PAGE_ID_2}:page two`,
    ]);
  });

  it('runs a redelivered event once', async () => {
    adapter = makeAdapter();
    const texts: string[] = [];
    const event = textEvent('only once', { mid: mid() });
    const logic = async (context: TurnContext) => {
      texts.push(context.activity.text ?? '');
    };
    await post(adapter, envelope([{ messaging: [event] }]), logic);
    const again = await post(adapter, envelope([{ messaging: [event, textEvent('new one')] }]), logic);
    await adapter.whenIdle();
    expect(again.statusCode).to.equal(200);
    expect(texts).to.deep.equal(['only once', 'new one']);
  });

  it('answers 503 past maxPendingEvents without marking the batch as seen', async () => {
    adapter = makeAdapter({ maxPendingEvents: 2, overloadHoldMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const texts: string[] = [];
    const logic = async (context: TurnContext) => {
      await gate;
      texts.push(context.activity.text ?? '');
    };
    await post(
      adapter,
      envelope([{ messaging: [textEvent('a'), textEvent('b', { userId: USER_ID_2 })] }]),
      logic,
    );
    const overflow = envelope([{ messaging: [textEvent('c', { mid: 'm_overflow_c' })] }]);
    const full = await post(adapter, overflow, logic);
    expect(full.statusCode).to.equal(503);
    expect(JSON.parse(full.body).error.code).to.equal('QUEUE_FULL');
    release();
    await adapter.whenIdle();
    const redelivered = await post(adapter, overflow, logic);
    await adapter.whenIdle();
    expect(redelivered.statusCode).to.equal(200);
    expect(texts).to.have.members(['a', 'b', 'c']);
  });

  it('with overloadHoldMs 0, sheds load with 503 at once, before reading the body, while the backlog is full', async () => {
    adapter = makeAdapter({ maxPendingEvents: 1, overloadHoldMs: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await post(adapter, envelope([{ messaging: [textEvent('busy')] }]), () => gate);
    const req = fakeRequest('POST', 'not even read', { 'x-hub-signature-256': 'sha256=00' });
    const res = fakeResponse();
    await adapter.process(req, res, async () => {});
    expect([res.statusCode, JSON.parse(res.body).error.code]).to.deep.equal([503, 'QUEUE_FULL']);
    release();
    await adapter.whenIdle();
  });

  it('holds a POST that finds the backlog full and answers 200 once a finished turn makes room', async () => {
    adapter = makeAdapter({ maxPendingEvents: 1, overloadHoldMs: 4000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const texts: string[] = [];
    const logic = async (context: TurnContext) => {
      if (context.activity.text === 'busy') await gate;
      texts.push(context.activity.text ?? '');
    };
    await post(adapter, envelope([{ messaging: [textEvent('busy')] }]), logic);
    const { req } = signedPost(envelope([{ messaging: [textEvent('waits', { userId: USER_ID_2 })] }]));
    const res = fakeResponse();
    let answered = false;
    const held = adapter.process(req, res, logic).then(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).to.equal(false);
    release();
    await held;
    await adapter.whenIdle();
    expect([res.statusCode, texts]).to.deep.equal([200, ['busy', 'waits']]);
  });

  it('answers 503 QUEUE_FULL when the backlog is still full after the hold', async () => {
    adapter = makeAdapter({ maxPendingEvents: 1, overloadHoldMs: 30 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await post(adapter, envelope([{ messaging: [textEvent('busy')] }]), () => gate);
    const started = Date.now();
    const full = await post(adapter, envelope([{ messaging: [textEvent('late', { userId: USER_ID_2 })] }]), async () => {});
    const waited = Date.now() - started;
    expect([full.statusCode, JSON.parse(full.body).error.code]).to.deep.equal([503, 'QUEUE_FULL']);
    expect(waited).to.be.within(25, 1000);
    release();
    await adapter.whenIdle();
  });

  it('refuses overloadHoldMs beyond Meta\'s 5 s answer time', () => {
    expect(() => makeAdapter({ overloadHoldMs: 5000 })).to.throw(MessengerError, /overloadHoldMs must be at most 4000/);
  });

  it('answers 503 and runs nothing twice when the store fails', async () => {
    let failing = true;
    class FlakyStore extends MemoryStateStore {
      override async setIfAbsent<T>(key: string, value: T, ttlMs?: number): Promise<boolean> {
        if (failing) throw new MessengerError('STORE_UNAVAILABLE', 'down');
        return super.setIfAbsent(key, value, ttlMs);
      }
    }
    const store = new FlakyStore();
    adapter = makeAdapter({ store });
    let turns = 0;
    const body = envelope([{ messaging: [textEvent('x', { mid: 'm_store_x' })] }]);
    const down = await post(adapter, body, async () => {
      turns++;
    });
    expect([down.statusCode, JSON.parse(down.body).error.code, turns]).to.deep.equal([
      503,
      'STORE_UNAVAILABLE',
      0,
    ]);
    failing = false;
    await post(adapter, body, async () => {
      turns++;
    });
    await adapter.whenIdle();
    expect(turns).to.equal(1);
    store.close();
  });

  it('replies through the Send API with RESPONSE and returns the message_id', async () => {
    adapter = makeAdapter();
    const sent: unknown[] = [];
    nock(GRAPH)
      .post('/v27.0/me/messages', (body) => {
        sent.push(body);
        return true;
      })
      .query(true)
      .reply(200, { recipient_id: USER_ID, message_id: 'm_reply_1' });
    const ids: string[] = [];
    const bot = new ActivityHandler().onMessage(async (context, next) => {
      const response = await context.sendActivity(`Echo: ${context.activity.text}`);
      ids.push(response?.id ?? '');
      await next();
    });
    await post(adapter, envelope([{ messaging: [textEvent('hello')] }]), (context) => bot.run(context));
    await adapter.whenIdle();
    expect(sent).to.deep.equal([
      { recipient: { id: USER_ID }, messaging_type: 'RESPONSE', message: { text: 'Echo: hello' } },
    ]);
    expect(ids).to.deep.equal(['m_reply_1']);
  });

  it('rejects updateActivity and deleteActivity with NOT_SUPPORTED', async () => {
    adapter = makeAdapter();
    const codes: string[] = [];
    await post(adapter, envelope([{ messaging: [textEvent('hi')] }]), async (context) => {
      for (const call of [
        () => context.updateActivity({ id: 'm_1', text: 'x' }),
        () => context.deleteActivity('m_1'),
      ]) {
        try {
          await call();
        } catch (error) {
          codes.push((error as MessengerError).code);
        }
      }
    });
    await adapter.whenIdle();
    expect(codes).to.deep.equal(['NOT_SUPPORTED', 'NOT_SUPPORTED']);
  });
});
