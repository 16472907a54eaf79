/**
 * Compliance as a black box: signed webhooks in, Graph (nock) out, and nothing that Meta would
 * reject for policy leaves the adapter, whatever the set and order of the middleware.
 *
 * Each scenario runs under both framework shells, against every configuration in
 * {@link CONFIGURATIONS}: the adapter as the package entry exports it with no `use()` call, the
 * same with the four policies given again in each of the 24 orders (they replace the defaults),
 * and the bare shell (`defaultMiddleware: false`) given the four in each of the 24 orders.
 */
import { expect } from 'chai';
import nock from 'nock';
import sinon from 'sinon';
import { MessengerError } from '../../adapter/errors';
import { asHumanAgent } from '../../adapter/handover/humanAgent';
import type { MessengerChannelId } from '../../adapter/platform';
import type { ProactiveReference, TurnActivity } from '../../adapter/turnContext';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { HandoverMiddleware } from '../../middleware/handover';
import { MessagingWindowMiddleware } from '../../middleware/messagingWindow';
import { RateLimitMiddleware } from '../../middleware/rateLimit';
import { envelope, mid } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';
import { type NeutralLogic, SHELLS, type ShellAdapter } from '../shells/shells';

const GRAPH = 'https://graph.test';
const APP_ID = '1517776481860111';
const PAGE_INBOX_APP_ID = '263902037430900';
const PAGE_ID = '370873143344730';
const PSID = '6780462125377510';
const IG_ACCOUNT_ID = '17841400123456789';
const IGSID = '7190835724411234';
const T0 = 1_782_894_001_000;
const HOUR = 3_600_000;

type Layer = 'window' | 'handover' | 'attachments' | 'rateLimit';
const LAYERS: readonly Layer[] = ['window', 'handover', 'attachments', 'rateLimit'];

