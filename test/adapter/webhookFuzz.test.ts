import { expect } from 'chai';
import fc from 'fast-check';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { envelope, textEvent } from '../helpers/envelopes';
import {
  fakeRequest,
  fakeResponse,
  metaJson,
  sign,
  TEST_APP_SECRET,
  TEST_VERIFY_TOKEN,
} from '../helpers/webhookRequests';

/**
 * Throws thousands of random and mutated bodies, headers and signatures at process(): it must never
 * throw or leave an unhandled rejection, never run a turn without a valid signature, and answer every
 * bad request with a 4xx and a reason.
 */
describe('process() under random and mutated input (property)', function () {
  this.timeout(60_000);
  let adapter: MessengerAdapter;
  let turns = 0;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(() => {
    process.on('unhandledRejection', onUnhandled);
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: 'https://graph.test',
      maxBodyBytes: 4096,
      logger: { error: () => {} },
    });
    adapter.onTurnError = async () => {};
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await adapter.close();
  });

  const valid = metaJson(envelope([{ messaging: [textEvent('hello')] }]));
  const mutatedBody = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.json(),
    fc.constant(valid),
    fc
      .tuple(fc.nat(valid.length), fc.string({ maxLength: 5 }))
      .map(([at, insert]) => valid.slice(0, at) + insert + valid.slice(at + 1)),
    fc.jsonValue().map((value) => metaJson({ object: 'page', entry: value })),
    fc
      .jsonValue()
      .map((value) => metaJson({ object: 'page', entry: [{ id: '1', time: 1, messaging: [value] }] })),
  );
  const signatureHeader = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 80 }),
    fc
      .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })
      .map((hex) => `sha256=${hex}`),
    fc.constant('sha1=0000000000000000000000000000000000000000'),
  );

  it('never crashes, never runs a turn for an unsigned body, always a 4xx with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutatedBody,
        signatureHeader,
        fc.constantFrom('POST', 'PUT', 'DELETE'),
        async (body, header, method) => {
          const before = turns;
          const res = fakeResponse();
          const headers: Record<string, string> =
            header === undefined ? {} : { 'x-hub-signature-256': header };
          await adapter.process(fakeRequest(method, body, headers), res, async () => {
            turns++;
          });
          await adapter.whenIdle();
          expect(res.statusCode).to.be.within(400, 499);
          expect(JSON.parse(res.body).error.message).to.be.a('string').and.not.equal('');
          expect(turns).to.equal(before);
        },
      ),
      { numRuns: 1500 },
    );
    expect(unhandled).to.deep.equal([]);
  });

  it('answers every correctly signed body with 200 or a 4xx naming the problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBody, async (body) => {
        const res = fakeResponse();
        await adapter.process(
          fakeRequest('POST', body, { 'x-hub-signature-256': sign(body) }),
          res,
          async () => {
            turns++;
          },
        );
        await adapter.whenIdle();
        if (res.statusCode !== 200) {
          expect(res.statusCode).to.be.within(400, 499);
          expect(JSON.parse(res.body).error.code).to.equal('WEBHOOK_INVALID');
        }
      }),
      { numRuns: 1500 },
    );
    expect(unhandled).to.deep.equal([]);
  });

  describe('deep nesting and large batches (issue #18)', () => {
    const MAX_PENDING = 400;
    let big: MessengerAdapter;
    let bigTurns = 0;
    before(() => {
      big = new MessengerAdapter({
        appSecret: TEST_APP_SECRET,
        verifyToken: TEST_VERIFY_TOKEN,
        accessToken: 'page-token',
        graphApiUrl: 'https://graph.test',
        maxBodyBytes: 2_000_000,
        maxPendingEvents: MAX_PENDING,
        logger: { error: () => {} },
      });
      big.onTurnError = async () => {};
    });
    after(async () => {
      await big.close();
    });

    /** JSON text nested `depth` levels (objects, arrays or both), built as text: JSON.stringify cannot go this deep. */
    function nested(depth: number, shape: 'object' | 'array' | 'mixed'): string {
      let open = '';
      let close = '';
      for (let i = 0; i < depth; i++) {
        const array = shape === 'array' || (shape === 'mixed' && i % 2 === 1);
        open += array ? '[' : '{"k":';
        close = (array ? ']' : '}') + close;
      }
      return `${open}1${close}`;
    }

    const deepBody = fc
      .record({
        depth: fc.integer({ min: 500, max: 8000 }),
        shape: fc.constantFrom('object' as const, 'array' as const, 'mixed' as const),
        where: fc.constantFrom('unknown', 'attachments', 'payload', 'changes', 'quick_reply'),
      })
      .map(({ depth, shape, where }) => {
        const deep = nested(depth, shape);
        const sender = '"sender":{"id":"6780462125377510"},"recipient":{"id":"370873143344730"},"timestamp":1701427704837';
        const event =
          where === 'unknown'
            ? `{${sender},"mystery":${deep}}`
            : where === 'attachments'
              ? `{${sender},"message":{"mid":"m_deep_${depth}","attachments":[{"type":"file","payload":${deep}}]}}`
              : where === 'payload'
                ? `{${sender},"postback":{"mid":"m_pb_${depth}","title":"t","payload":"x","referral":${deep}}}`
                : where === 'quick_reply'
                  ? `{${sender},"message":{"mid":"m_qr_${depth}","text":"a","quick_reply":{"payload":${deep}}}}`
                  : '';
        return where === 'changes'
          ? `{"object":"page","entry":[{"id":"370873143344730","time":1701427704837,"changes":[{"field":"feed","value":${deep}}]}]}`
          : `{"object":"page","entry":[{"id":"370873143344730","time":1701427704837,"messaging":[${event}]}]}`;
      });

    const largeBatch = fc
      .record({ size: fc.integer({ min: 50, max: 1200 }), duplicates: fc.boolean(), seed: fc.nat() })
      .map(({ size, duplicates, seed }) => {
        const events = Array.from({ length: size }, (_, i) =>
          textEvent(`batch ${seed} ${i}`, {
            userId: String(1_000_000_000_000 + (i % 37)),
            mid: duplicates && i % 3 === 0 ? `m_dup_${seed}` : `m_${seed}_${i}`,
            timestamp: 1_701_427_704_837 + (i % 11),
          }),
        );
        return metaJson(envelope([{ messaging: events }]));
      });

    it('no 5xx, no crash, no turn without a valid signature, no leaked backlog slot', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(deepBody, largeBatch), fc.boolean(), async (body, signed) => {
          const before = bigTurns;
          const res = fakeResponse();
          const signature = signed ? sign(body) : sign(`${body} `);
          await big.process(fakeRequest('POST', body, { 'x-hub-signature-256': signature }), res, async () => {
            bigTurns++;
          });
          await big.whenIdle();
          expect(res.statusCode, res.body).to.be.lessThan(500);
          if (!signed) {
            expect(res.statusCode).to.equal(403);
            expect(bigTurns).to.equal(before);
          }
        }),
        { numRuns: 60 },
      );
      expect(unhandled).to.deep.equal([]);
      // Every slot came back: a batch of exactly the bound is accepted and runs in full.
      const before = bigTurns;
      const events = Array.from({ length: MAX_PENDING }, (_, i) =>
        textEvent(`slot ${i}`, { userId: String(1_000_000_000_000 + (i % 50)) }),
      );
      const body = metaJson(envelope([{ messaging: events }]));
      const res = fakeResponse();
      await big.process(fakeRequest('POST', body, { 'x-hub-signature-256': sign(body) }), res, async () => {
        bigTurns++;
      });
      await big.whenIdle();
      expect(res.statusCode).to.equal(200);
      expect(bigTurns - before).to.equal(MAX_PENDING);
    });
  });
});
