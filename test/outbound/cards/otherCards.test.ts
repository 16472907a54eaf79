import { CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import { fb, ig, map, messageRequest, messagesOf, template } from '../helpers';

const LOGIN = 'https://login.microsoftonline.com/';

describe('sign-in and OAuth cards', () => {
  it('maps a sign-in card to a button template with a web_url button (both platforms)', () => {
    const card = CardFactory.signinCard('BotFramework Sign-in Card', LOGIN, 'Sign-in');
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(
          context,
          template({
            template_type: 'button',
            text: 'Sign-in',
            buttons: [{ type: 'web_url', title: 'BotFramework…', url: LOGIN }],
          }),
        ),
      ]);
    }
  });

  it('uses the button title as the text of a sign-in card without text', () => {
    const card = CardFactory.signinCard('Sign in', LOGIN);
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      template({
        template_type: 'button',
        text: 'Sign in',
        buttons: [{ type: 'web_url', title: 'Sign in', url: LOGIN }],
      }),
    ]);
  });

  it('sends an OAuth card as its text (no token service on Messenger)', () => {
    const card = CardFactory.oauthCard('OAuth connection', 'Sign In', 'BotFramework OAuth Card');
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(context, { text: 'BotFramework OAuth Card' }),
      ]);
    }
    const noText = CardFactory.oauthCard('OAuth connection', 'Please sign in');
    expect(messagesOf(map(MessageFactory.attachment(noText)))).to.deep.equal([{ text: 'Please sign in' }]);
  });

  it('keeps an OAuth sign-in link when the card has one', () => {
    const card = CardFactory.oauthCard(
      'conn',
      'Sign In',
      'Please sign in',
      'https://token.example/sign-in?code=1',
    );
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      template({
        template_type: 'button',
        text: 'Please sign in',
        buttons: [{ type: 'web_url', title: 'Sign In', url: 'https://token.example/sign-in?code=1' }],
      }),
    ]);
  });
});

describe('animation, audio and video cards', () => {
  it('sends an animation card as the GIF, then its title and subtitle', () => {
    const card = CardFactory.animationCard(
      'Microsoft Bot Framework',
      [{ url: 'https://i.giphy.com/Ki55RUbOV5njy.gif' }],
      [],
      {
        subtitle: 'Animation Card',
      },
    );
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(context, {
          attachment: {
            type: 'image',
            payload: { url: 'https://i.giphy.com/Ki55RUbOV5njy.gif', is_reusable: true },
          },
        }),
        messageRequest(context, { text: 'Microsoft Bot Framework\nAnimation Card' }),
      ]);
    }
  });

  it('sends an mp4 animation as a video on the media budget', () => {
    const card = CardFactory.animationCard('Loop', ['https://media.example/loop.mp4']);
    expect(map(MessageFactory.attachment(card))).to.deep.equal([
      messageRequest(
        fb,
        {
          attachment: {
            type: 'video',
            payload: { url: 'https://media.example/loop.mp4', is_reusable: true },
          },
        },
        'media',
      ),
      messageRequest(fb, { text: 'Loop' }),
    ]);
  });

  it('sends a video card as the video, then title, subtitle, text and buttons as a button template (06 sample)', () => {
    const video =
      'https://sec.ch9.ms/ch9/783d/d57287a5-185f-4df9-aa08-fcab699a783d/IC18WorldChampionshipIntro2.mp4';
    const more =
      'https://channel9.msdn.com/Events/Imagine-Cup/World-Finals-2018/2018-Imagine-Cup-World-Championship-Intro';
    const text =
      "Microsoft's Imagine Cup has empowered student developers around the world to create and innovate on the world stage " +
      'for the past 16 years. These innovations will shape how we live, work and play.';
    const card = CardFactory.videoCard(
      '2018 Imagine Cup World Championship Intro',
      [{ url: video }],
      [{ type: 'openUrl', title: 'Lean More', value: more }],
      { subtitle: 'by Microsoft', text },
    );
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(
          context,
          { attachment: { type: 'video', payload: { url: video, is_reusable: true } } },
          'media',
        ),
        messageRequest(
          context,
          template({
            template_type: 'button',
            text: `2018 Imagine Cup World Championship Intro\nby Microsoft\n${text}`,
            buttons: [{ type: 'web_url', title: 'Lean More', url: more }],
          }),
        ),
      ]);
    }
  });

  it('sends an audio card as audio; text over 640 characters goes first as text', () => {
    const text = `${'The Empire Strikes Back is a 1980 American epic space opera film. '.repeat(10).trim()}`;
    const card = CardFactory.audioCard(
      'I am your father',
      ['https://www.mediacollege.com/downloads/sound-effects/star-wars/darthvader/darthvader_yourfather.wav'],
      [
        {
          type: 'openUrl',
          title: 'Read more',
          value: 'https://en.wikipedia.org/wiki/The_Empire_Strikes_Back',
        },
      ],
      {
        subtitle: 'Star Wars: Episode V',
        text,
        image: { url: 'https://upload.wikimedia.org/poster.jpg', alt: 'Poster' },
      },
    );
    const requests = map(MessageFactory.attachment(card));
    expect(requests[0]).to.deep.equal(
      messageRequest(
        fb,
        {
          attachment: {
            type: 'audio',
            payload: {
              url: 'https://www.mediacollege.com/downloads/sound-effects/star-wars/darthvader/darthvader_yourfather.wav',
              is_reusable: true,
            },
          },
        },
        'media',
      ),
    );
    const full = `I am your father\nStar Wars: Episode V\n${text}`;
    expect(full.length).to.be.greaterThan(640);
    const lead = (requests[1]?.body.message as { text: string } | undefined)?.text;
    const templ = requests[2]?.body.message as {
      attachment: { payload: { text: string; buttons: unknown[] } };
    };
    expect(requests).to.have.length(3);
    expect(templ.attachment.payload.text.length).to.be.at.most(640);
    expect(`${lead} ${templ.attachment.payload.text}`).to.equal(full);
    expect(templ.attachment.payload.buttons).to.deep.equal([
      { type: 'web_url', title: 'Read more', url: 'https://en.wikipedia.org/wiki/The_Empire_Strikes_Back' },
    ]);
  });
});

