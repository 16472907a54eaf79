import { type Attachment, TestAdapter, type TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import type { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { AttachmentMiddleware, attachmentKeys, isThumbsUp } from '../../../middleware/attachments';
import { sha256Hex } from '../../../middleware/attachments/headLookup';
import { loadFixture } from '../../fixtures';
import { attachmentFixture, deliver, firstEvent, makeAdapter } from './helpers';

type Seen = { text: string | undefined; attachments: Attachment[] | undefined; channelData: unknown };

/** Delivers `body` and returns what the bot saw in its (single) message turn. */
async function seenBy(adapter: MessengerAdapter, body: unknown): Promise<Seen> {
  const seen: Seen[] = [];
  await deliver(adapter, body, async (context: TurnContext) => {
    if (context.activity.type === 'message') {
      seen.push({
        text: context.activity.text,
        attachments: context.activity.attachments,
        channelData: context.activity.channelData,
      });
    }
  });
  expect(seen).to.have.length(1);
  return seen[0] as Seen;
}

function rawAttachments(body: unknown): unknown[] {
  return (firstEvent(body).message as { attachments: unknown[] }).attachments;
}

const LOOKASIDE = 'https://lookaside.fbsbx.com';

describe('AttachmentMiddleware inbound', () => {
  let adapter: MessengerAdapter;
  let clock: sinon.SinonFakeTimers | undefined;

  afterEach(async () => {
    clock?.restore();
    clock = undefined;
    await adapter?.close();
    nock.cleanAll();
  });

  describe('every Messenger kind', () => {
    it('keeps all six attachments of one message, in order, with real MIME types, URLs and names', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('messenger/attachments');
      const raw = rawAttachments(body) as { payload: { url: string } }[];
      const { attachments } = await seenBy(adapter, body);
      const url = (i: number) => raw[i]?.payload.url;
      expect(attachments).to.deep.equal([
        {
          contentType: 'image/jpeg',
          contentUrl: url(0),
          name: '136023834_3200619211074118_1577184946130003044_n.jpg',
          content: raw[0],
        },
        {
          contentType: 'image/png',
          contentUrl: url(1),
          name: '566991968_8394143533096512_3251009296270977586_n.png',
          content: raw[1],
        },
        { contentType: 'video/mp4', contentUrl: url(2), name: 'video-1782894006.mp4', content: raw[2] },
        {
          contentType: 'audio/mp4',
          contentUrl: url(3),
          name: 'audioclip-1782894005000-3021.mp4',
          content: raw[3],
        },
        { contentType: 'audio/mpeg', contentUrl: url(4), name: 'Jingle final.mp3', content: raw[4] },
        {
          contentType: 'application/pdf',
          contentUrl: url(5),
          name: 'Invoice-2026-0715.pdf',
          content: raw[5],
        },
      ]);
    });

    it('leaves channelData, the raw event, exactly as Meta sent it', async () => {
      ({ adapter } = makeAdapter({ headLookup: true }));
      const { body } = loadFixture('messenger/attachments');
      const { channelData } = await seenBy(adapter, body);
      expect(channelData).to.deep.equal(firstEvent(loadFixture('messenger/attachments').body));
    });

    it('turns a legacy + 2026 sticker pair into ONE image/png attachment that marks the thumbs-up', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('messenger/sticker');
      const raw = rawAttachments(body) as { payload: { url: string } }[];
      const { attachments } = await seenBy(adapter, body);
      expect(attachments).to.deep.equal([
        {
          contentType: 'image/png',
          contentUrl: raw[1]?.payload.url,
          name: '851557_369239266556155_759568595_n.png',
          content: {
            type: 'sticker',
            sticker_id: '369239263222822',
            isThumbsUp: true,
            payload: raw[1]?.payload,
          },
        },
      ]);
      expect(isThumbsUp(attachments?.[0])).to.equal(true);
    });

    it('keeps the sticker_id of a 2026-form sticker that is not a thumbs-up', async () => {
      ({ adapter } = makeAdapter({ thumbsUpText: 'yes' }));
      const body = attachmentFixture('messenger-sticker-2026');
      const { attachments, text } = await seenBy(adapter, body);
      expect(attachments).to.have.length(1);
      expect(attachments?.[0]?.contentType).to.equal('image/png');
      expect(attachments?.[0]?.content).to.include({
        type: 'sticker',
        sticker_id: '126361874215276',
        isThumbsUp: false,
      });
      expect(isThumbsUp(attachments?.[0])).to.equal(false);
      expect(text).to.equal(undefined);
    });

    it('reads a GIF as image/gif', async () => {
      ({ adapter } = makeAdapter());
      const { attachments } = await seenBy(adapter, loadFixture('messenger/gif').body);
      expect(attachments?.map((a) => [a.contentType, a.name])).to.deep.equal([['image/gif', 'giphy.gif']]);
    });

    it('gives a location its vendor type, the map link and the title', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('messenger/location');
      const raw = rawAttachments(body) as { url: string }[];
      const { attachments } = await seenBy(adapter, body);
      expect(attachments).to.deep.equal([
        {
          contentType: 'application/vnd.messenger.location',
          contentUrl: raw[0]?.url,
          name: "Anna's Location",
          content: raw[0],
        },
      ]);
      expect((attachments?.[0]?.content as { payload?: unknown } | undefined)?.payload).to.deep.equal({
        coordinates: { lat: 52.520008, long: 13.404954 },
      });
    });

    it('gives a fallback link its vendor type, the link and the title, and keeps the text', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('messenger/fallback');
      const raw = rawAttachments(body) as { url: string }[];
      const { attachments, text } = await seenBy(adapter, body);
      expect(text).to.equal('look https://shop.example.com/sale');
      expect(attachments).to.deep.equal([
        {
          contentType: 'application/vnd.messenger.fallback',
          contentUrl: raw[0]?.url,
          name: 'Summer sale: 30% off all shirts',
          content: raw[0],
        },
      ]);
    });
  });

  describe('every Instagram kind', () => {
    it('names an image whose URL has no file name after its asset id, typed image/jpeg by default', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('instagram/image');
      const raw = rawAttachments(body) as { payload: { url: string } }[];
      const { attachments } = await seenBy(adapter, body);
      expect(attachments).to.deep.equal([
        {
          contentType: 'image/jpeg',
          contentUrl: raw[0]?.payload.url,
          name: '15922126635477038.jpg',
          content: raw[0],
        },
      ]);
    });

    it('types a voice clip audio/mp4 by default', async () => {
      ({ adapter } = makeAdapter());
      const { attachments } = await seenBy(adapter, loadFixture('instagram/audio').body);
      expect(attachments?.map((a) => [a.contentType, a.name])).to.deep.equal([
        ['audio/mp4', '91681190242013412.m4a'],
      ]);
    });

    for (const [fixture, kind, name] of [
      ['instagram/story-mention', 'story_mention', undefined],
      ['instagram/ig-reel', 'ig_reel', 'Behind the scenes of our summer drop \u2600\ufe0f #linen'],
      ['instagram/share', 'share', undefined],
    ] as const) {
      it(`gives ${kind} the documented vendor type application/vnd.instagram.${kind} with its URL`, async () => {
        ({ adapter } = makeAdapter({ headLookup: true }));
        const { body } = loadFixture(fixture);
        const raw = rawAttachments(body) as { payload: { url: string } }[];
        const { attachments } = await seenBy(adapter, body);
        const expected: Attachment = {
          contentType: `application/vnd.instagram.${kind}`,
          contentUrl: raw[0]?.payload.url,
          content: raw[0],
        };
        if (name !== undefined) expected.name = name;
        expect(attachments).to.deep.equal([expected]);
      });
    }

    it('adds the story of a story reply as application/vnd.instagram.story_reply, with the text', async () => {
      ({ adapter } = makeAdapter());
      const { body } = loadFixture('instagram/story-reply');
      const story = (firstEvent(body).message as { reply_to: { story: { url: string } } }).reply_to.story;
      const { attachments, text } = await seenBy(adapter, body);
      expect(text).to.equal('Love this colour \u{1f60d}');
      expect(attachments).to.deep.equal([
        { contentType: 'application/vnd.instagram.story_reply', contentUrl: story.url, content: story },
      ]);
    });

    it('passes an is_unsupported message on with neither text nor attachments', async () => {
      ({ adapter } = makeAdapter({ headLookup: true }));
      const seen = await seenBy(adapter, loadFixture('instagram/unsupported').body);
      expect([seen.text, seen.attachments]).to.deep.equal([undefined, undefined]);
      expect((seen.channelData as { message: { is_unsupported: boolean } }).message.is_unsupported).to.equal(
        true,
      );
    });

    it('keeps all attachments of a multi-attachment message, in order', async () => {
      ({ adapter } = makeAdapter());
      const body = attachmentFixture('instagram-multi');
      const raw = rawAttachments(body) as { payload: { url: string } }[];
      const { attachments } = await seenBy(adapter, body);
      expect(attachments?.map((a) => [a.contentType, a.contentUrl, a.name])).to.deep.equal([
        ['image/jpeg', raw[0]?.payload.url, '17998877665544332.jpg'],
        ['video/mp4', raw[1]?.payload.url, '17998877665544333.mp4'],
        ['image/jpeg', raw[2]?.payload.url, '17998877665544334.jpg'],
      ]);
    });
  });

  describe('headLookup', () => {
    const IMAGE_PATH = '/ig_messaging_cdn/';

    it('refines a default-typed Instagram image with the Content-Type of a HEAD request, and caches it', async () => {
      const store = new MemoryStateStore();
      ({ adapter } = makeAdapter({ headLookup: true }, store));
      const { body } = loadFixture('instagram/image');
      const url = (rawAttachments(body)[0] as { payload: { url: string } }).payload.url;
      const head = nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query({ asset_id: '15922126635477038', signature: /^Abz/ })
        .reply(200, '', { 'Content-Type': 'image/png', 'Content-Length': '48213' });
      const first = await seenBy(adapter, body);
      expect(first.attachments?.map((a) => [a.contentType, a.name])).to.deep.equal([
        ['image/png', '15922126635477038.png'],
      ]);
      head.done();
      expect(await store.get(attachmentKeys.head(sha256Hex(url)))).to.deep.equal({
        contentType: 'image/png',
        size: 48213,
      });

      // Same URL again (a redelivery with a new mid): answered from the cache, no request.
      const again = loadFixture('instagram/image').body as {
        entry: { messaging: { message: { mid: string } }[] }[];
      };
      const event = again.entry[0]?.messaging[0];
      if (event) event.message.mid = `${event.message.mid}x`;
      const second = await seenBy(adapter, again);
      expect(second.attachments?.[0]?.contentType).to.equal('image/png');
      expect(nock.pendingMocks()).to.deep.equal([]);
    });

    it('reads an audio clip served as video/mp4 as audio/mp4, and a file type from Content-Disposition', async () => {
      ({ adapter } = makeAdapter({ headLookup: true }));
      const { body } = loadFixture('instagram/audio');
      nock(LOOKASIDE).head(IMAGE_PATH).query(true).reply(200, '', { 'Content-Type': 'video/mp4' });
      const audio = await seenBy(adapter, body);
      expect(audio.attachments?.[0]?.contentType).to.equal('audio/mp4');

      const file = {
        object: 'instagram',
        entry: [
          {
            id: '17841400123456789',
            time: 1782894059212,
            messaging: [
              {
                sender: { id: '7190835724411234' },
                recipient: { id: '17841400123456789' },
                timestamp: 1782894059000,
                message: {
                  mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAxMjM0NTY3ODk6MzQwFileWithDispositionZDZD',
                  attachments: [
                    {
                      type: 'file',
                      payload: { url: `${LOOKASIDE}/ig_messaging_cdn/?asset_id=555&signature=Abz1` },
                    },
                  ],
                },
              },
            ],
          },
        ],
      };
      nock(LOOKASIDE).head(IMAGE_PATH).query({ asset_id: '555', signature: 'Abz1' }).reply(200, '', {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': 'attachment; filename="Lieferschein 42.pdf"',
      });
      const seen = await seenBy(adapter, file);
      expect(seen.attachments?.map((a) => [a.contentType, a.name])).to.deep.equal([
        ['application/pdf', 'Lieferschein 42.pdf'],
      ]);
    });

    it('keeps the default when HEAD fails, answers non-2xx, or names another family', async () => {
      ({ adapter } = makeAdapter({ headLookup: true }));
      const body = attachmentFixture('instagram-multi');
      nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query({ asset_id: '17998877665544332', signature: /.*/ })
        .replyWithError('ECONNRESET');
      nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query({ asset_id: '17998877665544333', signature: /.*/ })
        .reply(403, '');
      nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query({ asset_id: '17998877665544334', signature: /.*/ })
        .reply(200, '', { 'Content-Type': 'text/html; charset=utf-8' });
      const { attachments } = await seenBy(adapter, body);
      expect(attachments?.map((a) => a.contentType)).to.deep.equal(['image/jpeg', 'video/mp4', 'image/jpeg']);
      expect(nock.pendingMocks()).to.deep.equal([]);
    });

    it('gives up after headTimeoutMs and runs the turn with the default type (fake timers)', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      ({ adapter } = makeAdapter({ headLookup: true, headTimeoutMs: 1500 }));
      nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query(true)
        .delay(60_000)
        .reply(200, '', { 'Content-Type': 'image/png' });
      const turn = seenBy(adapter, loadFixture('instagram/image').body);
      let settled = false;
      void turn.then(() => {
        settled = true;
      });
      // Let the request start; the turn waits for the HEAD answer.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(settled).to.equal(false);
      await clock.tickAsync(1499);
      expect(settled).to.equal(false);
      await clock.tickAsync(1);
      const seen = await turn;
      expect(seen.attachments?.[0]?.contentType).to.equal('image/jpeg');
    });

    it('sends no HEAD for media whose URL names the file, nor to hosts outside Meta’s CDN', async () => {
      ({ adapter } = makeAdapter({ headLookup: true }));
      // nock would throw on any unexpected request (net connect is disabled): none may be made.
      const { attachments } = await seenBy(adapter, loadFixture('messenger/attachments').body);
      expect(attachments).to.have.length(6);
      const foreign = attachmentFixture('instagram-multi') as {
        entry: { messaging: { message: { attachments: { payload: { url: string } }[] } }[] }[];
      };
      const first = foreign.entry[0]?.messaging[0]?.message.attachments[0];
      if (first) first.payload.url = 'https://attacker.example/ig_messaging_cdn/?asset_id=1';
      nock(LOOKASIDE).head(IMAGE_PATH).query(true).times(2).reply(200, '', { 'Content-Type': 'image/jpeg' });
      const seen = await seenBy(adapter, foreign);
      expect(seen.attachments?.[0]?.contentType).to.equal('image/jpeg');
      expect(nock.pendingMocks()).to.deep.equal([]);
    });

    it('is off by default: no request is made', async () => {
      ({ adapter } = makeAdapter());
      const scope = nock(LOOKASIDE)
        .head(IMAGE_PATH)
        .query(true)
        .reply(200, '', { 'Content-Type': 'image/png' });
      const { attachments } = await seenBy(adapter, loadFixture('instagram/image').body);
      expect(attachments?.[0]?.contentType).to.equal('image/jpeg');
      expect(scope.isDone()).to.equal(false);
    });
  });

  describe('thumbsUpText', () => {
    it('gives a message that is only a thumbs-up the configured text, in both sticker forms', async () => {
      ({ adapter } = makeAdapter({ thumbsUpText: 'yes' }));
      const legacy = await seenBy(adapter, loadFixture('messenger/sticker').body);
      const modern = await seenBy(adapter, attachmentFixture('messenger-thumbs-up-2026'));
      expect([legacy.text, modern.text]).to.deep.equal(['yes', 'yes']);
      expect(modern.attachments?.map(isThumbsUp)).to.deep.equal([true]);
    });

    it('is off by default', async () => {
      ({ adapter } = makeAdapter());
      const seen = await seenBy(adapter, loadFixture('messenger/sticker').body);
      expect(seen.text).to.equal(undefined);
    });
  });

  it('does nothing on turns that did not come from a MessengerAdapter', async () => {
    const test = new TestAdapter(async (context) => {
      await context.sendActivity(`${context.activity.attachments?.[0]?.contentType}`);
    });
    test.use(new AttachmentMiddleware({ headLookup: true }));
    await test
      .send({
        type: 'message',
        attachments: [{ contentType: 'image', contentUrl: 'https://lookaside.fbsbx.com/x' }],
      })
      .assertReply('image')
      .startTest();
    ({ adapter } = makeAdapter());
  });
});
