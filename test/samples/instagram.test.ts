import { expect } from 'chai';
import { start } from '../../samples/instagram';
import { SHIPPING_POLICY } from '../../samples/instagram/bot';
import { fixtureClock, postWebhook, SAMPLE_SETTINGS, verifyWebhook, withSample } from './helpers';

const IG_USER = '7190835724411234';
const MENU_REPLIES = [
  { content_type: 'text', title: 'Track my order', payload: 'Track my order' },
  { content_type: 'text', title: 'Talk to a person', payload: 'Talk to a person' },
];

describe('samples/instagram', () => {
  it('boots and answers an Instagram message in messages of at most 1000 UTF-8 bytes, then closes', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('instagram/text'), log }),
      async ({ running, graph, log }) => {
        expect(await verifyWebhook(running.webhookUrl)).to.deep.equal([200, '1158201444']);
        const res = await postWebhook(running.webhookUrl, 'instagram/text'); // "Do you ship to Austria?"
        expect(res.status).to.equal(200);
        await running.adapter.whenIdle();
        const sends = graph.sends() as {
          recipient: unknown;
          messaging_type: string;
          message: { text: string };
        }[];
        expect(Buffer.byteLength(SHIPPING_POLICY)).to.be.greaterThan(1000);
        expect(sends).to.have.length(2);
        for (const send of sends) {
          expect(send.recipient).to.deep.equal({ id: IG_USER });
          expect(send.messaging_type).to.equal('RESPONSE');
          expect(Buffer.byteLength(send.message.text)).to.be.at.most(1000);
        }
        expect(sends.map((send) => send.message.text).join(' ')).to.equal(SHIPPING_POLICY);
        // nothing else in the bodies: recipient, messaging_type and message.text only
        expect(sends).to.deep.equal(
          sends.map((send) => ({
            recipient: { id: IG_USER },
            messaging_type: 'RESPONSE',
            message: { text: send.message.text },
          })),
        );
        expect(log.entries).to.deep.equal([]);
      },
    ));

  it('thanks the user for a story mention', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('instagram/story-mention'), log }),
      async ({ running, graph }) => {
        await postWebhook(running.webhookUrl, 'instagram/story-mention');
        await running.adapter.whenIdle();
        expect(graph.sends()).to.deep.equal([
          {
            recipient: { id: IG_USER },
            messaging_type: 'RESPONSE',
            message: { text: 'Thank you for mentioning us in your story!', quick_replies: MENU_REPLIES },
          },
        ]);
      },
    ));

  it('hands over to the Instagram Inbox by default', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('instagram/story-reply'), log }),
      async ({ running, graph }) => {
        await postWebhook(running.webhookUrl, {
          object: 'instagram',
          entry: [
            {
              time: 1782894054212,
              id: '17841400123456789',
              messaging: [
                {
                  sender: { id: IG_USER },
                  recipient: { id: '17841400123456789' },
                  timestamp: 1782894054000,
                  message: {
                    mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAxMjM0NTY3ODk6agent',
                    text: 'I need a person',
                  },
                },
              ],
            },
          ],
        });
        await running.adapter.whenIdle();
        expect(graph.calls.map((call) => call.path)).to.deep.equal([
          '/v27.0/me/messages',
          '/v27.0/me/pass_thread_control',
        ]);
        expect(graph.calls[1]?.body).to.deep.equal({
          recipient: { id: IG_USER },
          target_app_id: '1217981644879628',
          metadata: '{"skill":"support"}',
        });
      },
    ));
});
