import { expect } from 'chai';
import {
  extensionForMimeType,
  fallbackMediaName,
  fileNameFromDisposition,
} from '../../../middleware/attachments/fileNames';

describe('file names', () => {
  it('extensionForMimeType: the usual extension, the short subtype, else bin', () => {
    expect(
      [
        'image/jpeg',
        'audio/mpeg',
        'audio/mp4',
        'video/quicktime',
        'application/pdf',
        'image/avif',
        'application/vnd.ms-excel',
        'IMAGE/PNG; x=1',
      ].map(extensionForMimeType),
    ).to.deep.equal(['jpg', 'mp3', 'm4a', 'mov', 'pdf', 'avif', 'bin', 'png']);
  });

  it('fallbackMediaName: the Instagram asset id, else family and position, with the extension of the type', () => {
    expect(
      fallbackMediaName(
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=15922126635477038&signature=Abz',
        'image',
        'image/jpeg',
        1,
      ),
    ).to.equal('15922126635477038.jpg');
    expect(
      fallbackMediaName(
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=../../x',
        'audio',
        'audio/mp4',
        2,
      ),
    ).to.equal('audio-2.m4a');
    expect(fallbackMediaName(undefined, 'file', 'application/octet-stream', 3)).to.equal('file-3.bin');
    expect(fallbackMediaName('not a url', 'video', 'video/mp4', 1)).to.equal('video-1.mp4');
  });

  it('fileNameFromDisposition: filename* over filename, quoted or not, without paths or control characters', () => {
    expect(fileNameFromDisposition('attachment; filename="Invoice 7.pdf"')).to.equal('Invoice 7.pdf');
    expect(
      fileNameFromDisposition("attachment; filename=fallback.pdf; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"),
    ).to.equal('Rechnung März.pdf');
    expect(fileNameFromDisposition('inline; filename=report.csv')).to.equal('report.csv');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).to.equal('passwd');
    expect(fileNameFromDisposition('attachment; filename="a\u0000b.txt"')).to.equal(undefined);
    expect(fileNameFromDisposition('inline')).to.equal(undefined);
    expect(fileNameFromDisposition(undefined)).to.equal(undefined);
  });
});
