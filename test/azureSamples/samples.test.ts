import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { AttachmentMiddleware } from '../../middleware/attachments';
import { AttachmentsBot, IMAGE, IMAGE_NAME, INTERNET_IMAGE } from './bots/attachments';
import { ComplexDialogBot } from './bots/complexDialog';
import { CustomPromptBot } from './bots/customPrompt';
import { FacebookEventsBot } from './bots/facebookEvents';
import { MultiTurnPromptBot } from './bots/multiTurnPrompt';
import { ProactiveBot } from './bots/proactive';
import { SuggestedActionsBot } from './bots/suggestedActions';
import { UsingCardsBot } from './bots/usingCards';
import { WelcomeUsersBot } from './bots/welcomeUsers';
import { CHANNELS, clicks, getStarted, runSample, type SampleRun, says, sendsPhoto, taps } from './harness';

/**
 * How botbuilder's `ChoiceFactory.forChannel` shows choices: quick replies on Facebook when every
 * title fits Messenger's 20 characters; else (and on Instagram, which botbuilder does not know) as
 * text, inline for short lists, else a numbered list.
 */
const choices = (channelId: string, prompt: string, options: string[], style: 'inline' | 'list'): string => {
  if (channelId === 'facebook' && options.every((o) => o.length <= 20)) return `${prompt} [${options.join(' | ')}]`;
  if (style === 'list') return `${prompt}\n\n${options.map((o, i) => `   ${i + 1}. ${o}`).join('\n')}`;
  const items = options.map((o, i) => `(${i + 1}) ${o}`);
  const last = items[items.length - 1];
  return items.length === 2 ? `${prompt} ${items[0]} or ${last}` : `${prompt} ${items.slice(0, -1).join(', ')}, or ${last}`;
};

