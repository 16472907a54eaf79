import { expect } from 'chai';
import { sniffMimeType } from '../../../middleware/attachments/sniffMimeType';

const ascii = (text: string, pad = 16) => Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(pad)]);

describe('sniffMimeType', () => {
  it('recognizes common media by their first bytes', () => {
    const cases: [Buffer, string | undefined][] = [
      [Buffer.from('ffd8ffe000104a464946', 'hex'), 'image/jpeg'],
      [Buffer.from('89504e470d0a1a0a0000', 'hex'), 'image/png'],
      [ascii('GIF89a'), 'image/gif'],
      [ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), 'image/webp'],
      [ascii('RIFF\u0000\u0000\u0000\u0000WAVEfmt '), 'audio/wav'],
      [ascii('RIFF\u0000\u0000\u0000\u0000AVI LIST'), 'video/x-msvideo'],
      [ascii('%PDF-1.7'), 'application/pdf'],
      [Buffer.from('1a45dfa3a342', 'hex'), 'video/webm'],
      [ascii('OggS'), 'audio/ogg'],
      [ascii('ID3\u0004'), 'audio/mpeg'],
      [Buffer.from('fffb9064', 'hex'), 'audio/mpeg'],
      [ascii('\u0000\u0000\u0000\u0018ftypisom'), 'video/mp4'],
      [ascii('\u0000\u0000\u0000\u0018ftypM4A '), 'audio/mp4'],
      [ascii('\u0000\u0000\u0000\u0014ftypqt  '), 'video/quicktime'],
      [ascii('\u0000\u0000\u0000\u0018ftypheic'), 'image/heic'],
      [ascii('PK\u0003\u0004'), undefined],
      [ascii('hello world'), undefined],
      [Buffer.alloc(0), undefined],
    ];
    expect(cases.map(([bytes]) => sniffMimeType(bytes))).to.deep.equal(cases.map(([, mime]) => mime));
  });
});
