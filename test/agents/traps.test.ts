/**
 * The Agents SDK's traps, each handled by MessengerAgentsAdapter and each tested here, plus the two
 * agent styles (AgentApplication, ActivityHandler) and the default onTurnError.
 */
import { Activity } from '@microsoft/agents-activity';
import { ActivityHandler, AgentApplication, MessageFactory, type TurnContext, TurnState } from '@microsoft/agents-hosting';
import { expect } from 'chai';
import nock from 'nock';
import { createHandoffInitiation, MessengerAgentsAdapter } from '../../adapter/agents';
import { PAGE_INBOX_APP_ID } from '../../adapter/platform';
import { HandoverMiddleware } from '../../middleware/handover';
import { fanOut } from '../../middleware/rateLimit';
import { envelope, PAGE_ID, textEvent, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';

describe('MessengerAgentsAdapter: the Agents SDK traps', () => {
  let adapter: MessengerAgentsAdapter;
  let logged: Array<[string, unknown]>;
  let bodies: Array<Record<string, unknown>>;

  beforeEach(() => {
    logged = [];
    bodies = [];
    adapter = new MessengerAgentsAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      graphMaxRetries: 0,
      logger: { error: (message, details) => void logged.push([message, details]) },
    });
    nock(GRAPH)
      .persist()
      .post('/v25.0/me/messages')
      .query(true)
      .reply((_uri, body) => {
        bodies.push(body as Record<string, unknown>);
        return [200, { recipient_id: USER_ID, message_id: `m_${bodies.length}` }];
      });
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
  });

  async function turn(text: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await adapter.process(signedPost(envelope([{ messaging: [textEvent(text)] }])).req, fakeResponse(), logic);
    await adapter.whenIdle();
  }

  it('sends suggested actions without `to` and actions without a title, which Activity.fromObject refuses', async () => {
    const plain = { type: 'message', text: 'Pick', suggestedActions: { actions: [{ type: 'imBack', value: 'red' }] } };
    expect(() => Activity.fromObject(plain)).to.throw(); // the trap itself
    // A plain object, as users write it: the SDK's sendActivity types an Activity but accepts objects.
    await turn('colour', async (context) => void (await context.sendActivity(plain as unknown as Activity)));
    expect(logged).to.deep.equal([]);
    expect(bodies[0]?.message).to.deep.equal({
      text: 'Pick',
      quick_replies: [{ content_type: 'text', title: 'red', payload: 'red' }],
    });
  });

  it('keeps channelId when a send handler copies the activities with a spread (channelId is a getter)', async () => {
    expect({ ...Activity.fromObject({ type: 'message', channelId: 'facebook' }) }.channelId).to.equal(undefined); // the trap
    await turn('hi', async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        activities.splice(0, activities.length, ...activities.map((activity) => ({ ...activity }) as Activity));
        return next();
      });
      await context.sendActivity('copied');
    });
    expect(logged).to.deep.equal([]);
    expect(bodies.map((b) => b.message)).to.deep.equal([{ text: 'copied' }]);
  });

  it("sends MessageFactory.suggestedActions' { text } values as the plain choice", async () => {
    expect(MessageFactory.suggestedActions(['red']).suggestedActions?.actions[0]?.value).to.deep.equal({ text: 'red' }); // the trap
    await turn('colour', async (context) => void (await context.sendActivity(MessageFactory.suggestedActions(['red', 'blue'], 'Pick'))));
    expect(bodies[0]?.message).to.deep.include({
      quick_replies: [
        { content_type: 'text', title: 'red', payload: 'red' },
        { content_type: 'text', title: 'blue', payload: 'blue' },
      ],
    });
  });

  it('takes references that name the Page `agent` (Agents SDK) or `bot` (botbuilder)', async () => {
    let reference: ReturnType<Activity['getConversationReference']> | undefined;
    await turn('remember me', async (context) => {
      reference = context.activity.getConversationReference();
    });
    expect(reference?.agent?.id).to.equal(PAGE_ID);
    const { agent, ...withoutAgent } = reference!;
    const botbuilderStyle = { ...withoutAgent, bot: agent };
    for (const ref of [reference!, botbuilderStyle]) {
      await adapter.continueConversation('', ref as typeof reference & object, async (context) => {
        expect(context.activity.recipient?.id).to.equal(PAGE_ID);
        await context.sendActivity('proactive');
      });
    }
    expect(bodies.map((b) => [b.messaging_type, (b.recipient as { id: string }).id])).to.deep.equal([
      ['UPDATE', USER_ID],
      ['UPDATE', USER_ID],
    ]);
  });

  it('works as AgentApplication adapter: setAgentName, connectionManager, onError, continueConversationAsync', async () => {
    const app = new AgentApplication<TurnState>({ adapter: adapter.asCloudAdapter(), agentName: 'shop-bot' });
    expect(adapter.agentName).to.equal('shop-bot');
    const failures: string[] = [];
    app.onError(async (_context, error) => void failures.push(error.message));
    app.onActivity('message', async (context) => {
      if (context.activity.text === 'fail') throw new Error('boom');
      await context.sendActivity(`echo: ${context.activity.text}`);
    });
    await turn('hello', (context) => app.run(context));
    await turn('fail', (context) => app.run(context));
    expect(bodies.map((b) => b.message)).to.deep.equal([{ text: 'echo: hello' }]);
    expect(failures).to.deep.equal(['boom']);
  });

  it('runs an ActivityHandler agent; handoff.status arrives as an event (onUnrecognizedActivityType: it has no onEvent)', async () => {
    adapter.use(new HandoverMiddleware());
    const passes: unknown[] = [];
    nock(GRAPH)
      .post('/v25.0/me/pass_thread_control', (body) => passes.push(body) > 0)
      .query(true)
      .reply(200, { success: true });
    const events: Array<[string | undefined, unknown]> = [];
    const handler = new ActivityHandler()
      .onMessage(async (context, next) => {
        if (context.activity.text === 'agent') await context.sendActivity(createHandoffInitiation(context, { skill: 'billing' }));
        else await context.sendActivity(`You said: ${context.activity.text}`);
        await next();
      })
      .onUnrecognizedActivityType(async (context, next) => {
        events.push([context.activity.name, context.activity.value]);
        await next();
      });
    await turn('hi', (context) => handler.run(context));
    await turn('agent', (context) => handler.run(context));
    await adapter.whenIdle();
    expect(logged).to.deep.equal([]);
    expect(bodies.map((b) => b.message)).to.deep.equal([{ text: 'You said: hi' }]);
    expect(passes).to.deep.equal([{ recipient: { id: USER_ID }, target_app_id: PAGE_INBOX_APP_ID, metadata: '{"skill":"billing"}' }]);
    expect(events).to.deep.equal([['handoff.status', { state: 'accepted' }]]);
  });

  it('logs a failed turn by default and never messages the user (the SDK default would)', async () => {
    await turn('hi', async () => {
      throw new Error('a secret message text');
    });
    expect(bodies).to.deep.equal([]);
    expect(logged).to.have.length(1);
    expect(JSON.stringify(logged)).to.not.include('a secret message text');
    expect(logged[0]?.[0]).to.match(/the default onTurnError logs it/);
    expect(logged[0]?.[1]).to.deep.include({ conversationId: `${USER_ID}-${PAGE_ID}`, error: 'Error' });
  });

  it('runs fanOut through continueConversationAsync, like MessengerAdapter', async () => {
    const references: ReturnType<Activity['getConversationReference']>[] = [];
    for (const userId of [USER_ID, '1423587017700273']) {
      await adapter.process(
        signedPost(envelope([{ messaging: [textEvent('subscribe', { userId })] }])).req,
        fakeResponse(),
        async (context) => void references.push(context.activity.getConversationReference()),
      );
    }
    await adapter.whenIdle();
    const result = await fanOut(adapter, '', references, async (context) => {
      await context.sendActivity('News for you');
    });
    expect(result).to.deep.include({ total: 2, done: 2, failed: 0, skipped: 0 });
    expect(bodies.map((b) => [(b.recipient as { id: string }).id, b.messaging_type])).to.have.deep.members([
      [USER_ID, 'UPDATE'],
      ['1423587017700273', 'UPDATE'],
    ]);
  });
});
