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
});