/** A way to set an adapter up: the entry's class or the bare shell, and the middleware given with `use()`. */
interface Configuration {
  readonly label: string;
  readonly entry: boolean;
  readonly layers: readonly Layer[];
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

const CONFIGURATIONS: readonly Configuration[] = [
  { label: 'the entry’s adapter, no use() call', entry: true, layers: [] },
  ...permutations(LAYERS).map((layers) => ({
    label: `the entry’s adapter, use(${layers.join(', ')})`,
    entry: true,
    layers,
  })),
  ...permutations(LAYERS).map((layers) => ({
    label: `defaultMiddleware: false, use(${layers.join(', ')})`,
    entry: false,
    layers,
  })),
];

function middlewareOf(layer: Layer) {
  switch (layer) {
    case 'window':
      return new MessagingWindowMiddleware();
    case 'handover':
      return new HandoverMiddleware();
    case 'attachments':
      return new AttachmentMiddleware();
    case 'rateLimit':
      return new RateLimitMiddleware();
  }
}

/** A user's text message as Meta sends it. */
function userText(channelId: MessengerChannelId, timestamp: number): Record<string, unknown> {
  const [accountId, userId] = channelId === 'instagram' ? [IG_ACCOUNT_ID, IGSID] : [PAGE_ID, PSID];
  return {
    sender: { id: userId },
    recipient: { id: accountId },
    timestamp,
    message: { mid: mid(channelId === 'instagram' ? 'aWdfZAG1faXRlbToxOklH' : 'm_'), text: 'Is my order on its way?' },
  };
}

describe('compliance as a black box: nothing Meta would reject for policy leaves the adapter', () => {
  for (const shell of SHELLS) {
    for (const configuration of CONFIGURATIONS) {
      describe(`${shell.name}: ${configuration.label}`, () => {
        let clock: sinon.SinonFakeTimers;
        let adapter: ShellAdapter;
        let sent: Array<Record<string, unknown>>;
        let turnErrors: unknown[];
        let reference: ProactiveReference;

        beforeEach(() => {
          // only Date: the adapter's own timers (scheduling, pacing, HTTP) run for real
          clock = sinon.useFakeTimers({ now: T0, toFake: ['Date'] });
          sent = [];
          turnErrors = [];
          nock(GRAPH)
            .persist()
            .post(/\/v\d+\.\d+\/me\/messages/, (body) => {
              sent.push(body as Record<string, unknown>);
              return true;
            })
            .query(true)
            .reply(200, () => ({ recipient_id: PSID, message_id: `m_out_${sent.length}` }));
          adapter = shell.create(
            {
              appSecret: TEST_APP_SECRET,
              verifyToken: TEST_VERIFY_TOKEN,
              accessToken: 'page-token',
              appId: APP_ID,
              graphApiUrl: GRAPH,
              logger: { error: () => {}, warn: () => {} },
              ...(configuration.entry ? {} : { defaultMiddleware: false }),
            },
            { entry: configuration.entry },
          );
          for (const layer of configuration.layers) adapter.use(middlewareOf(layer));
          adapter.setOnTurnError(async (error) => void turnErrors.push(error));
        });
        afterEach(async () => {
          await adapter.close();
          nock.cleanAll();
          clock.restore();
        });

        const remember: NeutralLogic = async (context) => {
          if (context.activity.type === 'message') reference = adapter.referenceOf(context);
        };

        async function webhook(
          event: Record<string, unknown>,
          channelId: MessengerChannelId = 'facebook',
          logic: NeutralLogic = remember,
        ): Promise<void> {
          const accountId = channelId === 'instagram' ? IG_ACCOUNT_ID : PAGE_ID;
          const body = envelope([{ id: accountId, messaging: [event] }], channelId === 'instagram' ? 'instagram' : 'page');
          const res = fakeResponse();
          await adapter.process(signedPost(body).req, res, logic);
          await adapter.whenIdle();
          expect(res.statusCode).to.equal(200);
        }

        /** Sends `activity` in a proactive turn; what the send failed with (onTurnError gets it), if anything. */
        async function proactive(activity: TurnActivity): Promise<unknown> {
          turnErrors = [];
          let thrown: unknown;
          try {
            await adapter.continueConversation(reference, async (context) => {
              await context.sendActivity(activity);
            });
          } catch (error) {
            thrown = error;
          }
          const errors = thrown === undefined ? turnErrors : [...turnErrors, thrown];
          expect(errors.length).to.be.at.most(1);
          return errors[0];
        }

        it('a reply to a user message 25 h old is refused before Graph', async () => {
          await webhook(userText('facebook', T0));
          clock.tick(25 * HOUR);
          const error = await proactive({ type: 'message', text: 'Your order has shipped.' });
          expect(error).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
          expect(sent).to.deep.equal([]);
        });

        it('a reply in the turn of a message delivered 25 h late is refused before Graph', async () => {
          clock.tick(25 * HOUR);
          await webhook(userText('facebook', T0), 'facebook', async (context) => {
            await context.sendActivity('Your order has shipped.');
          });
          expect(turnErrors).to.have.length(1);
          expect(turnErrors[0]).to.be.instanceOf(MessengerError).with.property('code', 'MESSAGING_WINDOW_CLOSED');
          expect(sent).to.deep.equal([]);
        });

        it('a bot message while the Page Inbox owns the thread is held, not sent', async () => {
          await webhook(userText('facebook', T0));
          clock.tick(60_000);
          await webhook({
            sender: { id: PSID },
            recipient: { id: PAGE_ID },
            timestamp: Date.now(),
            pass_thread_control: {
              previous_owner_app_id: APP_ID,
              new_owner_app_id: PAGE_INBOX_APP_ID,
              metadata: 'escalate:billing',
            },
          });
          const error = await proactive({ type: 'message', text: 'Anything else I can help with?' });
          expect(error).to.equal(undefined);
          expect(sent).to.deep.equal([]);
        });

        it('a retired tag is refused before Graph', async () => {
          await webhook(userText('facebook', T0));
          const error = await proactive({
            type: 'message',
            text: 'Your order has shipped.',
            channelData: { messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' },
          });
          expect(error).to.be.instanceOf(MessengerError).with.property('code', 'TAG_NOT_ALLOWED');
          expect(sent).to.deep.equal([]);
        });

        it('a bot message is never tagged HUMAN_AGENT because a person of this app owns the thread', async () => {
          await webhook(userText('facebook', T0));
          clock.tick(HOUR);
          expect(await proactive(asHumanAgent('Hi, Ana from support here.'))).to.equal(undefined);
          clock.tick(24 * HOUR);
          await proactive({ type: 'message', text: 'Rate our service from 1 to 5!' });
          expect(sent).to.deep.equal([
            { recipient: { id: PSID }, messaging_type: 'UPDATE', message: { text: 'Hi, Ana from support here.' } },
          ]);
        });

        it('Instagram with a tag other than HUMAN_AGENT is refused before Graph', async () => {
          await webhook(userText('instagram', T0), 'instagram');
          const error = await proactive({
            type: 'message',
            text: 'How did we do?',
            channelData: { messaging_type: 'MESSAGE_TAG', tag: 'CUSTOMER_FEEDBACK' },
          });
          expect(error).to.be.instanceOf(MessengerError).with.property('code', 'TAG_NOT_ALLOWED');
          expect(sent).to.deep.equal([]);
        });
      });
    }
  }
});
