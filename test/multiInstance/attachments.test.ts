/**
 * Issue #10, uploaded media across instances: an `attachment_id` uploaded by A is reused by B, so
 * the same media is uploaded once per Page whichever instance sends it.
 */
import { expect } from 'chai';
import { stateKeys } from '../../adapter/state/keys';
import { uploadHash } from '../../middleware/attachments';
import {
  backings,
  JPEG,
  PAGE_ID,
  referenceOf,
  usePair,
  USER_ID_2,
} from './helpers';

/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;

for (const backing of backings()) {
  describe(`Two instances, uploaded attachments: ${backing.title}`, () => {
    const pair = usePair(backing, T0);

    it('the same inline image sent through A, then through B: one upload, two sends by the same attachment_id', async () => {
      const { a, b, graph, stores } = pair();
      const receipt = { contentType: 'image/jpeg', name: 'receipt.jpg', content: JPEG };

      const first = await a.proactive(referenceOf(), async (context) => {
        await context.sendActivity({ type: 'message', attachments: [receipt] });
      });
      const second = await b.proactive(referenceOf(USER_ID_2), async (context) => {
        await context.sendActivity({ type: 'message', attachments: [receipt] });
      });
      expect([first, second]).to.deep.equal([undefined, undefined]);

      expect(graph.calls.map((call) => [call.instance, call.path])).to.deep.equal([
        ['A', '/me/message_attachments'],
        ['A', '/me/messages'],
        ['B', '/me/messages'],
      ]);
      expect(graph.to('message_attachments')[0]?.body).to.deep.equal({ multipart: true });
      expect(graph.sends().map((call) => call.body.message)).to.deep.equal([
        { attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } },
        { attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } },
      ]);
      // The id lives in the shared store, under the upload key of the Page and the content hash.
      const key = stateKeys.upload(
        PAGE_ID,
        uploadHash({
          kind: 'bytes',
          data: JPEG,
          mimeType: 'image/jpeg',
          mediaType: 'image',
          name: 'receipt.jpg',
        }),
      );
      expect(await stores.b.get(key)).to.deep.include({ attachmentId: '900000000000001' });
      expect([...a.errors, ...b.errors]).to.deep.equal([]);
    });
  });
}
