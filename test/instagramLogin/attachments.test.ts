import type { ConversationReference } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../adapter/errors';
import type { MessengerAdapter } from '../../adapter/messengerAdapter';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { loadFixture } from '../fixtures';
import {
  IG_APP_SECRET,
  IG_HOST,
  IGL_TOKEN,
  recordBothHosts,
  referenceFrom,
  type SeenRequest,
  sideBySideAdapter,
} from './helpers';

const IGL_USER = '7190835724411234';
const PHOTO = 'https://shop.example/media/linen-shirt.jpg';

describe('Instagram Login: AttachmentMiddleware without an upload API', () => {
  let adapter: MessengerAdapter;
  let seen: SeenRequest[];
  let reference: Partial<ConversationReference>;

  beforeEach(async () => {
    seen = recordBothHosts();
    adapter = sideBySideAdapter().use(new AttachmentMiddleware({ uploadUrls: true, headLookup: false }));
    reference = await referenceFrom(adapter, loadFixture('instagram/text').raw, IG_APP_SECRET);
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
  });

  const send = (attachment: { contentType: string; contentUrl?: string; content?: unknown }) =>
    adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity({ type: 'message', attachments: [attachment] });
    });

  it('sends media by URL as given instead of uploading it first (uploadUrls)', async () => {
    await send({ contentType: 'image/jpeg', contentUrl: PHOTO });
    expect(seen).to.deep.equal([
      {
        host: IG_HOST,
        method: 'POST',
        path: '/v27.0/me/messages',
        authorization: `Bearer ${IGL_TOKEN}`,
        body: {
          recipient: { id: IGL_USER },
          messaging_type: 'UPDATE',
          message: { attachment: { type: 'image', payload: { url: PHOTO, is_reusable: true } } },
        },
      },
    ]);
  });

  it('refuses inline bytes with NOT_SUPPORTED naming media by URL, before any call', async () => {
    let error: unknown;
    try {
      await send({ contentType: 'image/png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'NOT_SUPPORTED');
    expect((error as Error).message).to.contain('send media by URL');
    expect(seen).to.deep.equal([]);
  });
});