/** A condensed copy of 06.using-cards' resources/adaptiveCard.json, plus actions. */
const flightCard = {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.0',
  type: 'AdaptiveCard',
  speak: 'Your flight is confirmed for you and 3 other passengers from San Francisco to Amsterdam',
  body: [
    { type: 'TextBlock', text: 'Passengers', weight: 'bolder', isSubtle: false },
    { type: 'TextBlock', text: 'Sarah Hum', separator: true },
    {
      type: 'ColumnSet',
      separator: true,
      columns: [
        { type: 'Column', width: 1, items: [{ type: 'TextBlock', text: 'San Francisco', isSubtle: true }] },
        {
          type: 'Column',
          width: 'auto',
          items: [
            { type: 'TextBlock', text: ' ' },
            { type: 'Image', url: 'http://adaptivecards.io/content/airplane.png' },
          ],
        },
        { type: 'Column', width: 1, items: [{ type: 'TextBlock', text: 'Amsterdam', isSubtle: true }] },
      ],
    },
    { type: 'FactSet', facts: [{ title: 'Total', value: '$4,032.54' }] },
    { type: 'Input.Text', id: 'comment', placeholder: 'Comment' },
    {
      type: 'ActionSet',
      actions: [{ type: 'Action.OpenUrl', title: 'Details', url: 'https://airline.example/trip/42' }],
    },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Confirm', data: { action: 'confirm', trip: 42 } },
    { type: 'Action.Submit', title: 'Later' },
    { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [] } },
  ],
};

describe('adaptive cards', () => {
  it('renders TextBlocks, the first Image, OpenUrl and Submit actions, best effort (both platforms)', () => {
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(CardFactory.adaptiveCard(flightCard)), context)).to.deep.equal([
        messageRequest(context, {
          attachment: {
            type: 'image',
            payload: { url: 'http://adaptivecards.io/content/airplane.png', is_reusable: true },
          },
        }),
        messageRequest(
          context,
          template({
            template_type: 'button',
            text: 'Passengers\nSarah Hum\nSan Francisco\nAmsterdam\nTotal: $4,032.54',
            buttons: [
              { type: 'web_url', title: 'Details', url: 'https://airline.example/trip/42' },
              { type: 'postback', title: 'Confirm', payload: '{"action":"confirm","trip":42}' },
              { type: 'postback', title: 'Later', payload: '{}' },
            ],
          }),
        ),
      ]);
    }
  });

  it('sends the fallbackText of a card with nothing Messenger can show', () => {
    const card = CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Input.Date', id: 'when' }],
      fallbackText: 'Please pick a date.',
    });
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([{ text: 'Please pick a date.' }]);
  });

  it('accepts card JSON given as a string, and rejects an empty card', () => {
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: JSON.stringify({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hi' }] }),
    };
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([{ text: 'Hi' }]);
    const empty = CardFactory.adaptiveCard({ type: 'AdaptiveCard', body: [] });
    expect(() => map(MessageFactory.attachment(empty))).to.throw(
      MessengerError,
      /has no text, media or buttons/,
    );
  });
});

describe('other card types', () => {
  it('sends an Office 365 connector card as its title and text', () => {
    const card = CardFactory.o365ConnectorCard({ title: 'Build failed', text: 'main #42 failed' } as never);
    expect(messagesOf(map(MessageFactory.attachment(card), ig))).to.deep.equal([
      { text: 'Build failed\nmain #42 failed' },
    ]);
  });

  it('rejects an unknown card with no text, naming its content type', () => {
    const card = { contentType: 'application/vnd.microsoft.card.codeblock', content: { language: 'ts' } };
    expect(() => map(MessageFactory.attachment(card))).to.throw(
      MessengerError,
      /'application\/vnd.microsoft.card.codeblock'/,
    );
  });
});
