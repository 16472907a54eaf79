import { expect } from 'chai';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { reactionActivity } from '../../adapter/outbound/reactions';
import { DEFAULT_GRAPH_API_VERSION as V } from '../../adapter/platform';
import { TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';
const PAGE_ID = '370873143344730';
const PSID = '6780462125377510';

describe('outgoing reactions through the adapter', () => {
  afterEach(() => nock.cleanAll());

  it('a proactive reactionActivity posts sender_action react with its payload and resolves an empty id', async () => {
    const adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
    });
    const body = { recipient: { id: PSID }, sender_action: 'react', payload: { message_id: 'm_user_1', reaction: '❤️' } };
    const scope = nock(GRAPH).post(`/${V}/me/messages`, body).query(true).reply(200, { recipient_id: PSID });
    const reference = {
      channelId: 'facebook',
      conversation: { id: `${PSID}-${PAGE_ID}`, isGroup: false, conversationType: '', name: '' },
      user: { id: PSID, name: '' },
      bot: { id: PAGE_ID, name: '' },
      serviceUrl: GRAPH,
    };
    let responses: unknown;
    await adapter.continueConversationAsync('', reference, async (context) => {
      responses = await context.sendActivity(reactionActivity('m_user_1', '❤️'));
    });
    scope.done();
    expect(responses).to.deep.equal({ id: '' });
    await adapter.close();
  });
});
