import { createHash } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerError } from '../../../adapter/errors';
import type { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { stateKeys } from '../../../adapter/state/keys';
import { MemoryStateStore } from '../../../adapter/state/memoryStateStore';
import { AttachmentMiddleware, MB } from '../../../middleware/attachments';
import { MessagingWindowMiddleware } from '../../../middleware/messagingWindow';
import { loadFixture } from '../../fixtures';
import {
  deliver,
  type FormPart,
  firstEvent,
  graphError,
  IGSID,
  JPEG,
  makeAdapter,
  PAGE_ID,
  PNG,
  PSID,
  proactive,
  recordGraph,
} from './helpers';

async function rejection(promise: Promise<unknown>): Promise<MessengerError> {
  try {
    await promise;
  } catch (error) {
    return error as MessengerError;
  }
  throw new Error('expected the send to reject');
}

/** Sends `activities` in a proactive turn; resolves the responses, rejects with the send's error. */
async function sendAll(
  adapter: MessengerAdapter,
  activities: Partial<Activity>[],
  channelId: 'facebook' | 'instagram' = 'facebook',
): Promise<{ id: string }[]> {
  const outcome: { responses?: { id: string }[]; error?: unknown } = {
    error: new Error('the turn did not run'),
  };
  await proactive(
    adapter,
    async (context: TurnContext) => {
      try {
        outcome.responses = (await context.sendActivities(activities)) as { id: string }[];
        delete outcome.error;
      } catch (error) {
        outcome.error = error;
      }
    },
    channelId,
  );
  if ('error' in outcome) throw outcome.error;
  return outcome.responses ?? [];
}

function fields(
  parts: FormPart[],
): { name: string; filename?: string; contentType?: string; value: string }[] {
  return parts.map(({ data, ...rest }) => ({
    ...rest,
    value: rest.name === 'filedata' ? `sha256:${sha(data)}` : data.toString('utf8'),
  }));
}

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const big = (bytes: number, head: Buffer = JPEG): Buffer =>
  Buffer.concat([head, Buffer.alloc(bytes - head.length, 7)]);

describe('AttachmentMiddleware outbound', () => {
  let adapter: MessengerAdapter;
  afterEach(async () => {
    await adapter?.close();
    nock.cleanAll();
  });

  describe('media by URL', () => {
    it('sends image / video / audio / file by MIME type, one message each, in order', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      const responses = await sendAll(adapter, [
        {
          type: 'message',
          text: 'Your order',
          attachments: [
            { contentType: 'image/png', contentUrl: 'https://cdn.example.com/shirt' },
            { contentType: 'application/octet-stream', contentUrl: 'https://cdn.example.com/clip.mp4' },
            { contentType: 'audio/mpeg', contentUrl: 'https://cdn.example.com/jingle.mp3' },
            {
              contentType: 'application/pdf',
              contentUrl: 'https://cdn.example.com/invoice.pdf',
              name: 'invoice.pdf',
            },
          ],
        },
      ]);
      expect(graph.sends().map((body) => body.message)).to.deep.equal([
        { text: 'Your order' },
        {
          attachment: { type: 'image', payload: { url: 'https://cdn.example.com/shirt', is_reusable: true } },
        },
        {
          attachment: {
            type: 'video',
            payload: { url: 'https://cdn.example.com/clip.mp4', is_reusable: true },
          },
        },
        {
          attachment: {
            type: 'audio',
            payload: { url: 'https://cdn.example.com/jingle.mp3', is_reusable: true },
          },
        },
        {
          attachment: {
            type: 'file',
            payload: { url: 'https://cdn.example.com/invoice.pdf', is_reusable: true },
          },
        },
      ]);
      expect(graph.uploads()).to.deep.equal([]);
      expect(responses).to.deep.equal([{ id: 'm_sent_1' }]);
    });

    it('with uploadUrls, uploads a URL once (JSON, is_reusable) and sends the stored id afterwards', async () => {
      const store = new MemoryStateStore();
      ({ adapter } = makeAdapter({ uploadUrls: true }, store));
      const graph = recordGraph();
      const photo = { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/banner.jpg' };
      await sendAll(adapter, [{ type: 'message', attachments: [photo] }]);
      await sendAll(adapter, [{ type: 'message', attachments: [photo] }]);
      expect(graph.calls).to.deep.equal([
        {
          kind: 'upload-url',
          body: {
            message: {
              attachment: {
                type: 'image',
                payload: { url: 'https://cdn.example.com/banner.jpg', is_reusable: true },
              },
            },
          },
        },
        {
          kind: 'send',
          body: sendBody({ attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } }),
        },
        {
          kind: 'send',
          body: sendBody({ attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } }),
        },
      ]);
    });
  });

  describe('inline media', () => {
    it('uploads a Buffer with the multipart Attachment Upload API, then sends it by attachment_id', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      const responses = await sendAll(adapter, [
        { type: 'message', attachments: [{ contentType: 'image/jpeg', name: 'receipt.jpg', content: JPEG }] },
      ]);
      const upload = graph.calls[0];
      expect(upload?.kind).to.equal('upload-bytes');
      const parts = (upload as { parts: FormPart[] }).parts;
      expect(fields(parts)).to.deep.equal([
        {
          name: 'message',
          value: JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }),
        },
        {
          name: 'filedata',
          filename: 'receipt.jpg',
          contentType: 'image/jpeg',
          value: `sha256:${sha(JPEG)}`,
        },
      ]);
      expect(parts[1]?.data.equals(JPEG)).to.equal(true);
      expect(graph.sends()).to.deep.equal([
        sendBody({ attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } }),
      ]);
      expect(responses).to.deep.equal([{ id: 'm_sent_1' }]);
    });

    it('reuses the uploaded id: the same bytes again cost no upload, in later turns and in the StateStore', async () => {
      const store = new MemoryStateStore();
      ({ adapter } = makeAdapter({}, store));
      const graph = recordGraph();
      const send = () =>
        sendAll(adapter, [{ type: 'message', attachments: [{ contentType: 'image/jpeg', content: JPEG }] }]);
      await send();
      await send();
      await send();
      expect(graph.uploads()).to.have.length(1);
      expect(graph.sends().map((b) => (b.message as { attachment: unknown }).attachment)).to.deep.equal(
        Array(3).fill({ type: 'image', payload: { attachment_id: '900000000000001' } }),
      );
      const key = stateKeys.upload(
        PAGE_ID,
        `b:image:${createHash('sha256').update('image/jpeg\0\0').update(JPEG).digest('hex')}`,
      );
      expect(await store.get(key)).to.include({ attachmentId: '900000000000001' });
    });

    it('joins concurrent sends of the same bytes into one upload', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            { contentType: 'image/png', content: PNG },
            { contentType: 'image/png', content: PNG },
          ],
        },
      ]);
      expect(graph.uploads()).to.have.length(1);
      // one message with both images (several images in one message)
      expect(graph.sends().map((b) => b.message)).to.deep.equal([
        { attachments: Array(2).fill({ type: 'image', payload: { attachment_id: '900000000000001' } }) },
      ]);
    });

    it('uploads a data: URI (type from the URI) and types bytes without a content type by their signature', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            {
              contentType: 'image/png',
              contentUrl: `data:image/png;base64,${PNG.toString('base64')}`,
              name: 'dot.png',
            },
            { contentType: 'application/octet-stream', content: Buffer.from('%PDF-1.7\n%minimal') },
          ],
        },
      ]);
      const uploads = graph.uploads().map((call) => fields((call as { parts: FormPart[] }).parts));
      expect(uploads.map((parts) => parts[1]?.contentType)).to.deep.equal(['image/png', 'application/pdf']);
      expect(uploads.map((parts) => parts[1]?.filename)).to.deep.equal(['dot.png', 'file.pdf']);
      expect(uploads.map((parts) => JSON.parse(parts[0]?.value ?? '{}').attachment.type)).to.deep.equal([
        'image',
        'file',
      ]);
      expect(
        graph.sends().map((b) => (b.message as { attachment: { type: string } }).attachment.type),
      ).to.deep.equal(['image', 'file']);
    });

    it('keeps file uploads apart by name (Messenger shows it) but images of the same bytes together', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      const pdf = Buffer.from('%PDF-1.7 same bytes');
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            { contentType: 'application/pdf', content: pdf, name: 'a.pdf' },
            { contentType: 'application/pdf', content: pdf, name: 'b.pdf' },
            { contentType: 'image/jpeg', content: JPEG, name: 'one.jpg' },
            { contentType: 'image/jpeg', content: JPEG, name: 'two.jpg' },
          ],
        },
      ]);
      expect(graph.uploads()).to.have.length(3);
    });

    it('uploads again, once, when Meta no longer accepts a stored id (2018074), and stores the new id', async () => {
      const store = new MemoryStateStore();
      ({ adapter } = makeAdapter({}, store));
      const key = stateKeys.upload(
        PAGE_ID,
        `b:image:${createHash('sha256').update('image/jpeg\0\0').update(JPEG).digest('hex')}`,
      );
      // An id stored earlier (another instance, weeks ago) that Meta has dropped since.
      await store.set(key, { attachmentId: '555000000000001', uploadedAt: 1 });
      const graph = recordGraph({
        failSend: (body) =>
          JSON.stringify(body).includes('"555000000000001"')
            ? [400, graphError(100, 2018074, '(#100) Possible invalid ID or you do not own the attachment')]
            : undefined,
      });
      const photo = { contentType: 'image/jpeg', content: JPEG };
      const responses = await sendAll(adapter, [
        { type: 'message', text: 'Twice:', attachments: [photo, photo] },
      ]);
      expect(
        graph.calls.map((call) => (call.kind === 'send' ? JSON.stringify(call.body.message) : call.kind)),
      ).to.deep.equal([
        '{"text":"Twice:"}',
        // Both images in one message; Meta refuses the set, so each goes out alone with its own recovery.
        '{"attachments":[{"type":"image","payload":{"attachment_id":"555000000000001"}},{"type":"image","payload":{"attachment_id":"555000000000001"}}]}',
        '{"attachment":{"type":"image","payload":{"attachment_id":"555000000000001"}}}',
        'upload-bytes',
        '{"attachment":{"type":"image","payload":{"attachment_id":"900000000000001"}}}',
        // The second use of the refused id in the same activity goes out with the new one directly.
        '{"attachment":{"type":"image","payload":{"attachment_id":"900000000000001"}}}',
      ]);
      expect(responses).to.deep.equal([{ id: 'm_sent_1' }]);
      expect(await store.get(key)).to.include({ attachmentId: '900000000000001' });
      await sendAll(adapter, [{ type: 'message', attachments: [photo] }]);
      expect(graph.uploads()).to.have.length(1);
    });

    it('drops a just-uploaded id Meta refuses (2018074) and rejects, without uploading in a loop', async () => {
      const store = new MemoryStateStore();
      ({ adapter } = makeAdapter({}, store));
      const graph = recordGraph({
        failSend: (_body, index) =>
          index === 0
            ? [400, graphError(100, 2018074, '(#100) Possible invalid ID or you do not own the attachment')]
            : undefined,
      });
      const message = { type: 'message', attachments: [{ contentType: 'image/png', content: PNG }] };
      const error = await rejection(sendAll(adapter, [message]));
      expect([error.code, (error as { graphSubcode?: number }).graphSubcode]).to.deep.equal([
        'ATTACHMENT_REJECTED',
        2018074,
      ]);
      expect(graph.calls.map((call) => call.kind)).to.deep.equal(['upload-bytes', 'send']);
      await sendAll(adapter, [message]);
      expect(graph.calls.map((call) => call.kind)).to.deep.equal([
        'upload-bytes',
        'send',
        'upload-bytes',
        'send',
      ]);
    });
  });

  describe('limits', () => {
    it('sends an Instagram image over 8 MB given by URL as a link line, in its place (checkUrls HEAD)', async () => {
      ({ adapter } = makeAdapter({ checkUrls: true }));
      const graph = recordGraph();
      nock('https://cdn.example.com')
        .head('/poster.jpg')
        .reply(200, '', { 'Content-Type': 'image/jpeg', 'Content-Length': String(9 * MB) });
      nock('https://cdn.example.com')
        .head('/small.jpg')
        .reply(200, '', { 'Content-Type': 'image/jpeg', 'Content-Length': '2048' });
      const responses = await sendAll(
        adapter,
        [
          {
            type: 'message',
            text: 'Posters',
            attachments: [
              { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/small.jpg' },
              {
                contentType: 'image/jpeg',
                contentUrl: 'https://cdn.example.com/poster.jpg',
                name: 'Poster A1',
              },
              { contentType: 'image/jpeg', contentUrl: 'https://cdn.example.com/small.jpg' },
            ],
            suggestedActions: { actions: [{ type: 'imBack', title: 'More', value: 'more' }], to: [] },
          },
        ],
        'instagram',
      );
      expect(graph.sends().map((b) => [(b.recipient as { id: string }).id, b.message])).to.deep.equal([
        [IGSID, { text: 'Posters' }],
        [
          IGSID,
          {
            attachment: {
              type: 'image',
              payload: { url: 'https://cdn.example.com/small.jpg', is_reusable: true },
            },
          },
        ],
        [IGSID, { text: 'Poster A1: https://cdn.example.com/poster.jpg' }],
        [
          IGSID,
          {
            attachment: {
              type: 'image',
              payload: { url: 'https://cdn.example.com/small.jpg', is_reusable: true },
            },
            quick_replies: [{ content_type: 'text', title: 'More', payload: 'more' }],
          },
        ],
      ]);
      expect(responses).to.deep.equal([{ id: 'm_sent_1' }]);
    });

    it('sends an Instagram type it does not take (audio/mpeg) as a link; Messenger sends it as audio', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      const song = { contentType: 'audio/mpeg', contentUrl: 'https://cdn.example.com/song.mp3' };
      await sendAll(adapter, [{ type: 'message', attachments: [song] }], 'instagram');
      await sendAll(adapter, [{ type: 'message', attachments: [song] }], 'facebook');
      expect(graph.sends().map((b) => b.message)).to.deep.equal([
        { text: 'song.mp3: https://cdn.example.com/song.mp3' },
        {
          attachment: {
            type: 'audio',
            payload: { url: 'https://cdn.example.com/song.mp3', is_reusable: true },
          },
        },
      ]);
    });

    it("with onRejected 'reject', rejects with ATTACHMENT_REJECTED naming the file, size, type and limit, sending nothing", async () => {
      ({ adapter } = makeAdapter({ onRejected: 'reject' }));
      const graph = recordGraph();
      const error = await rejection(
        sendAll(
          adapter,
          [
            { type: 'message', text: 'first' },
            {
              type: 'message',
              attachments: [{ contentType: 'image/png', name: 'scan.png', content: big(9 * MB, PNG) }],
            },
          ],
          'instagram',
        ),
      );
      expect(error).to.be.instanceOf(MessengerError);
      expect(error.code).to.equal('ATTACHMENT_REJECTED');
      expect(error.message)
        .to.contain("'scan.png' (9 MB, image/png)")
        .and.to.contain('Instagram')
        .and.to.contain('(8 MB)');
      expect(error.details).to.deep.include({
        name: 'scan.png',
        size: 9 * MB,
        limit: 8 * MB,
        reason: 'too-large',
        channelId: 'instagram',
      });
      expect(graph.calls).to.deep.equal([]);
    });

    it('rejects oversize inline data even with the link policy (there is no URL to link to)', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      const error = await rejection(
        sendAll(adapter, [
          {
            type: 'message',
            attachments: [{ contentType: 'video/mp4', name: 'talk.mp4', content: big(25 * MB + 1) }],
          },
        ]),
      );
      expect(error.code).to.equal('ATTACHMENT_REJECTED');
      expect(error.message).to.contain("'talk.mp4'").and.to.contain('(25 MB)').and.to.contain('inline data');
      expect(graph.calls).to.deep.equal([]);
    });

    it('rejects an unsupported inline type on Instagram and names the accepted types', async () => {
      ({ adapter } = makeAdapter());
      recordGraph();
      const error = await rejection(
        sendAll(
          adapter,
          [
            {
              type: 'message',
              attachments: [
                { contentType: 'application/zip', name: 'logs.zip', content: Buffer.from('PK\u0003\u0004') },
              ],
            },
          ],
          'instagram',
        ),
      );
      expect(error.code).to.equal('ATTACHMENT_REJECTED');
      expect(error.details).to.deep.include({
        reason: 'unsupported-type',
        contentType: 'application/zip',
        accepted: ['application/pdf'],
      });
    });

    it('accepts a 25 MB file on Messenger (exactly at the limit)', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph();
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            { contentType: 'application/pdf', name: 'big.pdf', content: big(25 * MB, Buffer.from('%PDF')) },
          ],
        },
      ]);
      expect(graph.uploads()).to.have.length(1);
    });

    it('sends media Meta refuses to fetch or finds too large (2018008, 2018109) as a link', async () => {
      ({ adapter } = makeAdapter());
      const graph = recordGraph({
        failSend: (body) => {
          const text = JSON.stringify((body.message as { attachment?: unknown }).attachment ?? null);
          if (text.includes('private.example'))
            return [400, graphError(100, 2018008, 'Failed to fetch the file from the url')];
          if (text.includes('huge.mov'))
            return [400, graphError(100, 2018109, 'Attachment size exceeds allowable limit')];
          return undefined;
        },
      });
      const responses = await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            { contentType: 'image/jpeg', contentUrl: 'https://private.example/a.jpg', name: 'Floor plan' },
            { contentType: 'video/quicktime', contentUrl: 'https://cdn.example.com/huge.mov' },
          ],
        },
      ]);
      expect(graph.sends().map((b) => b.message)).to.deep.equal([
        {
          attachment: { type: 'image', payload: { url: 'https://private.example/a.jpg', is_reusable: true } },
        },
        { text: 'Floor plan: https://private.example/a.jpg' },
        {
          attachment: {
            type: 'video',
            payload: { url: 'https://cdn.example.com/huge.mov', is_reusable: true },
          },
        },
        { text: 'huge.mov: https://cdn.example.com/huge.mov' },
      ]);
      expect(responses).to.deep.equal([{ id: 'm_sent_1' }]);
    });

    it("with onRejected 'reject', a Meta refusal reaches the caller as the Graph ATTACHMENT_REJECTED", async () => {
      ({ adapter } = makeAdapter({ onRejected: 'reject' }));
      recordGraph({
        failSend: () => [400, graphError(100, 2018109, 'Attachment size exceeds allowable limit')],
      });
      const error = await rejection(
        sendAll(adapter, [
          {
            type: 'message',
            attachments: [{ contentType: 'video/mp4', contentUrl: 'https://cdn.example.com/x.mp4' }],
          },
        ]),
      );
      expect([error.code, (error as { graphSubcode?: number }).graphSubcode]).to.deep.equal([
        'ATTACHMENT_REJECTED',
        2018109,
      ]);
    });

    it('with uploadUrls, a URL Meta cannot fetch at upload becomes a link', async () => {
      ({ adapter } = makeAdapter({ uploadUrls: true }));
      const graph = recordGraph({
        failUpload: () => [400, graphError(100, 2018008, 'Failed to fetch the file from the url')],
      });
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [{ contentType: 'image/png', contentUrl: 'https://intranet.example/map.png' }],
        },
      ]);
      expect(graph.sends().map((b) => b.message)).to.deep.equal([
        { text: 'map.png: https://intranet.example/map.png' },
      ]);
    });
  });

  describe('what it leaves alone', () => {
    it('cards, attachment ids and channelData.attachment go to the outbound mapping unchanged', async () => {
      ({ adapter } = makeAdapter({ checkUrls: true }));
      const graph = recordGraph();
      await sendAll(adapter, [
        {
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.hero',
              content: { title: 'Shirt', buttons: [{ type: 'imBack', title: 'Buy', value: 'buy' }] },
            },
            { contentType: 'image/png', content: { attachment_id: '1857777774821032' } },
          ],
        },
        {
          type: 'message',
          attachments: [{ contentType: 'image/png', content: PNG }],
          channelData: { attachment: { type: 'image', payload: { attachment_id: '42' } } },
        },
      ]);
      expect(graph.uploads()).to.deep.equal([]);
      expect(
        graph
          .sends()
          .map(
            (b) =>
              (b.message as { attachment: { type: string; payload: Record<string, unknown> } }).attachment,
          ),
      ).to.deep.equal([
        {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Shirt',
            buttons: [{ type: 'postback', title: 'Buy', payload: 'buy' }],
          },
        },
        { type: 'image', payload: { attachment_id: '1857777774821032' } },
        { type: 'image', payload: { attachment_id: '42' } },
      ]);
    });

    it('does not change the activity the bot passed in', async () => {
      ({ adapter } = makeAdapter());
      recordGraph();
      const attachment = { contentType: 'image/jpeg', content: JPEG };
      const activity = { type: 'message', attachments: [attachment] };
      await sendAll(adapter, [activity]);
      expect(activity).to.deep.equal({
        type: 'message',
        attachments: [{ contentType: 'image/jpeg', content: JPEG }],
      });
      expect(activity.attachments[0]).to.equal(attachment);
    });
  });

  it('refuses invalid options with CONFIG_INVALID naming them', async () => {
    expect(() => new AttachmentMiddleware({ onRejected: 'drop' as never, headTimeoutMs: -1 }))
      .to.throw(MessengerError)
      .with.property('message')
      .that.contains('onRejected')
      .and.contains('headTimeoutMs');
    expect(() => new AttachmentMiddleware({ headLokup: true } as never)).to.throw(
      /unknown option\(s\) headLokup/,
    );
  });
});

