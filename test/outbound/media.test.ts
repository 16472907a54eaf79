import { MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { decodeDataUri, mediaTypeOf } from '../../adapter/outbound/media';
import { fb, ig, map, messageRequest } from './helpers';

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('media attachments', () => {
  it('sends text first, then the image by URL (05.multi-turn-prompt profile picture)', () => {
    const url = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/a.jpg?_nc_cat=1&oh=abc';
    const activity = MessageFactory.attachment(
      { contentType: 'image/jpeg', contentUrl: url },
      'This is your profile picture.',
    );
    for (const context of [fb, ig]) {
      expect(map(activity, context)).to.deep.equal([
        messageRequest(context, { text: 'This is your profile picture.' }),
        messageRequest(context, { attachment: { type: 'image', payload: { url, is_reusable: true } } }),
      ]);
    }
  });

  it('picks the attachment type by MIME type, and audio/video spend the media budget', () => {
    const cases: [string, string, string, 'text' | 'media'][] = [
      ['video/mp4', 'https://cdn.example/v.mp4', 'video', 'media'],
      ['audio/mpeg', 'https://cdn.example/a.mp3', 'audio', 'media'],
      ['application/pdf', 'https://cdn.example/invoice.pdf', 'file', 'text'],
      ['image/gif', 'https://cdn.example/x.gif', 'image', 'text'],
      ['application/octet-stream', 'https://cdn.example/voice.m4a?sig=1', 'audio', 'media'],
      ['text/csv', 'https://cdn.example/report.csv', 'file', 'text'],
    ];
    for (const [contentType, url, type, budget] of cases) {
      expect(map(MessageFactory.attachment({ contentType, contentUrl: url }), ig), contentType).to.deep.equal(
        [messageRequest(ig, { attachment: { type, payload: { url, is_reusable: true } } }, budget)],
      );
    }
    expect(mediaTypeOf('image')).to.equal('image');
    expect(mediaTypeOf('', 'https://x.example/clip.webm')).to.equal('video');
  });

  it('sends by attachment_id when the attachment middleware already uploaded the file', () => {
    const activity = MessageFactory.attachment({
      contentType: 'video/mp4',
      content: { attachment_id: '1857777774821032' },
    });
    expect(map(activity)).to.deep.equal([
      messageRequest(
        fb,
        { attachment: { type: 'video', payload: { attachment_id: '1857777774821032' } } },
        'media',
      ),
    ]);
  });

  it('turns a data: URI into an upload with an empty payload placeholder (15.handling-attachments inline)', () => {
    const contentUrl = `data:image/png;base64,${PNG_BYTES.toString('base64')}`;
    const activity = MessageFactory.attachment({
      name: 'architecture-resize.png',
      contentType: 'image/png',
      contentUrl,
    });
    expect(map(activity)).to.deep.equal([
      {
        ...messageRequest(fb, { attachment: { type: 'image', payload: {} } }),
        upload: {
          type: 'image',
          data: PNG_BYTES,
          contentType: 'image/png',
          filename: 'architecture-resize.png',
        },
      },
    ]);
  });

  it('uploads Buffer and Uint8Array content', () => {
    const mp3 = Buffer.from('4944330400000000', 'hex');
    const fromBuffer = map(
      MessageFactory.attachment({ contentType: 'audio/mpeg', content: mp3, name: 'hi.mp3' }),
    );
    expect(fromBuffer).to.deep.equal([
      {
        ...messageRequest(fb, { attachment: { type: 'audio', payload: {} } }, 'media'),
        upload: { type: 'audio', data: mp3, contentType: 'audio/mpeg', filename: 'hi.mp3' },
      },
    ]);
    const bytes = new Uint8Array([37, 80, 68, 70]);
    const [request] = map(MessageFactory.attachment({ contentType: 'application/pdf', content: bytes }), ig);
    expect(request?.upload).to.deep.equal({
      type: 'file',
      data: Buffer.from([37, 80, 68, 70]),
      contentType: 'application/pdf',
    });
    expect(request?.body.message).to.deep.equal({ attachment: { type: 'file', payload: {} } });
  });

  it('sends consecutive images as one attachments[] message, other media apart, in order, quick replies on the last', () => {
    const activity = {
      ...MessageFactory.suggestedActions(['Nice']),
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://cdn.example/1.png' },
        { contentType: 'image/png', contentUrl: 'https://cdn.example/2.png' },
        { contentType: 'video/mp4', contentUrl: 'https://cdn.example/3.mp4' },
      ],
    };
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, {
        attachments: [
          { type: 'image', payload: { url: 'https://cdn.example/1.png' } },
          { type: 'image', payload: { url: 'https://cdn.example/2.png' } },
        ],
      }),
      messageRequest(
        fb,
        {
          attachment: { type: 'video', payload: { url: 'https://cdn.example/3.mp4', is_reusable: true } },
          quick_replies: [{ content_type: 'text', title: 'Nice', payload: 'Nice' }],
        },
        'media',
      ),
    ]);
  });

  it('rejects media Messenger cannot fetch or read', () => {
    expect(() => map(MessageFactory.attachment({ contentType: 'image/png' }))).to.throw(
      MessengerError,
      /neither a contentUrl nor bytes/,
    );
    expect(() =>
      map(MessageFactory.attachment({ contentType: 'image/png', contentUrl: 'file:///tmp/a.png' })),
    ).to.throw(MessengerError, /must be http\(s\).*got a 'file:' URL/);
    expect(() =>
      map(MessageFactory.attachment({ contentType: 'image/png', contentUrl: 'data:image/png;base64,@@@' })),
    ).to.throw(MessengerError, /data: URI cannot be sent/);
    expect(() =>
      map(MessageFactory.attachment({ contentType: 'image/png', content: Buffer.alloc(0) })),
    ).to.throw(MessengerError, /empty content/);
  });

  it('decodes percent-encoded data: URIs and uses their media type', () => {
    expect(decodeDataUri('data:text/plain,hello%20world')).to.deep.equal({
      contentType: 'text/plain',
      data: Buffer.from('hello world'),
    });
    expect(decodeDataUri('data:,x').contentType).to.equal(undefined);
  });
});
