/**
 * Issue #10, thread ownership across instances: A hands the conversation to people, and B's bot
 * (which did not take part) stays silent instead of answering over the human.
 */
import { expect } from 'chai';
import { readThreadOwner } from '../../adapter/state/keys';
import {
  backings,
  OUR_APP_ID,
  PAGE_ID,
  PAGE_INBOX,
  pageEnvelope,
  referenceOf,
  textEvent,
  usePair,
  USER_ID,
} from './helpers';

const MINUTE = 60_000;
/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;
const CONVERSATION = `${USER_ID}-${PAGE_ID}`;

/** The Page Inbox passes the thread back to this app, as Meta's webhook says it. */
function passBack(timestamp: number): Record<string, unknown> {
  return {
    sender: { id: USER_ID },
    recipient: { id: PAGE_ID },
    timestamp,
    pass_thread_control: {
      previous_owner_app_id: PAGE_INBOX,
      new_owner_app_id: OUR_APP_ID,
      metadata: 'resolved',
    },
  };
}

for (const backing of backings()) {
  describe(`Two instances, handover: ${backing.title}`, () => {
    const pair = usePair(backing, T0);

    it('A hands over to the Page Inbox; B’s bot replies are held and nothing is sent; after the pass back both speak again', async () => {
      const { a, b, graph, stores } = pair();

      // 1. The person asks A for an agent: A's bot says so and hands off (botbuilder's handoff.initiate).
      await a.post(pageEnvelope({ messaging: [textEvent('I want an agent please', T0)] }, T0 + 40));
      expect(graph.calls.map((call) => [call.instance, call.path, call.body])).to.deep.equal([
        [
          'A',
          '/me/messages',
          {
            recipient: { id: USER_ID },
            messaging_type: 'RESPONSE',
            message: { text: 'Connecting you with a person.' },
          },
        ],
        [
          'A',
          '/me/pass_thread_control',
          { recipient: { id: USER_ID }, target_app_id: PAGE_INBOX, metadata: '{"skill":"billing"}' },
        ],
      ]);
      // B reads the owner A recorded.
      expect(await readThreadOwner(stores.b, CONVERSATION)).to.deep.equal({
        appId: PAGE_INBOX,
        human: true,
        since: T0,
      });

      // 2. The person writes again; Meta delivers it on standby, and the load balancer picks B.
      b.now = T0 + 2 * MINUTE;
      const res = await b.post(
        pageEnvelope({ standby: [textEvent('hello? anyone there?', T0 + 2 * MINUTE)] }, T0 + 2 * MINUTE + 40),
      );
      expect(res.statusCode).to.equal(200);
      expect(b.seen.map((seen) => `${seen.type}:${seen.name ?? seen.text}`)).to.deep.equal([
        'event:messenger.standby',
      ]);
      // B's (naive) bot answers the standby event: held, not sent.
      expect(b.held).to.deep.equal(['I can answer that too!']);

      // 3. A proactive bot message through B (a reminder job running there): held as well.
      const reminder = await b.proactive(referenceOf(), async (context) => {
        const response = await context.sendActivity('Reminder: your appointment is tomorrow.');
        expect(response).to.deep.equal({ id: '' });
      });
      expect(reminder).to.equal(undefined);
      expect(b.held).to.deep.equal(['I can answer that too!', 'Reminder: your appointment is tomorrow.']);
      expect(
        graph.calls.filter((call) => call.instance === 'B'),
        'B called Graph',
      ).to.deep.equal([]);

      // 4. The Inbox passes the thread back; the webhook lands on B, whose bot is told `completed`.
      b.now = T0 + 10 * MINUTE;
      await b.post(pageEnvelope({ messaging: [passBack(T0 + 10 * MINUTE)] }, T0 + 10 * MINUTE + 40));
      expect(b.seen.filter((seen) => seen.name === 'handoff.status').map((seen) => seen.value)).to.deep.equal(
        [{ state: 'completed', message: 'resolved' }],
      );
      expect(await readThreadOwner(stores.a, CONVERSATION)).to.deep.include({
        appId: OUR_APP_ID,
        human: false,
      });

      // 5. A, which never saw the pass back, answers the person again.
      a.now = T0 + 11 * MINUTE;
      await a.post(
        pageEnvelope({ messaging: [textEvent('thanks', T0 + 11 * MINUTE)] }, T0 + 11 * MINUTE + 40),
      );
      expect(graph.texts().at(-1)).to.deep.equal(['A', 'You said: thanks']);
      expect(a.held).to.deep.equal([]);
      expect([...a.errors, ...b.errors]).to.deep.equal([]);
    });

    it('a message of the person that reaches B on messaging while the Inbox owns the thread is shown as standby, not answered', async () => {
      const { a, b, graph } = pair();
      await a.post(pageEnvelope({ messaging: [textEvent('agent', T0)] }, T0 + 40));
      const before = graph.calls.length;

      b.now = T0 + MINUTE;
      await b.post(
        pageEnvelope({ messaging: [textEvent('is someone there?', T0 + MINUTE)] }, T0 + MINUTE + 40),
      );
      expect(b.seen.map((seen) => `${seen.type}:${seen.name ?? seen.text}`)).to.deep.equal([
        'event:messenger.standby',
      ]);
      expect(b.held).to.deep.equal(['I can answer that too!']);
      expect(graph.calls).to.have.length(before);
    });
  });
}
