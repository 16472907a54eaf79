import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import { DEFAULT_ATTACHMENT_LIMITS, MB } from '../../../middleware/attachments/limits';
import { outboundMediaOf } from '../../../middleware/attachments/outboundMedia';
import { planAttachment, uploadedAttachment } from '../../../middleware/attachments/outboundPlan';
import { JPEG, PNG } from './helpers';

const messenger = { channelId: 'facebook' as const, limits: DEFAULT_ATTACHMENT_LIMITS, uploadUrls: false };
const instagram = { ...messenger, channelId: 'instagram' as const };

describe('outboundMediaOf', () => {
  it('reads bytes: the declared type, else the signature, else the name, else octet-stream', () => {
    expect(outboundMediaOf({ contentType: 'image/png', content: PNG, name: 'a.png' })).to.deep.equal({
      kind: 'bytes',
      data: PNG,
      mimeType: 'image/png',
      mediaType: 'image',
      name: 'a.png',
    });
    expect(
      outboundMediaOf({ contentType: 'application/octet-stream', content: new Uint8Array(JPEG) }),
    ).to.deep.include({
      mimeType: 'image/jpeg',
      mediaType: 'image',
    });
    expect(
      outboundMediaOf({ contentType: '', content: Buffer.from('plain words'), name: 'notes.txt' }),
    ).to.deep.include({
      mimeType: 'text/plain',
      mediaType: 'file',
    });
    expect(outboundMediaOf({ contentType: 'image', content: Buffer.from('??') })).to.deep.include({
      mimeType: 'application/octet-stream',
      mediaType: 'image',
    });
    expect(
      outboundMediaOf({ contentType: 'image/png', content: JSON.parse(JSON.stringify(PNG)) }),
    ).to.deep.include({ kind: 'bytes' });
  });

  it('reads data: URIs, preferring the URI’s own type', () => {
    const media = outboundMediaOf({
      contentType: 'image/jpeg',
      contentUrl: `data:image/png;base64,${PNG.toString('base64')}`,
    });
    expect(media).to.deep.include({ kind: 'bytes', mimeType: 'image/png', mediaType: 'image' });
    expect((media as { data: Buffer }).data.equals(PNG)).to.equal(true);
    expect(() => outboundMediaOf({ contentType: 'image/png', contentUrl: 'data:image/png;base64' })).to.throw(
      MessengerError,
    );
  });

  it('reads http(s) URLs: the declared type, else the URL file name', () => {
    expect(
      outboundMediaOf({
        contentType: 'application/octet-stream',
        contentUrl: 'https://x.example/v/clip.MOV?sig=1',
      }),
    ).to.deep.equal({
      kind: 'url',
      url: 'https://x.example/v/clip.MOV?sig=1',
      mimeType: 'video/quicktime',
      mediaType: 'video',
      name: 'clip.MOV',
    });
    expect(
      outboundMediaOf({ contentType: 'audio/mpeg', contentUrl: 'https://x.example/stream', name: 'Jingle' }),
    ).to.deep.include({
      mimeType: 'audio/mpeg',
      mediaType: 'audio',
      name: 'Jingle',
    });
  });

  it('is undefined for cards, inbound vendor kinds, attachment ids, other schemes and empty attachments', () => {
    expect(
      [
        { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'x' } },
        {
          contentType: 'application/vnd.instagram.story_mention',
          contentUrl: 'https://lookaside.fbsbx.com/x',
        },
        { contentType: 'image/png', content: { attachment_id: '42' } },
        { contentType: 'image/png', contentUrl: 'file:///tmp/a.png' },
        { contentType: 'image/png' },
        { contentType: 'image/png', content: Buffer.alloc(0) },
      ].map(outboundMediaOf),
    ).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('planAttachment', () => {
  it('sends URL media by URL with its real type, or uploads it with uploadUrls', () => {
    const attachment = { contentType: '', contentUrl: 'https://x.example/a.pdf' };
    const plan = planAttachment(attachment, messenger);
    expect(plan.action).to.equal('send-url');
    expect(plan.attachment).to.deep.equal({
      contentType: 'application/pdf',
      contentUrl: 'https://x.example/a.pdf',
    });
    expect(attachment.contentType).to.equal('');
    expect(planAttachment(attachment, { ...messenger, uploadUrls: true }).action).to.equal('upload');
  });

  it('uploads bytes within limits and refuses them over', () => {
    expect(planAttachment({ contentType: 'image/jpeg', content: JPEG }, instagram).action).to.equal('upload');
    const plan = planAttachment({ contentType: 'image/jpeg', content: Buffer.alloc(8 * MB + 1) }, instagram);
    expect(plan.action).to.equal('refuse');
    if (plan.action === 'refuse') {
      expect(plan.violation).to.deep.equal({ reason: 'too-large', size: 8 * MB + 1, maxBytes: 8 * MB });
      expect(plan.rejected).to.deep.include({ url: undefined, size: 8 * MB + 1, mimeType: 'image/jpeg' });
    }
  });

  it('uses a HEAD answer for the size and, when the bot gave none, the type of URL media', () => {
    const attachment = {
      contentType: 'application/octet-stream',
      contentUrl: 'https://x.example/download?id=9',
    };
    expect(planAttachment(attachment, instagram, { contentType: 'image/png', size: 9 * MB })).to.deep.include(
      { action: 'refuse' },
    );
    const plan = planAttachment(attachment, messenger, { contentType: 'video/mp4', size: 1000 });
    expect(plan.action).to.equal('send-url');
    expect(plan.attachment.contentType).to.equal('video/mp4');
  });

  it('keeps what is not media', () => {
    const card = { contentType: 'application/vnd.microsoft.card.hero', content: {} };
    expect(planAttachment(card, messenger)).to.deep.equal({ action: 'keep', attachment: card });
  });
});

describe('uploadedAttachment', () => {
  it('is sent by id with the real type, or the family when the type says nothing', () => {
    const media = outboundMediaOf({ contentType: 'image/png', content: PNG, name: 'a.png' });
    expect(uploadedAttachment(media!, '77')).to.deep.equal({
      contentType: 'image/png',
      content: { attachment_id: '77' },
      name: 'a.png',
    });
    const unknown = outboundMediaOf({ contentType: 'video', content: Buffer.from('????') });
    expect(uploadedAttachment(unknown!, '78')).to.deep.equal({
      contentType: 'video',
      content: { attachment_id: '78' },
    });
  });
});