/** A proactive Messenger Send API body for `message`. */
function sendBody(message: Record<string, unknown>): Record<string, unknown> {
  return { recipient: { id: PSID }, messaging_type: 'UPDATE', message };
}

describe('AttachmentMiddleware with the other Messenger middleware', () => {
  let adapter: MessengerAdapter;
  afterEach(async () => {
    await adapter?.close();
    nock.cleanAll();
  });

  it('replies in a user turn with RESPONSE on every message, links and uploads included', async () => {
    let errors: Error[];
    ({ adapter, errors } = makeAdapter(false));
    // The user wrote a minute ago (the fixture's timestamp).
    const userWroteAt = (firstEvent(loadFixture('messenger/text').body).timestamp as number) + 60_000;
    adapter.use(new MessagingWindowMiddleware({ now: () => userWroteAt }), new AttachmentMiddleware());
    const graph = recordGraph({
      failSend: (body) =>
        JSON.stringify(body).includes('all.zip"') && !JSON.stringify(body).includes('"text"')
          ? [400, graphError(100, 2018008, 'Failed to fetch the file from the url')]
          : undefined,
    });
    await deliver(adapter, loadFixture('messenger/text').body, async (context) => {
      await context.sendActivity({
        type: 'message',
        text: 'Here you go',
        attachments: [
          { contentType: 'image/png', name: 'chart.png', content: PNG },
          { contentType: 'application/zip', contentUrl: 'https://cdn.example.com/all.zip' },
        ],
      });
    });
    expect(graph.sends().map((b) => [b.messaging_type, b.message])).to.deep.equal([
      ['RESPONSE', { text: 'Here you go' }],
      ['RESPONSE', { attachment: { type: 'image', payload: { attachment_id: '900000000000001' } } }],
      [
        'RESPONSE',
        {
          attachment: {
            type: 'file',
            payload: { url: 'https://cdn.example.com/all.zip', is_reusable: true },
          },
        },
      ],
      ['RESPONSE', { text: 'all.zip: https://cdn.example.com/all.zip' }],
    ]);
    expect(errors).to.deep.equal([]);
  });
});
