import { expect } from 'chai';
import { start } from '../../samples/existing-bot';
import { envelope } from '../helpers/envelopes';
import { fixtureClock, postWebhook, SAMPLE_SETTINGS, verifyWebhook, withSample } from './helpers';

const USER = '6780462125377510';
const PAGE = '370873143344730';
const T = 1_782_894_006_000; // the Get Started fixture's timestamp

const quickReply = (payload: string, timestamp: number) =>
  envelope([
    {
      messaging: [
        {
          sender: { id: USER },
          recipient: { id: PAGE },
          timestamp,
          message: { mid: `m_qr_${timestamp}`, text: payload, quick_reply: { payload } },
        },
      ],
    },
  ]);
const postback = (payload: string, timestamp: number) =>
  envelope([
    {
      messaging: [
        {
          sender: { id: USER },
          recipient: { id: PAGE },
          timestamp,
          postback: { mid: `m_pb_${timestamp}`, title: 'Choose', payload },
        },
      ],
    },
  ]);
const text = (value: string, replies: string[]) => ({
  recipient: { id: USER },
  messaging_type: 'RESPONSE',
  message: {
    text: value,
    ...(replies.length > 0
      ? { quick_replies: replies.map((title) => ({ content_type: 'text', title, payload: title })) }
      : {}),
  },
});
const MENU = ['Browse shirts', 'Send a photo', 'Give feedback'];

describe('samples/existing-bot', () => {
  it('boots, welcomes on Get Started with the dialog’s choice prompt as quick replies, and closes', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('messenger/get-started'), log }),
      async ({ running, graph, log }) => {
        expect(await verifyWebhook(running.webhookUrl)).to.deep.equal([200, '1158201444']);
        const res = await postWebhook(running.webhookUrl, 'messenger/get-started');
        expect(res.status).to.equal(200);
        await running.adapter.whenIdle();
        expect(graph.sends()).to.deep.equal([
          text('Welcome to Acme Outfitters! I can show you our shirts or take a photo of an item.', []),
          text('What would you like to do?', MENU),
        ]);
        expect(log.entries).to.deep.equal([]);
      },
    ));

  it('runs the hero card carousel, the choice by postback and the JPEG-only attachment prompt', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: () => T + 60_000, log }),
      async ({ running, graph }) => {
        const post = async (body: string | Record<string, unknown>) => {
          await postWebhook(running.webhookUrl, body);
          await running.adapter.whenIdle();
        };
        await post('messenger/get-started');
        await post(quickReply('Browse shirts', T + 1000));
        const carousel = graph.sends()[3] as { message: { attachment: { payload: { elements: unknown[] } } } };
        expect(graph.sends()[2]).to.deep.equal(text('Here is what we have. Tap "Choose" under a shirt.', []));
        expect(carousel.message.attachment.payload.elements[1]).to.deep.equal({
          title: 'Oxford shirt',
          subtitle: '59 EUR',
          image_url: 'https://example.com/shop/oxford-shirt.png',
          buttons: [
            { type: 'postback', title: 'Choose', payload: 'Oxford shirt' },
            { type: 'web_url', title: 'Details', url: 'https://example.com/shop/oxford-shirt' },
          ],
        });
        await post(postback('Oxford shirt', T + 2000));
        await post(quickReply('Yes', T + 3000));
        await post(quickReply('Send a photo', T + 4000));
        await post({
          object: 'page',
          entry: [
            {
              id: PAGE,
              time: T + 5000,
              messaging: [
                {
                  sender: { id: USER },
                  recipient: { id: PAGE },
                  timestamp: T + 5000,
                  message: {
                    mid: 'm_photo',
                    attachments: [
                      {
                        type: 'image',
                        payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?oh=1' },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
        expect(graph.sends().slice(4)).to.deep.equal([
          text('Good choice: the Oxford shirt. It is in stock in every size.', []),
          text('Is there anything else I can do for you?', ['Yes', 'No']),
          text('Welcome back! Last time you chose the Oxford shirt. What would you like to do?', MENU),
          text('Send me a photo of the item (JPEG or PNG).', []),
          text('Thanks! I got your image/jpeg photo. Here it is back:', []),
          {
            recipient: { id: USER },
            messaging_type: 'RESPONSE',
            message: {
              attachment: {
                type: 'image',
                payload: {
                  url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?oh=1',
                  is_reusable: true,
                },
              },
            },
          },
          text('Is there anything else I can do for you?', ['Yes', 'No']),
        ]);
      },
    ));
});
