import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { isOnHosts } from '../../../middleware/attachments/inboundMedia';
import { isPublicHttpUrl, publicOnlyLookup } from '../../../middleware/attachments/publicUrl';
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

  describe('never reaches a private address (fault 7)', () => {
    let server: Server;
    let hits: string[];
    let port: number;
    beforeEach(async () => {
      hits = [];
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="payroll-internal.pdf"' });
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('does not follow an allowed host\'s redirect to http://127.0.0.1', async () => {
      nock('https://scontent.xx.fbcdn.net')
        .head('/v/t1/asset')
        .query(true)
        .reply(302, '', { Location: `http://127.0.0.1:${port}/internal` });
      const allow = (url: string) => isOnHosts(url, ['fbcdn.net']);
      expect(await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000, allow })).to.equal(undefined);
      expect(hits).to.deep.equal([]);
    });

    it('does not follow a redirect that leaves the allowed hosts or drops to http', async () => {
      nock('https://scontent.xx.fbcdn.net')
        .head('/v/t1/asset')
        .query(true)
        .reply(301, '', { Location: 'http://scontent.xx.fbcdn.net/v/t1/asset' });
      const other = nock('http://scontent.xx.fbcdn.net').head('/v/t1/asset').reply(200, '');
      const allow = (url: string) => isOnHosts(url, ['fbcdn.net']);
      expect(await lookupHead(URL_, store, { timeoutMs: 1500, cacheTtlMs: 1000, allow })).to.equal(undefined);
      expect(other.isDone()).to.equal(false);
    });

    it('checkUrls (no host list) never HEADs loopback or private addresses, nor follows a redirect to one', async () => {
      for (const url of [
        `http://127.0.0.1:${port}/x`,
        `http://localhost:${port}/x`,
        `http://[::1]:${port}/x`,
        `http://2130706433:${port}/x`,
      ]) {
        expect(await lookupHead(url, store, { timeoutMs: 1500, cacheTtlMs: 1000 }), url).to.equal(undefined);
      }
      nock('https://cdn.example.com').head('/file.pdf').reply(302, '', { Location: `http://127.0.0.1:${port}/x` });
      expect(await lookupHead('https://cdn.example.com/file.pdf', store, { timeoutMs: 1500, cacheTtlMs: 1000 })).to.equal(
        undefined,
      );
      expect(hits).to.deep.equal([]);
    });

    it('the connection-time DNS guard refuses a name that resolves to loopback', async () => {
      const error = await publicOnlyLookup('localhost').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.have.property('code', 'ENOTPUBLIC');
    });

    it('isPublicHttpUrl tells public http(s) URLs from local ones', () => {
      expect(isPublicHttpUrl('https://cdn.example.com/a.png')).to.equal(true);
      expect(isPublicHttpUrl('http://93.184.216.34/a.png')).to.equal(true);
      for (const url of [
        'ftp://cdn.example.com/a',
        'http://10.1.2.3/a',
        'http://192.168.0.1/a',
        'http://169.254.169.254/latest/meta-data',
        'http://[fd00::1]/a',
        'http://[::ffff:127.0.0.1]/a',
        'http://printer.local/a',
        'file:///etc/passwd',
      ]) {
        expect(isPublicHttpUrl(url), url).to.equal(false);
      }
    });
  });
});
