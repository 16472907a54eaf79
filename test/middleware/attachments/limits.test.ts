import { expect } from 'chai';
import {
  checkMedia,
  DEFAULT_ATTACHMENT_LIMITS,
  isSpecificMimeType,
  MB,
  mergeLimits,
} from '../../../middleware/attachments/limits';

describe('attachment limits', () => {
  it('lets Messenger take any type of each attachment type up to 25 MB', () => {
    for (const mediaType of ['image', 'video', 'audio', 'file'] as const) {
      expect(
        checkMedia({ channelId: 'facebook', mediaType, mimeType: 'application/x-anything', size: 25 * MB }),
      ).to.equal(undefined);
      expect(
        checkMedia({ channelId: 'facebook', mediaType, mimeType: 'image/webp', size: 25 * MB + 1 }),
      ).to.deep.equal({
        reason: 'too-large',
        size: 25 * MB + 1,
        maxBytes: 25 * MB,
      });
    }
  });

  it('limits Instagram images to png / jpeg / gif of at most 8 MB', () => {
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/jpeg', size: 8 * MB }),
    ).to.equal(undefined);
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/png', size: 8 * MB + 1 }),
    ).to.deep.equal({
      reason: 'too-large',
      size: 8 * MB + 1,
      maxBytes: 8 * MB,
    });
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/gif', size: 10 }),
    ).to.equal(undefined);
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/webp', size: 10 }),
    ).to.deep.equal({
      reason: 'unsupported-type',
      mimeType: 'image/webp',
      accepted: ['image/jpeg', 'image/png', 'image/gif'],
    });
  });

  it('takes Instagram audio aac / m4a / wav / mp4, video mp4 / ogg / avi / mov / webm and PDF files only', () => {
    const ok = (mediaType: 'audio' | 'video' | 'file', mimeType: string) =>
      checkMedia({ channelId: 'instagram', mediaType, mimeType, size: 1000 }) === undefined;
    expect(['audio/aac', 'audio/x-m4a', 'audio/wav', 'audio/mp4'].every((m) => ok('audio', m))).to.equal(
      true,
    );
    expect(
      ['video/mp4', 'video/ogg', 'video/x-msvideo', 'video/quicktime', 'video/webm'].every((m) =>
        ok('video', m),
      ),
    ).to.equal(true);
    expect(ok('file', 'application/pdf')).to.equal(true);
    expect([
      ok('audio', 'audio/mpeg'),
      ok('video', 'video/x-matroska'),
      ok('file', 'application/zip'),
    ]).to.deep.equal([false, false, false]);
  });

  it('judges the type first, never refuses an unspecific type, and checks size only when known', () => {
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'file', mimeType: 'text/plain', size: 30 * MB })
        ?.reason,
    ).to.equal('unsupported-type');
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'file', mimeType: 'application/octet-stream' }),
    ).to.equal(undefined);
    expect(checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image' })).to.equal(undefined);
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'IMAGE/JPEG; q=1', size: 10 }),
    ).to.equal(undefined);
  });

  it('isSpecificMimeType', () => {
    expect(['image/png', 'application/pdf', 'audio/x-m4a'].map(isSpecificMimeType)).to.deep.equal([
      true,
      true,
      true,
    ]);
    expect(
      ['', 'image', 'image/*', 'application/octet-stream', 'binary/octet-stream', undefined].map(
        isSpecificMimeType,
      ),
    ).to.deep.equal([false, false, false, false, false, false]);
  });

  it('merges overrides over the defaults', () => {
    const limits = mergeLimits({
      instagram: { image: { mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] } },
      facebook: { video: { maxBytes: MB } },
    });
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/gif', size: 10 }, limits),
    ).to.equal(undefined);
    expect(
      checkMedia({ channelId: 'instagram', mediaType: 'image', mimeType: 'image/gif', size: 9 * MB }, limits)
        ?.reason,
    ).to.equal('too-large');
    expect(
      checkMedia({ channelId: 'facebook', mediaType: 'video', mimeType: 'video/mp4', size: MB + 1 }, limits)
        ?.reason,
    ).to.equal('too-large');
    expect(limits.facebook.image).to.equal(DEFAULT_ATTACHMENT_LIMITS.facebook.image);
    expect(mergeLimits(undefined)).to.equal(DEFAULT_ATTACHMENT_LIMITS);
  });
});
