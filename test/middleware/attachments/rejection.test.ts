import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import {
  attachmentRejectedError,
  displayName,
  formatBytes,
  linkLine,
} from '../../../middleware/attachments/rejection';

describe('rejection', () => {
  it('formatBytes', () => {
    expect(
      [312, 2048, 655360, 8 * 1024 * 1024, 9.5 * 1024 * 1024, 150 * 1024 * 1024].map(formatBytes),
    ).to.deep.equal(['312 bytes', '2 KB', '640 KB', '8 MB', '9.5 MB', '150 MB']);
  });

  it('names the attachment by its name, the URL file name, or "Attachment"', () => {
    expect(displayName({ name: 'Plan', url: 'https://x.example/a.pdf' })).to.equal('Plan');
    expect(displayName({ name: undefined, url: 'https://x.example/dir/a%20b.pdf?x=1' })).to.equal('a b.pdf');
    expect(displayName({ name: undefined, url: undefined })).to.equal('Attachment');
    expect(linkLine({ name: undefined, url: 'https://x.example/download?id=7' })).to.equal(
      'Attachment: https://x.example/download?id=7',
    );
  });

  it('builds ATTACHMENT_REJECTED with the file, its size and type, the limit and what to do', () => {
    const error = attachmentRejectedError(
      {
        channelId: 'instagram',
        mediaType: 'image',
        mimeType: 'image/png',
        name: 'scan.png',
        url: undefined,
        size: 9 * 1024 * 1024,
      },
      { reason: 'too-large', size: 9 * 1024 * 1024, maxBytes: 8 * 1024 * 1024 },
      'reject',
    );
    expect(error).to.be.instanceOf(MessengerError);
    expect(error.code).to.equal('ATTACHMENT_REJECTED');
    expect(error.message).to.equal(
      "The image 'scan.png' (9 MB, image/png) is larger than Instagram allows for image attachments (8 MB). " +
        'Send a smaller file of a supported type, or host it at an https URL and use onRejected: "link".',
    );
    expect(error.details).to.deep.equal({
      channelId: 'instagram',
      name: 'scan.png',
      mediaType: 'image',
      contentType: 'image/png',
      size: 9 * 1024 * 1024,
      reason: 'too-large',
      limit: 8 * 1024 * 1024,
    });
  });

  it('lists the accepted types of an unsupported one', () => {
    const error = attachmentRejectedError(
      {
        channelId: 'instagram',
        mediaType: 'audio',
        mimeType: 'audio/mpeg',
        name: undefined,
        url: 'https://x.example/s.mp3',
        size: undefined,
      },
      { reason: 'unsupported-type', mimeType: 'audio/mpeg', accepted: ['audio/aac', 'audio/mp4'] },
      'reject',
    );
    expect(error.message).to.equal(
      "The audio 's.mp3' (audio/mpeg) is of a type Instagram does not accept for audio attachments (it takes audio/aac, audio/mp4). " +
        'Send a smaller file of a supported type, or use onRejected: "link" to send it as a link.',
    );
  });
});
