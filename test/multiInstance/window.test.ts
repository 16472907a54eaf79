/**
 * Issue #10, messaging window across instances: the user writes to A, and B (which never saw the
 * user) decides the window from the shared record.
 */
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { asHumanAgent } from '../../middleware/handover';
import {
  backings,
  HOUR,
  PAGE_ID,
  pageEnvelope,
  referenceOf,
  textEvent,
  usePair,
  USER_ID,
} from './helpers';

const DAY = 24 * HOUR;
/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;

for (const backing of backings()) {
  describe(`Two instances, messaging window: ${backing.title}`, () => {
    const pair = usePair(backing, T0);

    it('the user writes to A; 25 h later B refuses a bot message before any Graph call and tags a human agent’s HUMAN_AGENT', async () => {
      const { a, b, graph } = pair();
      const res = await a.post(pageEnvelope({ messaging: [textEvent('Where is my order?', T0)] }, T0 + 40));
      expect(res.statusCode).to.equal(200);
      expect(graph.sends().map((call) => [call.instance, call.body])).to.deep.equal([
        [
          'A',
          {
            recipient: { id: USER_ID },
            messaging_type: 'RESPONSE',
            message: { text: 'You said: Where is my order?' },
          },
        ],
      ]);
      const reference = a.reference ?? referenceOf('not-stored');
      expect(reference.conversation?.id, 'the reference A stored').to.equal(`${USER_ID}-${PAGE_ID}`);

      // B never saw the user: what it knows comes from the shared record.
      b.now = T0 + 25 * HOUR;
      expect(await b.window.getWindowState(reference)).to.deep.include({
        status: 'human-agent-only',
        lastUserAt: T0,
        changesAt: T0 + 7 * DAY,
      });

      const refused = await b.proactive(reference, async (context) => {
        await context.sendActivity('Your order has shipped.');
      });
      expect(refused).to.be.instanceOf(MessengerError);
      expect((refused as MessengerError).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(graph.calls, 'no Graph call for the refused message').to.have.length(1);

      const tagged = await b.proactive(reference, async (context) => {
        await context.sendActivity(asHumanAgent('Hi, Ana here. Your parcel left the depot this morning.'));
      });
      expect(tagged).to.equal(undefined);
      expect(
        graph
          .sends()
          .slice(1)
          .map((call) => [call.instance, call.body]),
      ).to.deep.equal([
        [
          'B',
          {
            recipient: { id: USER_ID },
            messaging_type: 'MESSAGE_TAG',
            tag: 'HUMAN_AGENT',
            message: { text: 'Hi, Ana here. Your parcel left the depot this morning.' },
          },
        ],
      ]);

      // Past 7 days not even a person may write: B refuses that too, from the same record.
      b.now = T0 + 8 * DAY;
      const late = await b.proactive(reference, async (context) => {
        await context.sendActivity(asHumanAgent('Are you still there?'));
      });
      expect((late as MessengerError).code).to.equal('MESSAGING_WINDOW_CLOSED');
      expect(graph.calls).to.have.length(2);
      expect([...a.errors, ...b.errors]).to.deep.equal([]);
    });

    it('the user writes to B: A’s record moves forward with it, and A’s bot may write again', async () => {
      const { a, b, graph } = pair();
      await a.post(pageEnvelope({ messaging: [textEvent('hi', T0)] }, T0 + 40));
      const reference = a.reference ?? referenceOf('not-stored');
      expect(reference.conversation?.id, 'the reference A stored').to.equal(`${USER_ID}-${PAGE_ID}`);

      // A day and a half later the user writes again; the load balancer picks B.
      const later = T0 + 36 * HOUR;
      b.now = later + 50;
      const res = await b.post(pageEnvelope({ messaging: [textEvent('any news?', later)] }, later + 40));
      expect(res.statusCode).to.equal(200);

      // Two hours after that, A (whose own last sight of the user is 38 h old) may send an update.
      a.now = later + 2 * HOUR;
      expect(await a.window.getWindowState(reference)).to.deep.include({ status: 'open', lastUserAt: later });
      const sent = await a.proactive(reference, async (context) => {
        await context.sendActivity('Good news: your refund was approved.');
      });
      expect(sent).to.equal(undefined);
      expect(
        graph.sends().map((call) => [call.instance, call.body.messaging_type, call.body.message]),
      ).to.deep.equal([
        ['A', 'RESPONSE', { text: 'You said: hi' }],
        ['B', 'RESPONSE', { text: 'You said: any news?' }],
        ['A', 'UPDATE', { text: 'Good news: your refund was approved.' }],
      ]);
    });
  });
}
