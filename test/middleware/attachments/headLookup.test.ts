import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import {
  attachmentKeys,
  headFactsOf,
  lookupHead,
  sha256Hex,
} from '../../../middleware/attachments/headLookup';

const URL_ = 'https://scontent.xx.fbcdn.net/v/t1/asset?oh=1';

describe('headLookup', () => {
  let store: MemoryStateStore;
  beforeEach(() => {
    store = new MemoryStateStore();
  });
  afterEach(() => {
    store.close();
    nock.cleanAll();
  });

  it('headFactsOf reads type, length and file name, ignoring what is malformed', () => {
    expect(
      headFactsOf({
        'content-type': 'Image/PNG; charset=binary',
        'content-length': '1024',
        'content-disposition': 'inline; filename="a.png"',
      }),
    ).to.deep.equal({ contentType: 'image/png', size: 1024, fileName: 'a.png' });
    expect(headFactsOf({ 'content-type': 'nonsense', 'content-length': '-5' })).to.deep.equal({});
    expect(headFactsOf({ 'content-length': 77 })).to.deep.equal({ size: 77 });
  });

  it('asks once, stores the answer under the URL hash with the TTL, then answers from the store', async () => {
    const set = sinon.spy(store, 'set');
    const scope = nock('https://scontent.xx.fbcdn.net')
      .head('/v/t1/asset')
      .query({ oh: '1' })
      .once()
      .reply(200, '', {
        'Content-Type': 'video/mp4',
        'Content-Length': '5000',
      });
    const settings = { timeoutMs: 1500, cacheTtlMs: 60_000 };
    expect(await lookupHead(URL_, store, settings)).to.deep.equal({ contentType: 'video/mp4', size: 5000 });
    expect(await lookupHead(URL_, store, settings)).to.deep.equal({ contentType: 'video/mp4', size: 5000 });
    scope.done();
    expect(set.firstCall.args).to.deep.equal([
      attachmentKeys.head(sha256Hex(URL_)),
      { contentType: 'video/mp4', size: 5000 },
      60_000,
    ]);
    expect(attachmentKeys.head(sha256Hex(URL_))).to.match(/^m:[0-9a-f]{64}$/);
  });

  it('follows a redirect', async () => {
    nock('https://scontent.xx.fbcdn.net')
      .head('/v/t1/asset')
      .query(true)
      .reply(302, '', { Location: 'https://video.xx.fbcdn.net/real.mp4' });
    nock('https://video.xx.fbcdn.net').head('/real.mp4').reply(200, '', { 'Content-Type': 'video/mp4' });
    expect(await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000 })).to.deep.equal({
      contentType: 'video/mp4',
    });
  });

  it('gives undefined and caches nothing after an error answer or a network failure', async () => {
    nock('https://scontent.xx.fbcdn.net').head('/v/t1/asset').query(true).reply(404, '');
    expect(await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000 })).to.equal(undefined);
    nock('https://scontent.xx.fbcdn.net')
      .head('/v/t1/asset')
      .query(true)
      .replyWithError(
        Object.assign(new Error('getaddrinfo ENOTFOUND scontent.xx.fbcdn.net'), { code: 'ENOTFOUND' }),
      );
    expect(await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000 })).to.equal(undefined);
    expect(store.size).to.equal(0);
  });

  it('gives undefined when the answer takes longer than the timeout (fake timers)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      nock('https://scontent.xx.fbcdn.net')
        .head('/v/t1/asset')
        .query(true)
        .delay(10_000)
        .reply(200, '', { 'Content-Type': 'image/png' });
      const pending = lookupHead(URL_, store, { timeoutMs: 800, cacheTtlMs: 1000 });
      await clock.tickAsync(800);
      expect(await pending).to.equal(undefined);
      expect(store.size).to.equal(0);
    } finally {
      clock.restore();
    }
  });

  it('rejects when the store fails (STORE_UNAVAILABLE is never hidden)', async () => {
    const failure = Object.assign(new Error('down'), { code: 'STORE_UNAVAILABLE' });
    sinon.stub(store, 'get').rejects(failure);
    const error = await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(error).to.equal(failure);
  });
});
