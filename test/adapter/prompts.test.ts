/**
 * botbuilder-dialogs ChoicePrompt / ConfirmPrompt round trips through the real MessengerAdapter:
 * signed webhook in, the prompt out as Send API `quick_replies`, the quick-reply tap in as Meta sends
 * it, the prompt's recognized answer out, on Messenger (`facebook`) and Instagram (`instagram`), and
 * with one token per Page.
 */
import { createHmac } from 'node:crypto';
import { ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ConfirmPrompt,
  DialogSet,
  DialogTurnStatus,
  type FoundChoice,
  ListStyle,
  WaterfallDialog,
} from 'botbuilder-dialogs';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import type { MessengerAdapterOptions } from '../../adapter/options';
import {
  IG_ACCOUNT_ID,
  IG_USER_ID,
  mid,
  PAGE_ID,
  PAGE_ID_2,
  T0,
  USER_ID,
  USER_ID_2,
} from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

const GRAPH = 'https://graph.test';
const PAGE_TOKEN = 'EAAGm0PX4ZCpsBAprompts1PageToken0123456789ZDZD';

const TRANSPORT_QUESTION = 'Please enter your mode of transport.';
const AGE_QUESTION = 'Do you want to give your age?';

/** One Send API call as Graph received it. */
interface SendCall {
  body: Record<string, unknown>;
  authorization: string | undefined;
  query: Record<string, string>;
}

/** Intercepts every `POST /v27.0/me/messages` (any query) and records body, Authorization and query. */
function recordSends(): { calls: SendCall[]; bodies: () => Record<string, unknown>[] } {
  const calls: SendCall[] = [];
  nock(GRAPH)
    .post('/v27.0/me/messages')
    .query(true)
    .times(50)
    .reply(function (uri, body) {
      const header = this.req.headers.authorization;
      const url = new URL(uri, GRAPH);
      calls.push({
        body: body as Record<string, unknown>,
        authorization: Array.isArray(header) ? header.join(',') : header,
        query: Object.fromEntries(url.searchParams),
      });
      const recipient = (body as { recipient?: { id?: string } }).recipient?.id ?? '';
      return [200, { recipient_id: recipient, message_id: `m_sent_${calls.length}` }];
    });
  return { calls, bodies: () => calls.map((call) => call.body) };
}

/** `appsecret_proof` computed independently of the adapter. */
function proofOf(token: string): string {
  return createHmac('sha256', TEST_APP_SECRET).update(token).digest('hex');
}

function makeAdapter(overrides: Partial<MessengerAdapterOptions> = {}): MessengerAdapter {
  const adapter = new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    graphApiUrl: GRAPH,
    logger: { error: () => {} },
    ...(overrides.getAccessToken === undefined ? { accessToken: PAGE_TOKEN } : {}),
    ...overrides,
  });
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  return adapter;
}

/**
 * The 05.multi-turn-prompt flow, cut to its two choice prompts: transport (Car / Bus / Bicycle),
 * "You chose X", then "Do you want to give your age?", then "You said yes/no".
 */
function transportBot(style?: ListStyle): {
  logic: (context: TurnContext) => Promise<void>;
  errors: unknown[];
} {
  const conversationState = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
  const choice = new ChoicePrompt('transport');
  const confirm = new ConfirmPrompt('confirm');
  if (style !== undefined) {
    choice.style = style;
    confirm.style = style;
  }
  dialogs.add(choice);
  dialogs.add(confirm);
  dialogs.add(
    new WaterfallDialog('profile', [
      async (step) =>
        step.prompt('transport', {
          prompt: TRANSPORT_QUESTION,
          retryPrompt: 'Please choose Car, Bus or Bicycle.',
          choices: ['Car', 'Bus', 'Bicycle'],
        }),
      async (step) => {
        await step.context.sendActivity(`You chose ${(step.result as FoundChoice).value}`);
        return step.prompt('confirm', { prompt: AGE_QUESTION });
      },
      async (step) => {
        await step.context.sendActivity(`You said ${step.result === true ? 'yes' : 'no'}`);
        return step.endDialog();
      },
    ]),
  );
  const errors: unknown[] = [];
  const logic = async (context: TurnContext): Promise<void> => {
    try {
      if (context.activity.type !== 'message') return;
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog('profile');
      await conversationState.saveChanges(context);
    } catch (error) {
      errors.push(error);
      throw error;
    }
  };
  return { logic, errors };
}

interface Account {
  object: 'page' | 'instagram';
  accountId: string;
  userId: string;
  midPrefix: string;
}

const MESSENGER: Account = { object: 'page', accountId: PAGE_ID, userId: USER_ID, midPrefix: 'm_' };
const INSTAGRAM: Account = {
  object: 'instagram',
  accountId: IG_ACCOUNT_ID,
  userId: IG_USER_ID,
  midPrefix: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA',
};

let clock = T0;