for (const channel of CHANNELS) {
  describe(`Microsoft's samples, unchanged, on ${channel.channelId}`, () => {
    let run: SampleRun | undefined;
    afterEach(async () => {
      expect(run?.errors ?? []).to.deep.equal([]);
      await run?.close();
      run = undefined;
    });
    const noUndefined = (texts: string[]) => {
      for (const text of texts) expect(text).not.to.include('undefined');
      return texts;
    };

    it('03 welcome-users: greets by locale and by the name from the profile', async () => {
      run = runSample(channel, new WelcomeUsersBot(), { locale: 'en-US' });
      await run.user(getStarted());
      expect(noUndefined(run.take())).to.deep.equal([
        "Welcome to the 'Welcome User' Bot. This bot will introduce you to welcoming and greeting users.",
        "You can use the activity's 'locale' property to welcome the user using the locale received from the channel. Current locale is 'en-US'",
        'You are seeing this message because this was your first message ever sent to this bot.',
        `It is a good practice to welcome the user and provide personal greeting. For example, welcome ${channel.name}.`,
      ]);
      await run.user(says('hi'));
      expect(run.take()).to.deep.equal(['You said "hi"']);
    });

    it('08 suggested-actions: welcome with the name, colors as quick replies', async () => {
      run = runSample(channel, new SuggestedActionsBot());
      await run.user(getStarted());
      await run.user(taps('Blue'));
      expect(noUndefined(run.take())).to.deep.equal([
        `Welcome to suggestedActionsBot ${channel.name}. This bot will introduce you to Suggested Actions. Please select an option:`,
        'What is the best color? [Red | Yellow | Blue]',
        'Please select a color.',
        'What is the best color? [Red | Yellow | Blue]',
        'I agree, Blue is the best color.',
        'What is the best color? [Red | Yellow | Blue]',
      ]);
    });

    it('43 complex-dialog: welcome with the name, then the whole dialog', async () => {
      run = runSample(channel, new ComplexDialogBot());
      await run.user(getStarted());
      for (const step of [says('Ada'), says('36'), taps('Contoso Suites'), taps('done')]) await run.user(step);
      const companies = ['Adatum Corporation', 'Contoso Suites', 'Graphic Design Institute', 'Wide World Importers', 'done'];
      expect(noUndefined(run.take())).to.deep.equal([
        `Welcome to Complex Dialog Bot ${channel.name}. This bot provides a complex conversation, with multiple dialogs. Type anything to get started.`,
        'Please enter your name.',
        'Please enter your age.',
        choices(channel.channelId, 'Please choose a company to review, or `done` to finish.', companies, 'list'),
        choices(
          channel.channelId,
          'You have selected **Contoso Suites**. You can review an additional company, or choose `done` to finish.',
          companies.filter((c) => c !== 'Contoso Suites'),
          'list',
        ),
        'Thanks for participating Ada',
        'You are signed up to review Contoso Suites.',
      ]);
    });

    it('05 multi-turn-prompt: choice, text, confirm, number and attachment prompts', async () => {
      run = runSample(channel, new MultiTurnPromptBot(), {}, [new AttachmentMiddleware()]);
      const photo = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/profile_2.jpg?_nc_cat=1';
      for (const step of [says('hi'), taps('Car'), says('Ada'), taps('Yes'), says('36'), sendsPhoto(photo), taps('Yes')]) {
        await run.user(step);
      }
      const yesNo = (prompt: string) => choices(channel.channelId, prompt, ['Yes', 'No'], 'inline');
      expect(noUndefined(run.take())).to.deep.equal([
        choices(channel.channelId, 'Please enter your mode of transport.', ['Car', 'Bus', 'Bicycle'], 'inline'),
        'Please enter your name.',
        'Thanks Ada.',
        yesNo('Do you want to give your age?'),
        'Please enter your age.',
        'I have your age as 36.',
        'Please attach a profile picture (or type any message to skip).',
        'I have your mode of transport as Car and your name as Ada and your age as 36.',
        'This is your profile picture.',
        `<image ${photo}>`,
        yesNo('Is this okay?'),
        'Thanks. Your profile saved successfully.',
      ]);
    });

    it('06 using-cards: the card menu, a hero card, an OAuth card as its text, an audio card', async () => {
      run = runSample(channel, new UsingCardsBot());
      const cards = ['Adaptive Card', 'Animation Card', 'Audio Card', 'Hero Card', 'OAuth Card', 'Receipt Card'];
      cards.push('Signin Card', 'Thumbnail Card', 'Video Card', 'All Cards');
      const prompt = 'What card would you like to see? You can click or type the card name';
      const menu = choices(channel.channelId, prompt, cards, 'list');
      const retry = choices(channel.channelId, 'That was not a valid choice, please select a card or number from 1 to 9.', cards, 'list');
      await run.user(getStarted());
      for (const card of ['Hero Card', 'OAuth Card', 'Audio Card']) {
        await run.user(says('show me'));
        await run.user(taps(card));
      }
      expect(noUndefined(run.take())).to.deep.equal([
        'Welcome to CardBot. This bot will show you different types of Rich Cards. Please type anything to get started.',
        menu,
        retry,
        'BotFramework Hero Card {Get started}',
        'Type anything to see another card.',
        menu,
        'BotFramework OAuth Card', // an OAuth card needs Azure's token service: its text goes out
        'Type anything to see another card.',
        menu,
        '<audio https://www.example.com/darthvader_yourfather.mp3>',
        'I am your father\nStar Wars: Episode V - The Empire Strikes Back {Read more}',
        'Type anything to see another card.',
      ]);
    });

    it('44 prompt-for-user-input: name, age and date', async () => {
      run = runSample(channel, new CustomPromptBot());
      for (const step of ['hello', 'Ada', 'I am 36', 'tomorrow at 3pm']) await run.user(says(step));
      const texts = noUndefined(run.take());
      expect(texts.slice(0, 5)).to.deep.equal([
        "Let's get started. What is your name?",
        'I have your name as Ada.',
        'How old are you?',
        'I have your age as 36.',
        'When is your flight?',
      ]);
      expect(texts[5]).to.match(/^Your cab ride to the airport is scheduled for \d{4}-\d\d-\d\dT\d\d:00:00\.000Z\.$/);
      expect(texts.slice(6)).to.deep.equal(['Thanks for completing the booking Ada.', 'Type anything to run the bot again.']);
    });

    it('16 proactive-messages: welcome, echo, then a proactive hello as UPDATE', async () => {
      const bot = new ProactiveBot();
      run = runSample(channel, bot);
      await run.user(getStarted());
      await run.user(says('remember me'));
      for (const reference of bot.references.values()) {
        await run.adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
          await context.sendActivity('proactive hello');
        });
      }
      expect(noUndefined(run.take())).to.deep.equal([
        'Welcome to the Proactive Bot sample.  Navigate to http://localhost:3978/api/notify to proactively message everyone who has previously messaged this bot.',
        "You sent 'GET_STARTED'",
        "You sent 'remember me'",
        'proactive hello',
      ]);
      expect(run.sends.map((s) => s.messaging_type)).to.deep.equal(['RESPONSE', 'RESPONSE', 'RESPONSE', 'UPDATE']);
    });

    for (const azureFacebookChannel of [false, true]) {
      it(`23 facebook-events: quick replies, postbacks, and the opt-in and echo handlers run${azureFacebookChannel ? ' (azureFacebookChannel)' : ''}`, async () => {
        const bot = new FacebookEventsBot();
        run = runSample(channel, bot, { azureFacebookChannel });
        const prompt = 'What Facebook feature would you like to try? Here are some quick replies to choose from!';
        const menu = choices(channel.channelId, prompt, ['Quick Replies', 'Facebook Page Id', 'PostBack'], 'inline');
        await run.user(says('hello'));
        await run.user(taps('Facebook Page Id'));
        await run.user(taps('PostBack'));
        await run.user(clicks('Yes'));
        await run.user({ optin: { type: 'notification_messages', payload: 'deals', notification_messages_token: '7623498176012' } });
        await run.echo({ app_id: 1517776481860111, text: 'Are you sure?' });
        expect(bot.handled).to.deep.equal(['quickReply', 'quickReply', 'postback', 'optin', 'echo']);
        expect(noUndefined(run.take())).to.deep.equal([
          ...(channel.channelId === 'facebook' ? [] : ['This sample is intended to be used with a Facebook bot.']),
          menu,
          `This message comes from the following Facebook Page: ${channel.accountId}`,
          menu,
          'Is 42 the answer to the ultimate question of Life, the Universe, and Everything? {Yes | No}',
          'Are you sure?',
          menu,
        ]);
      });
    }

    for (const withMiddleware of [false, true]) {
      const title = `15 handling-attachments: inline, internet and uploaded attachments, and a received photo${
        withMiddleware ? ' (AttachmentMiddleware)' : ''
      }`;
      it(title, async () => {
        run = runSample(channel, new AttachmentsBot(), {}, withMiddleware ? [new AttachmentMiddleware()] : []);
        // Meta cuts button titles at 20 characters, on Azure too.
        const options =
          'You can upload an image or select one of the following choices. {1. Inline Attachment | 2. Internet… | 3. Uploaded…}';
        await run.user(getStarted());
        await run.user(says('1'));
        await run.user(says('2'));
        await run.user(says('3'));
        await run.user(sendsPhoto('https://scontent.xx.fbcdn.net/v/t1.15752-9/photo_1.jpg?_nc_cat=1'));
        expect(noUndefined(run.take())).to.deep.equal([
          'Welcome to the Attachment Handling sample! Send me an attachment and I will save it.',
          'Alternatively, I can send you an attachment.',
          options,
          'Your input was not recognized, please try again.', // the Get Started postback's text, as on Azure
          options,
          'This is an inline attachment.',
          '<image 90001>',
          options,
          'This is an internet attachment.',
          `<image ${INTERNET_IMAGE}>`,
          options,
          'This is an uploaded attachment.',
          '<image 90002>',
          options,
          'Attachment "photo_1.jpg" has been received.',
          options,
        ]);
        const platform = channel.channelId === 'instagram' ? [{ name: 'platform', value: 'instagram' }] : [];
        const upload = [
          ...platform,
          { name: 'message', value: JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }) },
          { name: 'filedata', filename: IMAGE_NAME, contentType: 'image/png', value: IMAGE.toString('latin1') },
        ];
        expect(run.uploads).to.deep.equal([upload, upload]);
      });
    }
  });
}
