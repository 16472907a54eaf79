/**
 * Issue #10, redelivery across instances: Meta delivers an event again (it did not see the 200 in
 * time, or retries after a 5xx) and the load balancer sends each delivery to another instance. The
 * event runs once in total.
 */
import { expect } from 'chai';
import { metaJson } from '../helpers/webhookRequests';
import {
  backings,
  pageEnvelope,
  textEvent,
  usePair,
  USER_ID,
  USER_ID_2,
} from './helpers';

/** 2026-07-01T08:20:01Z. */
const T0 = 1_782_894_001_000;

for (const backing of backings()) {
  describe(`Two instances, redelivered events: ${backing.title}`, () => {
    const pair = usePair(backing, T0);

    it('the same webhook hits A and B at the same time: both answer 200, one turn runs, one reply goes out', async () => {
      const { a, b, graph } = pair();
      const raw = metaJson(pageEnvelope({ messaging: [textEvent('Do you ship to Lyon?', T0)] }, T0 + 40));
      const responses = await Promise.all([a.post(raw), b.post(raw)]);
      expect(responses.map((res) => res.statusCode)).to.deep.equal([200, 200]);
      expect([...a.messageTexts(), ...b.messageTexts()]).to.deep.equal(['Do you ship to Lyon?']);
      expect(graph.sends()).to.have.length(1);

      // Meta tries once more, later, on each instance: nothing runs again.
      const again = [await b.post(raw), await a.post(raw)];
      expect(again.map((res) => res.statusCode)).to.deep.equal([200, 200]);
      expect(a.seen.length + b.seen.length).to.equal(1);
      expect(graph.sends()).to.have.length(1);
      expect([...a.errors, ...b.errors]).to.deep.equal([]);
    });

    it('a batch of three events delivered six times across A and B at once: each event runs exactly once', async () => {
      const { a, b, graph } = pair();
      const raw = metaJson({
        object: 'page',
        entry: [
          {
            id: '370873143344730',
            time: T0 + 90,
            messaging: [
              textEvent('first', T0, USER_ID),
              textEvent('second', T0 + 10, USER_ID_2),
              textEvent('third', T0 + 20, '2291032710931284'),
            ],
          },
        ],
      });
      const deliveries = [a, b, a, b, a, b].map((instance) => instance.post(raw));
      const responses = await Promise.all(deliveries);
      expect(responses.map((res) => res.statusCode)).to.deep.equal([200, 200, 200, 200, 200, 200]);
      expect([...a.messageTexts(), ...b.messageTexts()].sort()).to.deep.equal(['first', 'second', 'third']);
      expect(
        graph
          .texts()
          .map(([, text]) => text)
          .sort(),
      ).to.deep.equal(['You said: first', 'You said: second', 'You said: third']);
      // Each reply went out from the instance that ran the turn.
      for (const [instance, text] of graph.texts()) {
        const ran = instance === 'A' ? a.messageTexts() : b.messageTexts();
        expect(ran).to.include(text.replace('You said: ', ''));
      }
    });
  });
}
