import { expect } from 'chai';
import sinon from 'sinon';
import { stateKeys } from '../../../adapter/state/keys';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { outboundMediaOf } from '../../../middleware/attachments/outboundMedia';
import { UploadCache, uploadHash, uploadInputOf } from '../../../middleware/attachments/uploadCache';
import { JPEG, PNG } from './helpers';

const jpeg = outboundMediaOf({ contentType: 'image/jpeg', content: JPEG })!;
const png = outboundMediaOf({ contentType: 'image/png', content: PNG, name: 'dot.png' })!;

describe('UploadCache', () => {
  let store: MemoryStateStore;
  beforeEach(() => {
    store = new MemoryStateStore();
  });
  afterEach(() => store.close());

  it('hashes bytes by type and content, URLs by URL, files also by name', () => {
    expect(uploadHash(jpeg)).to.match(/^b:image:[0-9a-f]{64}$/);
    expect(uploadHash(jpeg)).to.equal(
      uploadHash(
        outboundMediaOf({ contentType: 'image/jpeg', content: Buffer.from(JPEG), name: 'other.jpg' })!,
      ),
    );
    expect(uploadHash(jpeg)).not.to.equal(
      uploadHash(outboundMediaOf({ contentType: 'image/png', content: JPEG })!),
    );
    const pdf = (name: string) =>
      outboundMediaOf({ contentType: 'application/pdf', content: Buffer.from('%PDF'), name })!;
    expect(uploadHash(pdf('a.pdf'))).not.to.equal(uploadHash(pdf('b.pdf')));
    expect(
      uploadHash(outboundMediaOf({ contentType: 'image/png', contentUrl: 'https://x.example/a.png' })!),
    ).to.match(/^l:image:[0-9a-f]{64}$/);
  });

  it('builds the upload input: reusable, with a file name', () => {
    expect(uploadInputOf(png)).to.deep.equal({
      type: 'image',
      data: PNG,
      contentType: 'image/png',
      filename: 'dot.png',
      isReusable: true,
    });
    expect(uploadInputOf(jpeg)).to.deep.include({ filename: 'image.jpg' });
    expect(
      uploadInputOf(outboundMediaOf({ contentType: 'image/png', contentUrl: 'https://x.example/a.png' })!),
    ).to.deep.equal({
      type: 'image',
      url: 'https://x.example/a.png',
      isReusable: true,
    });
  });

  it('uploads once, stores the id with the TTL, and reuses it', async () => {
    const graph = { uploadAttachment: sinon.stub().resolves('111') };
    const set = sinon.spy(store, 'set');
    const cache = new UploadCache({ ttlMs: 5000, now: () => 1_700_000_000_000 });
    const first = await cache.idFor(jpeg, 'PAGE', store, graph);
    const second = await cache.idFor(jpeg, 'PAGE', store, graph);
    const other = await cache.idFor(jpeg, 'OTHER_PAGE', store, graph);
    const key = stateKeys.upload('PAGE', uploadHash(jpeg));
    expect(first).to.deep.equal({ attachmentId: '111', reused: false, key });
    expect(second).to.deep.equal({ attachmentId: '111', reused: true, key });
    expect(other.reused).to.equal(false);
    expect(graph.uploadAttachment.callCount).to.equal(2);
    expect(set.firstCall.args).to.deep.equal([
      key,
      { attachmentId: '111', uploadedAt: 1_700_000_000_000 },
      5000,
    ]);
  });

  it('joins concurrent uploads of the same media, and uploads again when asked for a fresh id', async () => {
    let release!: (id: string) => void;
    const graph = {
      uploadAttachment: sinon.stub().callsFake(
        () =>
          new Promise<string>((resolve) => {
            release = resolve;
          }),
      ),
    };
    const cache = new UploadCache({ ttlMs: 5000, now: () => 0 });
    const a = cache.idFor(png, 'PAGE', store, graph);
    const b = cache.idFor(png, 'PAGE', store, graph);
    await new Promise((resolve) => setImmediate(resolve));
    release('222');
    expect((await a).attachmentId).to.equal('222');
    expect((await b).attachmentId).to.equal('222');
    expect(graph.uploadAttachment.callCount).to.equal(1);
    graph.uploadAttachment.resolves('333');
    expect(await cache.idFor(png, 'PAGE', store, graph, true)).to.deep.include({
      attachmentId: '333',
      reused: false,
    });
    expect(await store.get(stateKeys.upload('PAGE', uploadHash(png)))).to.deep.include({
      attachmentId: '333',
    });
  });

  it('stores nothing when the upload fails, and rejects with its error', async () => {
    const failure = new Error('boom');
    const graph = { uploadAttachment: sinon.stub().rejects(failure) };
    const cache = new UploadCache({ ttlMs: 5000, now: () => 0 });
    const error = await cache.idFor(png, 'PAGE', store, graph).catch((e: unknown) => e);
    expect(error).to.equal(failure);
    expect(await store.get(stateKeys.upload('PAGE', uploadHash(png)))).to.equal(undefined);
  });
});
