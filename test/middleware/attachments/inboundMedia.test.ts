import { expect } from 'chai';
import sinon from 'sinon';
import type { PlainAttachment } from '../../../adapter/activity';
import { inboundAttachments } from '../../../adapter/inbound/attachments';
import {
  isOnHosts,
  isThumbsUp,
  META_CDN_HOSTS,
  normalizeInbound,
  thumbsUpTextFor,
  typeFromHead,
  typeIsFamilyDefault,
} from '../../../middleware/attachments/inboundMedia';

const ig = (type: string, assetId: string) => ({
  type,
  payload: { url: `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${assetId}&signature=Abz` },
});

describe('inboundMedia', () => {
  it('typeIsFamilyDefault: only when the URL names no file of a known type', () => {
    const [named, lookaside, unknownExt] = inboundAttachments({
      attachments: [
        { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/a_n.jpg' } },
        ig('image', '1'),
        { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/x/data.xyz' } },
      ],
    }) as PlainAttachment[];
    expect(typeIsFamilyDefault(named!, 'image')).to.equal(false);
    expect(typeIsFamilyDefault(lookaside!, 'image')).to.equal(true);
    expect(typeIsFamilyDefault(unknownExt!, 'file')).to.equal(true);
  });

  it('typeFromHead: fits the family, maps video containers to audio, reads the disposition name', () => {
    expect(typeFromHead('image', { contentType: 'image/webp' })).to.equal('image/webp');
    expect(typeFromHead('image', { contentType: 'video/mp4' })).to.equal(undefined);
    expect(typeFromHead('audio', { contentType: 'video/mp4' })).to.equal('audio/mp4');
    expect(typeFromHead('audio', { contentType: 'audio/aac' })).to.equal('audio/aac');
    expect(typeFromHead('file', { contentType: 'application/zip' })).to.equal('application/zip');
    expect(typeFromHead('file', { contentType: 'text/html' })).to.equal(undefined);
    expect(typeFromHead('file', { contentType: 'application/octet-stream', fileName: 'x.docx' })).to.equal(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('isOnHosts: https on the listed hosts and their subdomains only', () => {
    expect(
      [
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1',
        'https://scontent-fra5-1.xx.fbcdn.net/v/a.jpg',
        'http://lookaside.fbsbx.com/x',
        'https://fbsbx.com.evil.example/x',
        'https://evilfbsbx.com/x',
        'nonsense',
      ].map((url) => isOnHosts(url, META_CDN_HOSTS)),
    ).to.deep.equal([true, true, false, false, false, false]);
  });

  it('normalizeInbound: looks up only default-typed media, names the unnamed, keeps the rest and the input', async () => {
    const input = inboundAttachments({
      attachments: [
        ig('image', '11'),
        { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/a_n.png' } },
        ig('story_mention', '12'),
        ig('audio', '13'),
      ],
    });
    const before = JSON.parse(JSON.stringify(input));
    const lookup = sinon
      .stub()
      .callsFake(async (url: string) => (url.includes('=11&') ? { contentType: 'image/gif' } : undefined));
    const out = await normalizeInbound(input, lookup, () => true);
    expect(lookup.args.map(([url]) => new URL(url as string).searchParams.get('asset_id'))).to.deep.equal([
      '11',
      '13',
    ]);
    expect(out.map((a) => [a.contentType, a.name])).to.deep.equal([
      ['image/gif', '11.gif'],
      ['image/png', 'a_n.png'],
      ['application/vnd.instagram.story_mention', undefined],
      ['audio/mp4', '13.m4a'],
    ]);
    expect(out[1]).to.equal(input[1]);
    expect(out[0]?.content).to.equal(input[0]?.content);
    expect(JSON.parse(JSON.stringify(input))).to.deep.equal(before);
  });

  it('normalizeInbound: no lookup when refine refuses the URL or no lookup is given', async () => {
    const input = inboundAttachments({ attachments: [ig('video', '21')] });
    const lookup = sinon.stub().resolves({ contentType: 'video/webm' });
    expect((await normalizeInbound(input, lookup, () => false))[0]?.contentType).to.equal('video/mp4');
    expect((await normalizeInbound(input, undefined, () => true))[0]?.contentType).to.equal('video/mp4');
    expect(lookup.called).to.equal(false);
  });

  it('isThumbsUp and thumbsUpTextFor', () => {
    const [like] = inboundAttachments({
      attachments: [{ type: 'sticker', payload: { url: 'https://x/s.png', sticker_id: 369239343222814 } }],
    });
    const [other] = inboundAttachments({ attachments: [{ type: 'sticker', payload: { sticker_id: 1 } }] });
    const photo = { contentType: 'image/jpeg', content: { type: 'image' } };
    expect([isThumbsUp(like), isThumbsUp(other), isThumbsUp(photo), isThumbsUp(undefined)]).to.deep.equal([
      true,
      false,
      false,
      false,
    ]);
    expect(thumbsUpTextFor(undefined, [like!], 'yes')).to.equal('yes');
    expect(thumbsUpTextFor('  ', [like!], 'yes')).to.equal('yes');
    expect(thumbsUpTextFor('ok', [like!], 'yes')).to.equal(undefined);
    expect(thumbsUpTextFor(undefined, [like!, photo], 'yes')).to.equal(undefined);
    expect(thumbsUpTextFor(undefined, [like!], undefined)).to.equal(undefined);
    expect(thumbsUpTextFor(undefined, [], 'yes')).to.equal(undefined);
  });
});
