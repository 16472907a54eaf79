import { PassThrough } from 'node:stream';
import type { FanOutProgress } from 'botbuilder-adapter-messenger';
import { expect } from 'chai';
import { start, terminalProgress } from '../../samples/broadcast-progress';
import { runSandboxDemo } from '../../samples/broadcast-progress/sandboxDemo';
import { memoryOwnerLog } from '../../samples/common/ownerLog';
import { fixtureClock, postWebhook, SAMPLE_SETTINGS, verifyWebhook, withSample } from './helpers';

const USER = '6780462125377510';

describe('samples/broadcast-progress', () => {
  it('boots, answers one signed message, broadcasts the update as UPDATE with progress, and closes', () =>
    withSample(
      (log) => start({ ...SAMPLE_SETTINGS, now: fixtureClock('messenger/text', 60_000), log }),
      async ({ running, graph, log }) => {
        expect(await verifyWebhook(running.webhookUrl)).to.deep.equal([200, '1158201444']);
        expect((await postWebhook(running.webhookUrl, 'messenger/text')).status).to.equal(200);
        await running.adapter.whenIdle();
        const progress: FanOutProgress[] = [];
        const result = await running.broadcast('Update: ordering works again.', {
          onProgress: (p) => progress.push(p),
        });
        expect(graph.sends()).to.deep.equal([
          {
            recipient: { id: USER },
            messaging_type: 'RESPONSE',
            message: {
              text: 'Sorry, ordering is down right now and we are working on it. I will send you an update here as soon as it is fixed.',
            },
          },
          {
            recipient: { id: USER },
            messaging_type: 'UPDATE',
            message: { text: 'Update: ordering works again.' },
          },
        ]);
        expect([result.done, result.failed, result.skipped, result.aborted]).to.deep.equal([1, 0, 0, false]);
        expect(progress).to.deep.equal([
          { total: 1, done: 0, failed: 0, skipped: 0, active: 0 },
          { total: 1, done: 1, failed: 0, skipped: 0, active: 0 },
        ]);
        expect(log.entries.map((entry) => entry.event)).to.deep.equal([
          'broadcast started',
          'broadcast finished',
        ]);
      },
    ));

  it('draws the progress bar in place and ends the line when every conversation is handled', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
    });
    const draw = terminalProgress(out, { tty: true });
    draw({ total: 4, done: 1, failed: 0, skipped: 1, active: 2 });
    draw({ total: 4, done: 3, failed: 0, skipped: 1, active: 0 });
    expect(written).to.equal(
      '\r[███████████████░░░░░░░░░░░░░░░]  50% 2/4  sent 1  failed 0  skipped 1' +
        '\r[██████████████████████████████] 100% 4/4  sent 3  failed 0  skipped 1\n',
    );
  });

  it('--sandbox: sends to the users inside the window and skips those outside it, with no error before', async () => {
    const log = memoryOwnerLog();
    const demo = await runSandboxDemo({ users: 30, perSecond: 200, log, print: () => {} });
    try {
      // The early users' answers left before the clock jumped 25 hours: no window error in the log.
      expect(log.entries.filter((entry) => entry.level !== 'info')).to.deep.equal([]);
      expect([demo.result.done, demo.result.failed, demo.result.skipped]).to.deep.equal([27, 0, 3]);
      expect(demo.result.skips.map((skip) => skip.reason)).to.deep.equal(Array(3).fill('MESSAGING_WINDOW_CLOSED'));
      const updates = demo.sandbox.sent({
        text: 'Update: ordering works again. Thank you for your patience!',
      });
      expect(updates.map((sent) => sent.body.messaging_type)).to.deep.equal(Array(27).fill('UPDATE'));
      expect(updates.map((sent) => sent.userId)).to.not.include('9000000000000000');
    } finally {
      await demo.close();
    }
  });
});
