import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import type { SendOperation } from '../../../adapter/sendPipeline';
import { MemoryRateLimitBackend } from '../../../middleware/rateLimit/memoryBackend';
import { RateLimiter } from '../../../middleware/rateLimit/rateLimiter';

const IG_ACCOUNT = '17841400123456789';
const PAGE = '370873143344730';

function privateReply(channelId: 'facebook' | 'instagram', accountId: string, n: number): SendOperation {
  return {
    kind: 'message',
    channelId,
    accountId,
    userId: `719083572441${n}`,
    conversationId: `719083572441${n}-${accountId}`,
    budget: 'text',
    body: { recipient: { comment_id: `9282182880964${n}` }, message: { text: 'Thanks!' } },
  };
}

describe('RateLimiter: private replies to comments', () => {
  let now = 1_782_894_100_000;
  const clock = () => now;

  it('lets 750 Instagram private replies out in an hour, then refuses the 751st as RATE_LIMITED (nothing sent)', async () => {
    const limiter = new RateLimiter({
      perSecond: 100_000,
      maxWaitMs: 60_000,
      now: clock,
      backend: new MemoryRateLimitBackend({ now: clock }),
    });
    let calls = 0;
    const send = async () => {
      calls++;
      return { messageId: `m_${calls}` };
    };
    await Promise.all(Array.from({ length: 750 }, (_, n) => limiter.send(privateReply('instagram', IG_ACCOUNT, n), send)));
    expect(calls).to.equal(750);
    const error = await limiter.send(privateReply('instagram', IG_ACCOUNT, 750), send).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MessengerError).with.property('code', 'RATE_LIMITED');
    expect((error as MessengerError).details).to.include({ rule: 'private-replies-per-hour', limit: 750 });
    expect(calls).to.equal(750);

    // an hour later the budget is back
    now += 3_600_001;
    await limiter.send(privateReply('instagram', IG_ACCOUNT, 751), send);
    expect(calls).to.equal(751);
  });

  it('Messenger private replies have no hourly budget (Meta publishes none)', async () => {
    const limiter = new RateLimiter({ perSecond: 100_000, now: clock, backend: new MemoryRateLimitBackend({ now: clock }) });
    let calls = 0;
    const send = async () => ({ messageId: `m_${++calls}` });
    await Promise.all(Array.from({ length: 800 }, (_, n) => limiter.send(privateReply('facebook', PAGE, n), send)));
    expect(calls).to.equal(800);
  });
});
