import type { TurnContext } from 'botbuilder';
import { MessengerError } from 'botbuilder-adapter-messenger';
import { expect } from 'chai';
import sinon from 'sinon';
import { hasMessengerCredentials, readMessengerEnv, readPort } from '../../samples/common/env';
import { consoleOwnerLog, memoryOwnerLog, turnErrorHandler } from '../../samples/common/ownerLog';

const CONVERSATION = '6780462125377510-370873143344730';

function fakeContext(activity: Record<string, unknown>): { context: TurnContext; sent: unknown[] } {
  const sent: unknown[] = [];
  const context = {
    activity: { conversation: { id: CONVERSATION }, ...activity },
    sendActivity: async (value: unknown) => {
      sent.push(value);
      return { id: 'm_1' };
    },
  } as unknown as TurnContext;
  return { context, sent };
}

describe('samples/common', () => {
  describe('env', () => {
    it('reads the Messenger settings and names every missing variable', () => {
      expect(
        readMessengerEnv({
          MESSENGER_APP_SECRET: 's',
          MESSENGER_VERIFY_TOKEN: 'v',
          MESSENGER_PAGE_TOKEN: 't',
          MESSENGER_APP_ID: '',
          PORT: '4000',
        }),
      ).to.deep.equal({ appSecret: 's', verifyToken: 'v', accessToken: 't', port: 4000 });
      expect(() =>
        readMessengerEnv({ MESSENGER_VERIFY_TOKEN: 'v', MESSENGER_PAGE_TOKEN: '' }, 'samples/echo'),
      ).to.throw(
        'Missing MESSENGER_APP_SECRET, MESSENGER_PAGE_TOKEN. Copy samples/echo/.env.example to samples/echo/.env',
      );
    });

    it('treats empty values as missing credentials (a copied .env.example starts the sandbox)', () => {
      expect(
        hasMessengerCredentials({
          MESSENGER_APP_SECRET: '',
          MESSENGER_VERIFY_TOKEN: '',
          MESSENGER_PAGE_TOKEN: '',
        }),
      ).to.equal(false);
      expect(
        hasMessengerCredentials({
          MESSENGER_APP_SECRET: 'a',
          MESSENGER_VERIFY_TOKEN: 'b',
          MESSENGER_PAGE_TOKEN: 'c',
        }),
      ).to.equal(true);
    });

    it('checks PORT', () => {
      expect(readPort(undefined, 3978)).to.equal(3978);
      expect(readPort('0', 3978)).to.equal(0);
      expect(() => readPort('http', 3978)).to.throw(
        'PORT must be a whole number from 0 to 65535, got "http".',
      );
    });
  });

  describe('owner log', () => {
    afterEach(() => sinon.restore());

    it('prints one line per event with its ids', () => {
      const info = sinon.stub(console, 'log');
      consoleOwnerLog('echo').info('handoff accepted', {
        conversation: CONVERSATION,
        trigger: 'pass',
        skipped: undefined,
      });
      expect(info.firstCall.args).to.deep.equal([
        `[echo] handoff accepted conversation=${CONVERSATION} trigger=pass`,
      ]);
    });
  });

  describe('turnErrorHandler', () => {
    it('logs the code and apologises in a user turn', async () => {
      const log = memoryOwnerLog();
      const { context, sent } = fakeContext({ type: 'message', text: 'my card number is 4111' });
      await turnErrorHandler(log)(
        context,
        new MessengerError('GRAPH_ERROR', 'Graph had a temporary problem.'),
      );
      expect(log.entries).to.deep.equal([
        { level: 'error', event: 'turn failed', fields: { conversation: CONVERSATION, code: 'GRAPH_ERROR' } },
        { level: 'error', event: '  Graph had a temporary problem.', fields: {} },
      ]);
      expect(sent).to.deep.equal(['Sorry, something went wrong on our side. Please try again in a moment.']);
    });

    it('does not apologise when no message can reach the user', async () => {
      const { context, sent } = fakeContext({ type: 'message' });
      await turnErrorHandler(memoryOwnerLog())(
        context,
        new MessengerError('MESSAGING_WINDOW_CLOSED', 'closed'),
      );
      expect(sent).to.deep.equal([]);
    });

    it('logs where a bug happened, never the error message (it may quote the user)', async () => {
      const log = memoryOwnerLog();
      const { context } = fakeContext({ type: 'event', name: 'messenger.referral' });
      await turnErrorHandler(log)(context, new TypeError('cannot parse "my card number is 4111"'));
      expect(log.entries[0]).to.deep.equal({
        level: 'error',
        event: 'turn failed',
        fields: { conversation: CONVERSATION, error: 'TypeError' },
      });
      expect(JSON.stringify(log.entries)).to.not.contain('4111');
      expect(log.entries[1]?.event).to.match(/^ {2}at /);
    });

    it('rethrows in a proactive turn, so continueConversationAsync (and fanOut) reject', async () => {
      const log = memoryOwnerLog();
      const { context } = fakeContext({ type: 'event', name: 'ContinueConversation' });
      const error = new MessengerError('MESSAGING_WINDOW_CLOSED', 'closed');
      let thrown: unknown;
      try {
        await turnErrorHandler(log)(context, error);
      } catch (caught) {
        thrown = caught;
      }
      expect(thrown).to.equal(error);
      expect(log.entries).to.deep.equal([]);
    });
  });
});
