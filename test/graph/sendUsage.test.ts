import { expect } from 'chai';
import nock from 'nock';
import { GraphClient } from '../../adapter/graph';

describe('GraphClient.sendMessage usage figures', () => {
  afterEach(() => nock.cleanAll());

  it('returns the X-Business-Use-Case-Usage figures of a successful send, for the rate limiter', async () => {
    const client = new GraphClient({ appSecret: 's', accessToken: 't', graphApiUrl: 'https://graph.test' });
    nock('https://graph.test')
      .post('/v27.0/me/messages')
      .query(true)
      .reply(
        200,
        { recipient_id: '6780462125377510', message_id: 'm_1' },
        {
          'x-business-use-case-usage': JSON.stringify({
            '370873143344730': [
              {
                type: 'messenger',
                call_count: 85,
                total_cputime: 10,
                total_time: 12,
                estimated_time_to_regain_access: 0,
              },
            ],
          }),
        },
      );
    const result = await client.sendMessage('370873143344730', {
      recipient: { id: '6780462125377510' },
      message: { text: 'hi' },
    });
    expect(result).to.deep.equal({
      messageId: 'm_1',
      recipientId: '6780462125377510',
      usage: { callCountPercent: 85, timePercent: 12 },
    });
    client.close();
  });
});
