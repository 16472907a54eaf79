import { expect } from 'chai';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { SANDBOX_AGENT_DESK_TOKEN, startContactCentre } from '../../samples/start';

const HOUR = 60 * 60 * 1000;
const PAGE = '370873143344730';

describe('samples/start on the sandbox: ads, comments and utility messages end to end', () => {
  it('arrive from an ad (7-day window), a comment answered privately once, "order shipped" after 25 h', async () => {
    const started = await startContactCentre({
      env: { PORT: '0', SANDBOX_PORT: '0' },
      log: memoryOwnerLog(),
      print: () => {},
    });
    const sandbox = started.sandbox!;
    const desk = (path: string, body: unknown) =>
      fetch(started.bot.webhookUrl.replace('/api/messages', `/agent/${path}`), {
        method: 'POST',
        headers: { authorization: `Bearer ${SANDBOX_AGENT_DESK_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      // 1. A user arrives from a Click-to-Messenger ad; three days later a person's reply is still a
      //    standard message (UPDATE, no tag): the longer window after an ad.
      const fromAd = sandbox.user();
      await fromAd.arriveFromAd('Is the linen shirt still available?');
      expect((await fromAd.nextReply()).body.messaging_type).to.equal('RESPONSE');
      sandbox.clock.advance(3 * 24 * HOUR);
      const conversationId = `${fromAd.id}-${PAGE}`;
      expect((await desk('messages', { conversationId, text: 'Ana here: yes, in all sizes.' })).status).to.equal(200);
      const late = await sandbox.waitFor({ userId: fromAd.id, text: 'Ana here: yes, in all sizes.' });
      expect([late.body.messaging_type, late.body.tag]).to.deep.equal(['UPDATE', undefined]);

      // 2. "Order shipped" 25 hours after the user's last message: a utility template.
      const buyer = sandbox.user('6780462125370001');
      await buyer.say('Where is my order?');
      await buyer.nextReply();
      sandbox.clock.advance(25 * HOUR);
      const shipped = await desk('order-shipped', { conversationId: `${buyer.id}-${PAGE}`, orderId: 'A-1042' });
      expect(shipped.status).to.equal(200);
      const utility = await sandbox.waitFor({ userId: buyer.id, text: 'Good news! Your order A-1042 has shipped.' });
      expect(utility.body).to.deep.equal({
        recipient: { id: buyer.id },
        messaging_type: 'UTILITY',
        message: {
          template: {
            name: 'order_shipped',
            language: { code: 'en' },
            components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
          },
        },
      });

      // 3. A comment on the Page's post: the bot answers with the comment's one private reply.
      const commenter = sandbox.user('6780462125370002');
      const { commentId } = await commenter.comment('How much is the linen shirt?');
      const reply = await sandbox.waitFor({ userId: commenter.id });
      expect(reply.body).to.deep.equal({
        recipient: { comment_id: commentId },
        message: {
          text: "Thanks for your comment! Write to me here and I'll track your order or put you through to a person.",
        },
      });
      const posts = (await (await fetch(`${sandbox.url}/sandbox/api/posts`)).json()) as {
        posts: { comments: { id: string; privateReply: boolean }[] }[];
      };
      expect(posts.posts[0]?.comments).to.deep.include({ ...posts.posts[0]?.comments[0], id: commentId, privateReply: true });
    } finally {
      await started.close();
    }
  });
});