/** A user's message event (`message` as Meta sends it: text, or text + quick_reply). */
function messageEvent(account: Account, message: Record<string, unknown>): Record<string, unknown> {
  clock += 1000;
  return {
    sender: { id: account.userId },
    recipient: { id: account.accountId },
    timestamp: clock,
    message: { mid: mid(account.midPrefix), ...message },
  };
}

/** Posts one signed envelope with `events` (one entry per account) and waits for every turn. */
async function deliver(
  adapter: MessengerAdapter,
  object: 'page' | 'instagram',
  entries: Array<{ id: string; messaging: unknown[] }>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const { req } = signedPost({
    object,
    entry: entries.map((entry) => ({ ...entry, time: clock })),
  });
  const res = fakeResponse();
  await adapter.process(req, res, logic);
  expect(res.statusCode, res.body).to.equal(200);
  await adapter.whenIdle();
}

/** A user of `account` sends `message`. */
function say(
  adapter: MessengerAdapter,
  account: Account,
  message: Record<string, unknown>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  return deliver(
    adapter,
    account.object,
    [{ id: account.accountId, messaging: [messageEvent(account, message)] }],
    logic,
  );
}

/** A quick-reply tap as Meta delivers it: the title as text, the payload under quick_reply. */
function tap(title: string, payload = title): Record<string, unknown> {
  return { text: title, quick_reply: { payload } };
}

function quickReplies(...values: string[]): Array<Record<string, string>> {
  return values.map((value) => ({ content_type: 'text', title: value, payload: value }));
}

function reply(userId: string, message: Record<string, unknown>): Record<string, unknown> {
  return { recipient: { id: userId }, messaging_type: 'RESPONSE', message };
}

