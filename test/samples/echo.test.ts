import { expect } from 'chai';
import { start } from '../../samples/echo';
import { fixtureClock, postWebhook, SAMPLE_SETTINGS, verifyWebhook, withSample } from './helpers';

describe('samples/echo', () => {
  it('boots, verifies the webhook, echoes one signed message through Graph and closes', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock(), log }),
      async ({ running, graph, log }) => {
        expect(await verifyWebhook(running.webhookUrl)).to.deep.equal([200, '1158201444']);
        const res = await postWebhook(running.webhookUrl, 'messenger/text');
        expect([res.status, await res.text()]).to.deep.equal([200, 'EVENT_RECEIVED']);
        await running.adapter.whenIdle();
        expect(graph.sends()).to.deep.equal([
          {
            recipient: { id: '6780462125377510' },
            messaging_type: 'RESPONSE',
            message: { text: 'Echo: Hi, is the linen shirt still in stock?' },
          },
        ]);
        expect(log.entries.filter((entry) => entry.level === 'error')).to.deep.equal([]);
      },
    ));

  it('names the MIME type of an attachment (AttachmentMiddleware)', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('messenger/attachments'), log }),
      async ({ running, graph }) => {
        await postWebhook(running.webhookUrl, 'messenger/attachments');
        await running.adapter.whenIdle();
        expect(graph.sends()).to.deep.equal([
          {
            recipient: { id: '6780462125377510' },
            messaging_type: 'RESPONSE',
            message: {
              text: 'Got 6 attachment(s): image/jpeg, image/png, video/mp4, audio/mp4, audio/mpeg, application/pdf',
            },
          },
        ]);
      },
    ));
});
