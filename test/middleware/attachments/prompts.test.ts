import type { Attachment } from 'botbuilder';
import { ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import {
  AttachmentPrompt,
  ConfirmPrompt,
  DialogSet,
  DialogTurnStatus,
  type PromptValidatorContext,
  WaterfallDialog,
} from 'botbuilder-dialogs';
import { expect } from 'chai';
import nock from 'nock';
import type { MessengerAdapter } from '../../../adapter/messengerAdapter';
import { isThumbsUp } from '../../../middleware/attachments';
import { loadFixture } from '../../fixtures';
import { attachmentFixture, deliver, firstEvent, makeAdapter, recordGraph } from './helpers';

const PAGE = '370873143344730';
const USER = '6780462125377510';
let seq = 0;

/** A Messenger envelope with one user message (text or attachments). */
function userMessage(message: Record<string, unknown>): unknown {
  seq++;
  return {
    object: 'page',
    entry: [
      {
        id: PAGE,
        time: 1782894100000 + seq,
        messaging: [
          {
            sender: { id: USER },
            recipient: { id: PAGE },
            timestamp: 1782894100000 + seq,
            message: { mid: `m_prompt_test_${seq}_${Date.now()}`, ...message },
          },
        ],
      },
    ],
  };
}

/** The attachments of a fixture's message, for a new message from the same user. */
function attachmentsOf(body: unknown): unknown[] {
  return (firstEvent(body).message as { attachments: unknown[] }).attachments;
}

function texts(sends: Record<string, unknown>[]): string[] {
  return sends.map((body) => String((body.message as { text?: string }).text));
}

/** A bot with one waterfall: ask with `prompt`, then say what it got. */
function promptBot(
  makePrompt: (id: string) => AttachmentPrompt | ConfirmPrompt,
  promptText: string,
  describe: (result: unknown) => string,
) {
  const conversationState = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(conversationState.createProperty('dialogs'));
  dialogs.add(makePrompt('ask'));
  dialogs.add(
    new WaterfallDialog('main', [
      async (step) => step.prompt('ask', { prompt: promptText, retryPrompt: 'Please try again.' }),
      async (step) => {
        await step.context.sendActivity(describe(step.result));
        return step.endDialog();
      },
    ]),
  );
  return async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('main');
    await conversationState.saveChanges(context);
  };
}

const jpegOnly = async (prompt: PromptValidatorContext<Attachment[]>): Promise<boolean> =>
  prompt.recognized.succeeded && (prompt.recognized.value ?? []).every((a) => a.contentType === 'image/jpeg');

describe('AttachmentMiddleware with botbuilder-dialogs prompts', () => {
  let adapter: MessengerAdapter;
  afterEach(async () => {
    await adapter?.close();
    nock.cleanAll();
  });

  it('an AttachmentPrompt validator requiring image/jpeg accepts a JPEG photo and re-prompts for a PNG', async () => {
    ({ adapter } = makeAdapter());
    const graph = recordGraph();
    const bot = promptBot(
      (id) => new AttachmentPrompt(id, jpegOnly),
      'Send a photo of the receipt.',
      (result) => `Got ${(result as Attachment[]).map((a) => `${a.name} (${a.contentType})`).join(', ')}`,
    );
    await deliver(adapter, userMessage({ text: 'hi' }), bot);
    const png = attachmentsOf(loadFixture('messenger/attachments').body)[1];
    await deliver(adapter, userMessage({ attachments: [png] }), bot);
    await deliver(
      adapter,
      userMessage({ attachments: attachmentsOf(attachmentFixture('messenger-photo')) }),
      bot,
    );
    expect(texts(graph.sends())).to.deep.equal([
      'Send a photo of the receipt.',
      'Please try again.',
      'Got 448125617_1022337192697145_3917255462958317736_n.jpg (image/jpeg)',
    ]);
  });

  it('accepts an Instagram photo, whose URL names no file, as image/jpeg', async () => {
    ({ adapter } = makeAdapter());
    const graph = recordGraph();
    const bot = promptBot(
      (id) => new AttachmentPrompt(id, jpegOnly),
      'Send a photo.',
      (result) => `Got ${(result as Attachment[])[0]?.contentType}`,
    );
    const image = loadFixture('instagram/image').body as {
      entry: { messaging: { message: Record<string, unknown> }[] }[];
    };
    const text = loadFixture('instagram/text').body as typeof image;
    await deliver(adapter, text, bot);
    await deliver(adapter, image, bot);
    expect(texts(graph.sends())).to.deep.equal(['Send a photo.', 'Got image/jpeg']);
  });

  it('a validator can take the thumbs-up sticker as "yes" (isThumbsUp)', async () => {
    ({ adapter } = makeAdapter());
    const graph = recordGraph();
    const photoOrThumbsUp = async (prompt: PromptValidatorContext<Attachment[]>): Promise<boolean> =>
      prompt.recognized.succeeded &&
      (prompt.recognized.value ?? []).every((a) => a.contentType === 'image/jpeg' || isThumbsUp(a));
    const bot = promptBot(
      (id) => new AttachmentPrompt(id, photoOrThumbsUp),
      'Send a photo, or 👍 to skip.',
      (result) => ((result as Attachment[]).every(isThumbsUp) ? 'Skipped.' : 'Got the photo.'),
    );
    await deliver(adapter, userMessage({ text: 'hi' }), bot);
    await deliver(
      adapter,
      userMessage(firstEvent(loadFixture('messenger/sticker').body).message as Record<string, unknown>),
      bot,
    );
    expect(texts(graph.sends())).to.deep.equal(['Send a photo, or 👍 to skip.', 'Skipped.']);
  });

  it('with thumbsUpText, a ConfirmPrompt reads the thumbs-up sticker as yes', async () => {
    ({ adapter } = makeAdapter({ thumbsUpText: 'yes' }));
    const graph = recordGraph();
    const bot = promptBot(
      (id) => new ConfirmPrompt(id, undefined, 'en-us'),
      'Shall I book it?',
      (result) => (result === true ? 'Booked.' : 'Not booked.'),
    );
    await deliver(adapter, userMessage({ text: 'hi' }), bot);
    const sticker = firstEvent(attachmentFixture('messenger-thumbs-up-2026')).message as Record<
      string,
      unknown
    >;
    await deliver(
      adapter,
      userMessage({ sticker_id: sticker.sticker_id, attachments: sticker.attachments }),
      bot,
    );
    const sent = texts(graph.sends());
    expect(sent[0]).to.match(/^Shall I book it\?/);
    expect(sent.slice(1)).to.deep.equal(['Booked.']);
  });
});