describe('MessengerAdapter with botbuilder-dialogs ChoicePrompt / ConfirmPrompt', () => {
  let adapter: MessengerAdapter;

  afterEach(async () => {
    await adapter?.close();
    nock.cleanAll();
  });

  describe("on Messenger (channelId 'facebook', default ListStyle.auto)", () => {
    it('sends the ChoicePrompt as quick replies, recognizes the tap, then does the same for ConfirmPrompt', async () => {
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot();

      await say(adapter, MESSENGER, { text: 'hi' }, bot.logic);
      expect(graph.bodies()).to.deep.equal([
        reply(USER_ID, { text: TRANSPORT_QUESTION, quick_replies: quickReplies('Car', 'Bus', 'Bicycle') }),
      ]);

      await say(adapter, MESSENGER, tap('Bus'), bot.logic);
      expect(graph.bodies().slice(1)).to.deep.equal([
        reply(USER_ID, { text: 'You chose Bus' }),
        reply(USER_ID, { text: AGE_QUESTION, quick_replies: quickReplies('Yes', 'No') }),
      ]);

      await say(adapter, MESSENGER, tap('Yes'), bot.logic);
      expect(graph.bodies().slice(3)).to.deep.equal([reply(USER_ID, { text: 'You said yes' })]);
      expect(bot.errors).to.deep.equal([]);
    });

    it('recognizes the quick-reply payload, not the title Meta shows (payload wins)', async () => {
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot();

      await say(adapter, MESSENGER, { text: 'hi' }, bot.logic);
      // A title the prompt would not recognize; the payload is the choice value.
      await say(adapter, MESSENGER, tap('🚲 my bike', 'Bicycle'), bot.logic);
      await say(adapter, MESSENGER, tap('Nope', 'No'), bot.logic);

      expect(graph.bodies().map((body) => (body.message as { text: string }).text)).to.deep.equal([
        TRANSPORT_QUESTION,
        'You chose Bicycle',
        AGE_QUESTION,
        'You said no',
      ]);
    });

    it('re-prompts with the quick replies again when the answer is not a choice, then accepts typed text', async () => {
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot();

      await say(adapter, MESSENGER, { text: 'hi' }, bot.logic);
      await say(adapter, MESSENGER, { text: 'a rocket' }, bot.logic);
      await say(adapter, MESSENGER, { text: 'car' }, bot.logic);

      expect(graph.bodies()).to.deep.equal([
        reply(USER_ID, { text: TRANSPORT_QUESTION, quick_replies: quickReplies('Car', 'Bus', 'Bicycle') }),
        reply(USER_ID, {
          text: 'Please choose Car, Bus or Bicycle.',
          quick_replies: quickReplies('Car', 'Bus', 'Bicycle'),
        }),
        reply(USER_ID, { text: 'You chose Car' }),
        reply(USER_ID, { text: AGE_QUESTION, quick_replies: quickReplies('Yes', 'No') }),
      ]);
    });
  });

  describe("on Instagram (object 'instagram', channelId 'instagram')", () => {
    it('with the default ListStyle.auto, botbuilder renders the choices as inline text (no quick replies)', async () => {
      // botbuilder-dialogs' channel table (choices/channel.ts) knows 'facebook' but not 'instagram':
      // supportsSuggestedActions('instagram') is false, so ListStyle.auto falls back to an inline list.
      // This documents why Instagram bots should set style: ListStyle.suggestedAction (next test).
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot();

      await say(adapter, INSTAGRAM, { text: 'hi' }, bot.logic);
      expect(graph.bodies()).to.deep.equal([
        reply(IG_USER_ID, { text: `${TRANSPORT_QUESTION} (1) Car, (2) Bus, or (3) Bicycle` }),
      ]);
    });

    it('with ListStyle.suggestedAction, sends quick replies on Instagram too and recognizes a typed "2"', async () => {
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot(ListStyle.suggestedAction);

      await say(adapter, INSTAGRAM, { text: 'hi' }, bot.logic);
      expect(graph.bodies()).to.deep.equal([
        reply(IG_USER_ID, {
          text: TRANSPORT_QUESTION,
          quick_replies: quickReplies('Car', 'Bus', 'Bicycle'),
        }),
      ]);

      // The user types the number instead of tapping: ChoicePrompt recognizes indexes.
      await say(adapter, INSTAGRAM, { text: '2' }, bot.logic);
      expect(graph.bodies().slice(1)).to.deep.equal([
        reply(IG_USER_ID, { text: 'You chose Bus' }),
        reply(IG_USER_ID, { text: AGE_QUESTION, quick_replies: quickReplies('Yes', 'No') }),
      ]);

      await say(adapter, INSTAGRAM, tap('No'), bot.logic);
      expect(graph.bodies().slice(3)).to.deep.equal([reply(IG_USER_ID, { text: 'You said no' })]);
      expect(bot.errors).to.deep.equal([]);
    });

    it('recognizes an Instagram quick-reply tap on the ChoicePrompt', async () => {
      adapter = makeAdapter();
      const graph = recordSends();
      const bot = transportBot(ListStyle.suggestedAction);

      await say(adapter, INSTAGRAM, { text: 'hi' }, bot.logic);
      await say(adapter, INSTAGRAM, tap('Car'), bot.logic);
      expect(graph.bodies()[1]).to.deep.equal(reply(IG_USER_ID, { text: 'You chose Car' }));
    });
  });

  describe('with one token per Page (getAccessToken)', () => {
    const TOKENS: Record<string, string> = {
      [PAGE_ID]: 'EAAGpage1TokenForPrompts0000000000000000ZDZD',
      [PAGE_ID_2]: 'EAAGpage2TokenForPrompts1111111111111111ZDZD',
    };

    it("signs every Send API call with the recipient's Page token and its appsecret_proof", async () => {
      const asked: string[] = [];
      adapter = makeAdapter({
        getAccessToken: async (accountId) => {
          asked.push(accountId);
          const token = TOKENS[accountId];
          if (token === undefined) throw new Error(`unknown account ${accountId}`);
          return token;
        },
      });
      const graph = recordSends();
      const bot = transportBot();
      const page1: Account = { ...MESSENGER, accountId: PAGE_ID, userId: USER_ID };
      const page2: Account = { ...MESSENGER, accountId: PAGE_ID_2, userId: USER_ID_2 };

      // One batch with an entry per Page, as Meta groups them, then each user taps "Bus".
      await deliver(
        adapter,
        'page',
        [
          { id: PAGE_ID, messaging: [messageEvent(page1, { text: 'hi' })] },
          { id: PAGE_ID_2, messaging: [messageEvent(page2, { text: 'hello' })] },
        ],
        bot.logic,
      );
      await deliver(
        adapter,
        'page',
        [
          { id: PAGE_ID, messaging: [messageEvent(page1, tap('Bus'))] },
          { id: PAGE_ID_2, messaging: [messageEvent(page2, tap('Car'))] },
        ],
        bot.logic,
      );

      expect(graph.calls).to.have.length(6);
      const byUser = (userId: string) =>
        graph.calls.filter((call) => (call.body.recipient as { id: string }).id === userId);
      for (const [userId, accountId, chosen] of [
        [USER_ID, PAGE_ID, 'Bus'],
        [USER_ID_2, PAGE_ID_2, 'Car'],
      ] as const) {
        const token = TOKENS[accountId] as string;
        const calls = byUser(userId);
        expect(calls.map((call) => call.body)).to.deep.equal([
          reply(userId, { text: TRANSPORT_QUESTION, quick_replies: quickReplies('Car', 'Bus', 'Bicycle') }),
          reply(userId, { text: `You chose ${chosen}` }),
          reply(userId, { text: AGE_QUESTION, quick_replies: quickReplies('Yes', 'No') }),
        ]);
        for (const call of calls) {
          expect(call.authorization).to.equal(`Bearer ${token}`);
          expect(call.query).to.deep.equal({ appsecret_proof: proofOf(token) });
          expect(call.query.appsecret_proof).to.match(/^[0-9a-f]{64}$/);
        }
      }
      expect(proofOf(TOKENS[PAGE_ID] as string)).not.to.equal(proofOf(TOKENS[PAGE_ID_2] as string));
      // Tokens are cached per account: each Page's token was asked for once.
      expect([...asked].sort()).to.deep.equal([PAGE_ID, PAGE_ID_2].sort());
      expect(bot.errors).to.deep.equal([]);
    });
  });
});
