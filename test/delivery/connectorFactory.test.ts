import { expect } from 'chai';
import { ConnectorFactories, connectorFactoryFor } from '../../adapter/delivery/connectorFactory';
import { MessengerError } from '../../adapter/errors';
import type { UploadAttachmentInput } from '../../adapter/graph/graphClient';
import { mediaAttachmentMessage } from '../../adapter/outbound/media';
import { attachmentIdOfUrl, UPLOADED_ATTACHMENT_BASE_URI } from '../../adapter/outbound/uploadedAttachmentUrl';
import { IG_ACCOUNT_ID, PAGE_ID } from '../helpers/envelopes';

function recordingGraph(): { calls: Array<[string, UploadAttachmentInput]>; graph: { uploadAttachment: (a: string, i: UploadAttachmentInput) => Promise<string> } } {
  const calls: Array<[string, UploadAttachmentInput]> = [];
  return {
    calls,
    graph: {
      uploadAttachment: async (accountId, input) => {
        calls.push([accountId, input]);
        return '1857777774821032';
      },
    },
  };
}

async function rejectionOf(promise: unknown): Promise<MessengerError> {
  try {
    await promise;
  } catch (error) {
    return error as MessengerError;
  }
  throw new Error('expected a rejection');
}

describe('connectorFactoryFor (botbuilder ConnectorFactory path)', () => {
  const png = Buffer.from('\x89PNG\r\n\x1a\n', 'latin1');

  it('uploads for the Page and answers the attachment_id', async () => {
    const { calls, graph } = recordingGraph();
    const connector = await connectorFactoryFor({ channelId: 'facebook', accountId: PAGE_ID }, graph).create(
      'https://graph.facebook.com',
    );
    expect(connector.baseUri).to.equal(UPLOADED_ATTACHMENT_BASE_URI);
    const response = await connector.conversations.uploadAttachment('6780462125377510-370873143344730', {
      name: 'architecture-resize.png',
      originalBase64: png,
      type: 'image/png',
    });
    expect(response).to.deep.equal({ id: '1857777774821032' });
    expect(calls).to.deep.equal([
      [PAGE_ID, { type: 'image', data: png, contentType: 'image/png', filename: 'architecture-resize.png' }],
    ]);
  });

  it('uploads for an Instagram account with platform instagram; base64 text works too', async () => {
    const { calls, graph } = recordingGraph();
    const connector = await connectorFactoryFor({ channelId: 'instagram', accountId: IG_ACCOUNT_ID }, graph).create();
    await connector.conversations.uploadAttachment('c', { originalBase64: png.toString('base64'), type: 'video/mp4' });
    expect(calls).to.deep.equal([
      [IG_ACCOUNT_ID, { type: 'video', data: png, contentType: 'video/mp4', platform: 'instagram' }],
    ]);
  });

  it('refuses an upload without the file with CONFIG_INVALID', async () => {
    const { graph } = recordingGraph();
    const connector = await connectorFactoryFor({ channelId: 'facebook', accountId: PAGE_ID }, graph).create();
    const error = await rejectionOf(connector.conversations.uploadAttachment('c', { type: 'image/png' }));
    expect(error).to.be.instanceOf(MessengerError);
    expect(error.code).to.equal('CONFIG_INVALID');
  });

  it('refuses every other connector operation with NOT_SUPPORTED naming what works, never a TypeError', async () => {
    const { graph } = recordingGraph();
    const connector = (await connectorFactoryFor({ channelId: 'facebook', accountId: PAGE_ID }, graph).create()) as unknown as Record<
      string,
      Record<string, (...args: unknown[]) => Promise<unknown>>
    >; // the loose shape a JavaScript bot calls through
    for (const [group, operation] of [
      ['conversations', 'getConversationMembers'],
      ['conversations', 'sendToConversation'],
      ['attachments', 'getAttachment'],
    ] as const) {
      const error = await rejectionOf(connector[group]![operation]!('c'));
      expect(error, `${group}.${operation}`).to.be.instanceOf(MessengerError);
      expect(error.code).to.equal('NOT_SUPPORTED');
      expect(error.message).to.include(`${group}.${operation}`).and.include('context.sendActivity');
    }
  });

  it('reads the id back from the contentUrl a bot builds, and sends it by attachment_id', () => {
    const url = `${UPLOADED_ATTACHMENT_BASE_URI}v3/attachments/${encodeURI('1857777774821032')}/views/original`;
    expect(attachmentIdOfUrl(url)).to.equal('1857777774821032');
    expect(attachmentIdOfUrl('messenger-attachment://v3/attachments/42/views/thumbnail')).to.equal('42');
    expect(attachmentIdOfUrl('https://example.com/v3/attachments/42/views/original')).to.equal(undefined);
    expect(attachmentIdOfUrl('messenger-attachment:/v3/attachments/not-an-id/views/original')).to.equal(undefined);
    expect(mediaAttachmentMessage({ contentType: 'image/png', contentUrl: url, name: 'a.png' })).to.deep.equal({
      message: { attachment: { type: 'image', payload: { attachment_id: '1857777774821032' } } },
      budget: 'text',
    });
  });

  it('ConnectorFactories keeps one factory per account, shared by its turns, and uploads for that account', async () => {
    const { calls, graph } = recordingGraph();
    const factories = new ConnectorFactories(graph);
    const page = factories.factoryFor({ channelId: 'facebook', accountId: PAGE_ID });
    expect(factories.factoryFor({ channelId: 'facebook', accountId: PAGE_ID })).to.equal(page);
    const instagram = factories.factoryFor({ channelId: 'instagram', accountId: IG_ACCOUNT_ID });
    expect(instagram).not.to.equal(page);
    expect(await page.create()).to.equal(await page.create());
    await (await instagram.create()).conversations.uploadAttachment('c', { originalBase64: png, type: 'image/png' });
    await (await page.create()).conversations.uploadAttachment('c', { originalBase64: png, type: 'image/png' });
    expect(calls.map(([accountId, input]) => [accountId, input.platform])).to.deep.equal([
      [IG_ACCOUNT_ID, 'instagram'],
      [PAGE_ID, undefined],
    ]);
  });

  it('ConnectorFactories starts over past 1,000 accounts (memory stays bounded)', () => {
    const { graph } = recordingGraph();
    const factories = new ConnectorFactories(graph);
    const first = factories.factoryFor({ channelId: 'facebook', accountId: '1' });
    for (let i = 2; i <= 1_000; i++) factories.factoryFor({ channelId: 'facebook', accountId: String(i) });
    expect(factories.factoryFor({ channelId: 'facebook', accountId: '1' }), 'still kept at 1,000').to.equal(first);
    factories.factoryFor({ channelId: 'facebook', accountId: '1001' });
    expect(factories.factoryFor({ channelId: 'facebook', accountId: '1' }), 'made again after the reset').not.to.equal(first);
  });
});
