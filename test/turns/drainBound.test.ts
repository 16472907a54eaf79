import { expect } from 'chai';
import { envelope, T0, textEvent } from '../helpers/envelopes';
import { testAdapter } from '../helpers/testAdapter';
import { fakeResponse, signedPost } from '../helpers/webhookRequests';

/**
 * The shutdown measurement at 1:100 time scale: 2 s turns become 20 ms, the 20 s grace period
 * 200 ms; the defaults otherwise (100 concurrent turns). A flood of 10,300 events, then close() at
 * the grace period. Bounded by count only (maxPendingEvents 10,000, the old default) most acknowledged
 * events are lost; bounded by drain time (drainTimeoutMs = the grace period) nearly none are.
 */
async function floodThenClose(drainTimeoutMs: number) {
  const adapter = testAdapter({ drainTimeoutMs });
  const logic = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
  let acknowledged = 0;
  let refused = 0;
  for (let b = 0; b < 103; b++) {
    const events = Array.from({ length: 100 }, (_, i) =>
      textEvent(`e${b}.${i}`, { userId: String(1_000_000_000_000 + i * 7 + (b % 7)), timestamp: T0 + b }),
    );
    const { req } = signedPost(envelope([{ messaging: events }]));
    const res = fakeResponse();
    await adapter.process(req, res, logic);
    if (res.statusCode === 200) acknowledged += events.length;
    else refused += events.length;
  }
  const report = await adapter.close({ deadlineMs: 200 });
  return { acknowledged, refused, lost: report.notStarted + report.stillRunning };
}

describe('backlog bounded by what the drain can finish (1:100 time scale)', function () {
  this.timeout(30_000);

  it('loses (nearly) nothing at the grace period, where a count bound alone loses most', async () => {
    const countOnly = await floodThenClose(24 * 3600_000);
    const drainBound = await floodThenClose(200);
    console.log(
      `      count bound only: acknowledged ${countOnly.acknowledged}, lost at close ${countOnly.lost}; ` +
        `drain-time bound: acknowledged ${drainBound.acknowledged}, refused ${drainBound.refused} (Meta delivers them again), lost at close ${drainBound.lost}`,
    );
    expect(countOnly.lost).to.be.greaterThan(countOnly.acknowledged / 2);
    expect(drainBound.acknowledged).to.be.greaterThan(0);
    expect(drainBound.lost).to.be.at.most(Math.ceil(drainBound.acknowledged * 0.2));
  });
});
