import { expect } from 'chai';
import { inboundAttachments, THUMBS_UP_STICKER_IDS, vendorContentType } from '../../adapter/inbound';
import { THUMBS_UP_STICKER_ID } from '../../adapter/platform';
import { deepFreeze } from './helpers';

const CDN = 'https://scontent.xx.fbcdn.net/v/t39.1997-6';
const legacy = (id: number | string, file = '851557_369239266556155_759568595_n.png') => ({
  type: 'image',
  payload: { url: `${CDN}/${file}?_nc_cat=1&oh=00_A&oe=6A1B2C3D`, sticker_id: id },
});
const modern = (id: number | string, file = '851557_369239266556155_759568595_n.png') => ({
  type: 'sticker',
  payload: { url: `${CDN}/${file}?stp=dst-png_s261x260&oh=00_B&oe=6A1B2C3D`, sticker_id: id },
});

describe('inboundAttachments', () => {
  describe('stickers', () => {
    const expectedFrom = (raw: { payload: { url: string } }, id: string, isThumbsUp: boolean) => ({
      contentType: 'image/png',
      contentUrl: raw.payload.url,
      name: raw.payload.url.split('?')[0]!.split('/').pop(),
      content: { type: 'sticker', sticker_id: id, isThumbsUp, payload: raw.payload },
    });

    it('legacy form alone (message.sticker_id + image with payload.sticker_id) -> one sticker attachment', () => {
      const image = legacy(369239263222822);
      expect(
        inboundAttachments(deepFreeze({ mid: 'm_1', sticker_id: 369239263222822, attachments: [image] })),
      ).to.deep.equal([expectedFrom(image, THUMBS_UP_STICKER_ID, true)]);
    });

    it('2026 form alone -> the same attachment shape', () => {
      const sticker = modern(369239263222822);
      expect(inboundAttachments({ mid: 'm_1', attachments: [sticker] })).to.deep.equal([
        expectedFrom(sticker, THUMBS_UP_STICKER_ID, true),
      ]);
    });

    it('both forms, in either order -> ONE attachment built from the sticker form, at the first place', () => {
      const image = legacy(369239263222822);
      const sticker = modern(369239263222822);
      const photo = {
        type: 'image',
        payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/1_n.jpg?oh=1' },
      };
      const expected = expectedFrom(sticker, THUMBS_UP_STICKER_ID, true);
      expect(inboundAttachments({ attachments: [image, sticker] })).to.deep.equal([expected]);
      expect(inboundAttachments({ attachments: [sticker, image] })).to.deep.equal([expected]);
      const mixed = inboundAttachments({ attachments: [photo, image, sticker] });
      expect(mixed.map((a) => a.contentType)).to.deep.equal(['image/jpeg', 'image/png']);
      expect(mixed[1]).to.deep.equal(expected);
    });

    it('marks the larger like stickers as thumbs-up too, other stickers not', () => {
      expect(THUMBS_UP_STICKER_IDS.has(THUMBS_UP_STICKER_ID)).to.equal(true);
      const [large] = inboundAttachments({ attachments: [modern('369239383222810')] });
      expect((large!.content as { isThumbsUp: boolean }).isThumbsUp).to.equal(true);
      const cat = modern(126362180881995, '12057142_126362184215328_1938128713_n.png');
      expect(inboundAttachments({ attachments: [cat] })).to.deep.equal([
        expectedFrom(cat, '126362180881995', false),
      ]);
    });

    it('different stickers stay separate; an animated sticker keeps its own image type', () => {
      const gif = modern(144885262352406, '10734283_144885262352406_n.gif');
      const out = inboundAttachments({ attachments: [modern(369239263222822), gif] });
      expect(out.map((a) => [a.contentType, (a.content as { sticker_id: string }).sticker_id])).to.deep.equal(
        [
          ['image/png', '369239263222822'],
          ['image/gif', '144885262352406'],
        ],
      );
    });

    it('a sticker without url or id still yields one image/png attachment', () => {
      expect(inboundAttachments({ attachments: [{ type: 'sticker' }] })).to.deep.equal([
        { contentType: 'image/png', content: { type: 'sticker', isThumbsUp: false, payload: undefined } },
      ]);
    });
  });

  describe('media', () => {
    const media = (type: string, url: string) =>
      inboundAttachments({ attachments: [{ type, payload: { url } }] })[0];

    it('takes the MIME type from the file name, the Messenger type deciding mp4 audio vs video', () => {
      const cases: [string, string, string, string | undefined][] = [
        ['image', 'https://scontent.xx.fbcdn.net/v/t1.15752-9/44_n.jpg?_nc_cat=1', 'image/jpeg', '44_n.jpg'],
        ['image', 'https://scontent.xx.fbcdn.net/v/t1.15752-9/44_n.JPEG', 'image/jpeg', '44_n.JPEG'],
        ['image', 'https://scontent.xx.fbcdn.net/v/t1.15752-9/44_n.webp', 'image/webp', '44_n.webp'],
        [
          'video',
          'https://video.xx.fbcdn.net/v/t42.3356-2/44_n.mp4/video-1.mp4?x=1',
          'video/mp4',
          'video-1.mp4',
        ],
        ['video', 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mov', 'video/quicktime', 'clip.mov'],
        [
          'audio',
          'https://cdn.fbsbx.com/v/t59.3654-21/44_n.mp4/audioclip-1.mp4?x=1',
          'audio/mp4',
          'audioclip-1.mp4',
        ],
        ['audio', 'https://cdn.fbsbx.com/v/t59.3654-21/song.mp3', 'audio/mpeg', 'song.mp3'],
        ['audio', 'https://cdn.fbsbx.com/v/t59.3654-21/memo.m4a', 'audio/mp4', 'memo.m4a'],
        [
          'file',
          'https://cdn.fbsbx.com/v/t59.2708-21/44_n.pdf/invoice.pdf?x=1',
          'application/pdf',
          'invoice.pdf',
        ],
        [
          'file',
          'https://cdn.fbsbx.com/v/t59.2708-21/Q3%20report.xlsx',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Q3 report.xlsx',
        ],
        ['file', 'https://cdn.fbsbx.com/v/t59.2708-21/photo.png', 'image/png', 'photo.png'],
      ];
      for (const [type, url, contentType, name] of cases) {
        const expected: Record<string, unknown> = {
          contentType,
          contentUrl: url,
          content: { type, payload: { url } },
        };
        if (name !== undefined) expected.name = name;
        expect(media(type, url), url).to.deep.equal(expected);
      }
    });

    it('falls back to the family default without a known file name', () => {
      const lookaside =
        'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18034567891234567&signature=Abz';
      expect(media('image', lookaside)!.contentType).to.equal('image/jpeg');
      expect(media('video', lookaside)!.contentType).to.equal('video/mp4');
      expect(media('audio', lookaside)!.contentType).to.equal('audio/mp4');
      expect(media('file', lookaside)!.contentType).to.equal('application/octet-stream');
      expect(media('file', 'https://cdn.fbsbx.com/v/t59.2708-21/data.xyz')).to.deep.include({
        contentType: 'application/octet-stream',
        name: 'data.xyz',
      });
      expect(media('image', 'not a url')).to.deep.equal({
        contentType: 'image/jpeg',
        contentUrl: 'not a url',
        content: { type: 'image', payload: { url: 'not a url' } },
      });
      expect(media('image', lookaside)).to.not.have.property('name');
    });
  });

  describe('vendor kinds', () => {
    it('uses application/vnd.instagram.* for Instagram-only kinds and application/vnd.messenger.* otherwise', () => {
      expect(vendorContentType('story_mention')).to.equal('application/vnd.instagram.story_mention');
      expect(vendorContentType('ig_reel')).to.equal('application/vnd.instagram.ig_reel');
      expect(vendorContentType('share')).to.equal('application/vnd.instagram.share');
      expect(vendorContentType('location')).to.equal('application/vnd.messenger.location');
      expect(vendorContentType('fallback')).to.equal('application/vnd.messenger.fallback');
      expect(vendorContentType('appointment_booking')).to.equal(
        'application/vnd.messenger.appointment_booking',
      );
      expect(vendorContentType('Brand_New')).to.equal('application/vnd.messenger.brand_new');
      expect(vendorContentType('../../etc')).to.equal('application/vnd.messenger.unknown');
    });

    it('maps templates, reels, posts and kinds without a URL, keeping the raw attachment', () => {
      const template = { type: 'template', payload: { template_type: 'generic', elements: [] } };
      const post = {
        type: 'ig_post',
        payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', title: 'New in' },
      };
      const ephemeral = { type: 'ephemeral' };
      expect(inboundAttachments({ attachments: [template, post, ephemeral] })).to.deep.equal([
        { contentType: 'application/vnd.messenger.template', content: template },
        {
          contentType: 'application/vnd.instagram.ig_post',
          contentUrl: post.payload.url,
          name: 'New in',
          content: post,
        },
        { contentType: 'application/vnd.instagram.ephemeral', content: ephemeral },
      ]);
    });
  });

  it('adds a story reply attachment after the message attachments', () => {
    const story = {
      url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17858893269000001&signature=x',
      id: '17858893269000001',
    };
    const photo = {
      type: 'image',
      payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2' },
    };
    const out = inboundAttachments({ mid: 'aWdf', attachments: [photo], reply_to: { story } });
    expect(out).to.deep.equal([
      { contentType: 'image/jpeg', contentUrl: photo.payload.url, content: photo },
      { contentType: 'application/vnd.instagram.story_reply', contentUrl: story.url, content: story },
    ]);
    expect(out[1]!.content).to.equal(story);
  });

  it('never throws and ignores what is not an attachment', () => {
    for (const value of [
      undefined,
      null,
      7,
      'x',
      [],
      { attachments: 'x' },
      { attachments: [null, 1, {}, { type: 5 }] },
    ]) {
      expect(inboundAttachments(value), JSON.stringify(value)).to.deep.equal([]);
    }
    expect(inboundAttachments({ reply_to: { mid: 'm_1' } })).to.deep.equal([]);
    expect(inboundAttachments({ attachments: [{ type: 'image', payload: null }] })).to.deep.equal([
      { contentType: 'image/jpeg', content: { type: 'image', payload: null } },
    ]);
  });
});
