/**
 * Private and public replies to comments, through the real MessengerAdapter: a signed feed / IG
 * comments webhook in, the exact Send API body out (nock).
 */
import type { TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { commentTargetOf } from '../../adapter/delivery/commentReply';
import { MessengerError } from '../../adapter/errors';
import { replyToComment } from '../../adapter/graph/commentReplies';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import { DEFAULT_GRAPH_API_VERSION as V } from '../../adapter/platform';
import { MemoryStateStore } from '../../adapter/state/memoryStateStore';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { loadFixture } from '../fixtures';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';
const COMMENT_ID = '219008572362354_752095941289708';

describe('comment turns: private and public replies', () => {
  let adapter: MessengerAdapter;
  let sent: Array<Record<string, unknown>>;
  let errors: unknown[];
  let clock: sinon.SinonFakeTimers;

  function graphAccepts(times: number): void {
    nock(GRAPH)
      .post(`/${V}/me/messages`, (body) => {
        sent.push(body as Record<string, unknown>);
        return true;
      })
      .query(true)
      .times(times)
      .reply(200, { recipient_id: '6780462125377510', message_id: 'm_private_1' });
  }

  async function deliver(body: unknown, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const { req } = signedPost(body as Record<string, unknown>);
    const res = fakeResponse();
    await adapter.process(req, res, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        errors.push(error);
      }
    });
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
  }

  beforeEach(() => {
    // a minute after the fixtures' comments; only Date is faked (HTTP and scheduling run for real)
    clock = sinon.useFakeTimers({ now: 1_782_894_100_000, toFake: ['Date'] });
    sent = [];
    errors = [];
    adapter = new MessengerAdapter({
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      accessToken: 'page-token',
      graphApiUrl: GRAPH,
      logger: { error: () => {}, warn: () => {} },
    });
    // the window middleware with 'reject' would refuse an unknown window: comment turns are not judged by it
    adapter.use(new MessagingWindowMiddleware({ unknownWindow: 'reject' }));
  });
  afterEach(async () => {
    await adapter.close();
    nock.cleanAll();
    clock.restore();
  });

  it('a reply in a Page comment turn is the private reply { recipient: { comment_id } }; a second is refused', async () => {
    graphAccepts(1);
    const feed = loadFixture('messenger/feed-comment').body;
    await deliver(feed, async (context) => {
      expect(context.activity.name).to.equal('messenger.comment');
      await context.sendActivity('Hi Anna, it is 49 €. Anything else?');
      await context.sendActivity('Second message');
    });
    expect(sent).to.deep.equal([
      { recipient: { comment_id: COMMENT_ID }, message: { text: 'Hi Anna, it is 49 €. Anything else?' } },
    ]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(MessengerError).with.property('code', 'NOT_SUPPORTED');
    expect((errors[0] as MessengerError).details).to.include({ rule: 'private-reply-once' });
    expect((errors[0] as Error).message).to.contain('replyToComment');

    // the same comment in a later turn: the commenter edited it
    const later = JSON.parse(JSON.stringify(feed)) as {
      entry: { changes: { value: { verb: string; message: string } }[] }[];
    };
    Object.assign(later.entry[0]!.changes[0]!.value, { verb: 'edited', message: 'How much is this one?' });
    await deliver(later, async (context) => {
      await context.sendActivity('Are you still there?');
    });
    expect(sent).to.have.length(1);
    expect((errors[1] as MessengerError).details).to.include({ rule: 'private-reply-once' });
  });

  it('an Instagram comment gets the same private reply body; a reply that would be two messages is refused', async () => {
    graphAccepts(1);
    await deliver(loadFixture('instagram/comment').body, async (context) => {
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity({
        text: 'See the photo',
        attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://shop.example/a.jpg' }],
      });
    });
    expect(sent).to.deep.equal([]);
    expect((errors[0] as MessengerError).details).to.include({ rule: 'private-reply-one-message' });
    const edited = JSON.parse(JSON.stringify(loadFixture('instagram/comment').body)) as {
      entry: { changes: { value: { text: string } }[] }[];
    };
    edited.entry[0]!.changes[0]!.value.text = 'price please?';
    await deliver(edited, async (context) => {
      await context.sendActivity('It is 49 €, I sent you the link.');
    });
    expect(sent).to.deep.equal([
      { recipient: { comment_id: '92821828809646678' }, message: { text: 'It is 49 €, I sent you the link.' } },
    ]);
  });

  it('a Graph refusal gives the comment its one reply back', async () => {
    nock(GRAPH)
      .post(`/${V}/me/messages`)
      .query(true)
      .reply(400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'A1' } });
    graphAccepts(1);
    const feed = loadFixture('messenger/feed-comment').body;
    await deliver(feed, async (context) => {
      await context.sendActivity('first try').catch(() => undefined);
      await context.sendActivity('second try');
    });
    expect(errors).to.deep.equal([]);
    expect(sent).to.deep.equal([{ recipient: { comment_id: COMMENT_ID }, message: { text: 'second try' } }]);
  });

  it('a private reply past 7 days is refused locally, naming the rule', async () => {
    clock.tick(7 * 24 * 3600_000);
    await deliver(loadFixture('messenger/feed-comment').body, async (context) => {
      await context.sendActivity('Sorry for the wait!');
    });
    expect(sent).to.deep.equal([]);
    expect((errors[0] as MessengerError).details).to.include({ rule: 'private-reply-7-days' });
  });

  it('replyToComment posts publicly: /{comment-id}/comments on Facebook, /{ig-comment-id}/replies on Instagram', async () => {
    const scope = nock(GRAPH)
      .post(`/${V}/${COMMENT_ID}/comments`, { message: 'Thanks! Details sent by message.' })
      .query(true)
      .reply(200, { id: '219008572362354_900000000000001' })
      .post(`/${V}/92821828809646678/replies`, { message: 'Thanks!' })
      .query(true)
      .reply(200, { id: '17858893269000001' });
    expect(await replyToComment(adapter.graph, '370873143344730', COMMENT_ID, 'Thanks! Details sent by message.')).to.deep.equal({
      id: '219008572362354_900000000000001',
    });
    expect(await replyToComment(adapter.graph, '17841400123456789', '92821828809646678', 'Thanks!', 'instagram')).to.deep.equal({
      id: '17858893269000001',
    });
    scope.done();
  });
});

describe('commentTargetOf', () => {
  it("is undefined for the account's own comment (its public reply coming back), so no private reply is tried", () => {
    const base = {
      channelId: 'instagram' as const,
      accountId: '17841400123456789',
      userId: undefined,
      conversationId: '17841400123456789',
      source: 'changes' as const,
      store: new MemoryStateStore(),
      graph: undefined as never,
      appId: undefined,
      dispatch: () => {},
    };
    const value = { from: { id: '17841400123456789', username: 'acme' }, media: { id: '1' }, id: '9', text: 'Thanks!' };
    expect(commentTargetOf({ ...base, event: { field: 'comments', value } }, {})).to.equal(undefined);
    const other = { ...value, from: { id: '7190835724411234', username: 'jane.doe' } };
    expect(commentTargetOf({ ...base, event: { field: 'comments', value: other } }, {})).to.include({ commentId: '9' });
    base.store.close();
  });
});
