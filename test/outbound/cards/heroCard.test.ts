import { ActionTypes, AttachmentLayoutTypes, CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../../adapter/errors';
import { fb, ig, map, messageRequest, messagesOf, template } from '../helpers';

const IMAGE =
  'https://sec.ch9.ms/ch9/7ff5/e07cfef0-aa3b-40bb-9baa-7c9ef8ff7ff5/buildreactionbotframework_960.jpg';
const DOCS = 'https://docs.microsoft.com/en-us/azure/bot-service/';

function generic(...elements: Record<string, unknown>[]): Record<string, unknown> {
  return template({ template_type: 'generic', elements });
}

describe('hero and thumbnail cards', () => {
  it('maps the 06.using-cards hero card to a generic template (Messenger and Instagram)', () => {
    const card = CardFactory.heroCard(
      'BotFramework Hero Card',
      CardFactory.images([IMAGE]),
      CardFactory.actions([{ type: ActionTypes.OpenUrl, title: 'Get started', value: DOCS } as never]),
    );
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(
          context,
          generic({
            title: 'BotFramework Hero Card',
            image_url: IMAGE,
            buttons: [{ type: 'web_url', title: 'Get started', url: DOCS }],
          }),
        ),
      ]);
    }
  });

  it('sends text that overflows the 80-character subtitle first, as a text message (06 thumbnail card)', () => {
    const text =
      'Build and connect intelligent bots to interact with your users naturally wherever they are, from text/sms to ' +
      'Skype, Slack, Office 365 mail and other popular services.';
    const card = CardFactory.thumbnailCard(
      'BotFramework Thumbnail Card',
      [{ url: IMAGE }],
      [{ type: 'openUrl', title: 'Get started', value: DOCS }],
      { subtitle: 'Your bots — wherever your users are talking.', text },
    );
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(context, { text }),
        messageRequest(
          context,
          generic({
            title: 'BotFramework Thumbnail Card',
            subtitle: 'Your bots — wherever your users are talking.',
            image_url: IMAGE,
            buttons: [{ type: 'web_url', title: 'Get started', url: DOCS }],
          }),
        ),
      ]);
    }
  });

  it('joins a short subtitle and text into the element subtitle', () => {
    const card = CardFactory.heroCard('Shirt', 'Blue, size M', [IMAGE], [], { subtitle: '$20' });
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      generic({ title: 'Shirt', subtitle: '$20\nBlue, size M', image_url: IMAGE }),
    ]);
  });

  it('cuts a title over 80 characters and sends it in full before the template', () => {
    const title = `${'Very '.repeat(20)}long title`;
    const card = CardFactory.heroCard(title, [IMAGE]);
    const [intro, templ] = messagesOf(map(MessageFactory.attachment(card)));
    expect(intro).to.deep.equal({ text: title });
    const element = (templ as { attachment: { payload: { elements: { title: string }[] } } }).attachment
      .payload.elements[0];
    expect(element?.title).to.equal(`${'Very '.repeat(16).trimEnd()}…`);
    expect(element?.title.length).to.be.at.most(80);
  });

  it('uses a button template for a card without an image but with buttons', () => {
    const card = CardFactory.heroCard('Pick a size', 'Our shirts run small.', [], ['S', 'M', 'L']);
    for (const context of [fb, ig]) {
      expect(map(MessageFactory.attachment(card), context)).to.deep.equal([
        messageRequest(
          context,
          template({
            template_type: 'button',
            text: 'Pick a size\nOur shirts run small.',
            buttons: [
              { type: 'postback', title: 'S', payload: 'S' },
              { type: 'postback', title: 'M', payload: 'M' },
              { type: 'postback', title: 'L', payload: 'L' },
            ],
          }),
        ),
      ]);
    }
  });

  it('splits 4+ buttons of an image card into further elements, never dropping one', () => {
    const card = CardFactory.heroCard('Menu', [IMAGE], ['One', 'Two', 'Three', 'Four', 'Five']);
    const button = (title: string) => ({ type: 'postback', title, payload: title });
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      generic(
        { title: 'Menu', image_url: IMAGE, buttons: [button('One'), button('Two'), button('Three')] },
        { title: 'Menu', buttons: [button('Four'), button('Five')] },
      ),
    ]);
  });

  it('splits 4+ buttons of an image-less card into further button templates titled by the card', () => {
    const card = CardFactory.heroCard('Menu', 'What would you like?', [], ['One', 'Two', 'Three', 'Four']);
    const button = (title: string) => ({ type: 'postback', title, payload: title });
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      template({
        template_type: 'button',
        text: 'Menu\nWhat would you like?',
        buttons: [button('One'), button('Two'), button('Three')],
      }),
      template({ template_type: 'button', text: 'Menu', buttons: [button('Four')] }),
    ]);
  });

  it('sends 11 cards as a carousel of 10 and a second of 1', () => {
    const cards = Array.from({ length: 11 }, (_, i) =>
      CardFactory.heroCard(
        `Item ${i + 1}`,
        [`https://shop.example/${i + 1}.png`],
        [{ type: 'postBack', title: 'Buy', value: `BUY_${i + 1}` }],
      ),
    );
    const element = (i: number) => ({
      title: `Item ${i + 1}`,
      image_url: `https://shop.example/${i + 1}.png`,
      buttons: [{ type: 'postback', title: 'Buy', payload: `BUY_${i + 1}` }],
    });
    for (const context of [fb, ig]) {
      const requests = map(MessageFactory.carousel(cards), context);
      expect(requests).to.deep.equal([
        messageRequest(context, generic(...Array.from({ length: 10 }, (_, i) => element(i)))),
        messageRequest(context, generic(element(10))),
      ]);
    }
  });

  it('groups several cards into one carousel also with the list layout, in order', () => {
    const activity = MessageFactory.list([
      CardFactory.heroCard('A', [IMAGE]),
      CardFactory.thumbnailCard('B', [IMAGE]),
    ]);
    expect(activity.attachmentLayout).to.equal(AttachmentLayoutTypes.List);
    expect(messagesOf(map(activity))).to.deep.equal([
      generic({ title: 'A', image_url: IMAGE }, { title: 'B', image_url: IMAGE }),
    ]);
  });

  it('in a carousel, prefixes overflowing text with its card title', () => {
    const long = 'word '.repeat(30).trim();
    const activity = MessageFactory.carousel([
      CardFactory.heroCard('First', long, [IMAGE]),
      CardFactory.heroCard('Second', 'short', [IMAGE]),
    ]);
    expect(messagesOf(map(activity))).to.deep.equal([
      { text: `First\n\n${long}` },
      generic({ title: 'First', image_url: IMAGE }, { title: 'Second', subtitle: 'short', image_url: IMAGE }),
    ]);
  });

  it('keeps card order when a text-only card or another card type sits inside the carousel', () => {
    const activity = MessageFactory.carousel([
      CardFactory.heroCard('A', [IMAGE]),
      CardFactory.heroCard('B', [IMAGE]),
      CardFactory.videoCard('Clip', ['https://media.example/clip.mp4']),
      CardFactory.heroCard('Just text'),
      CardFactory.heroCard('C', [IMAGE]),
    ]);
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, generic({ title: 'A', image_url: IMAGE }, { title: 'B', image_url: IMAGE })),
      messageRequest(
        fb,
        {
          attachment: {
            type: 'video',
            payload: { url: 'https://media.example/clip.mp4', is_reusable: true },
          },
        },
        'media',
      ),
      messageRequest(fb, { text: 'Clip' }),
      messageRequest(fb, { text: 'Just text' }),
      messageRequest(fb, generic({ title: 'C', image_url: IMAGE })),
    ]);
  });

  it('maps a link tap to default_action and keeps a postBack tap as the first button', () => {
    const linked = CardFactory.heroCard('Shoe', [IMAGE], [], {
      tap: { type: 'openUrl', title: 'Open', value: 'https://shop.example/shoe' },
    });
    expect(messagesOf(map(MessageFactory.attachment(linked)))).to.deep.equal([
      generic({
        title: 'Shoe',
        image_url: IMAGE,
        default_action: { type: 'web_url', url: 'https://shop.example/shoe' },
      }),
    ]);
    const posting = CardFactory.heroCard('Shoe', [IMAGE], ['Buy'], {
      tap: { type: 'postBack', title: 'Details', value: 'SHOE_DETAILS' },
    });
    expect(messagesOf(map(MessageFactory.attachment(posting)))).to.deep.equal([
      generic({
        title: 'Shoe',
        image_url: IMAGE,
        buttons: [
          { type: 'postback', title: 'Details', payload: 'SHOE_DETAILS' },
          { type: 'postback', title: 'Buy', payload: 'Buy' },
        ],
      }),
    ]);
  });

  it('makes a link tap the first button of an image-less card, and a tap-only card an element', () => {
    const card = CardFactory.heroCard('Docs', 'Read them', [], ['Thanks'], {
      tap: { type: 'openUrl', title: '', value: DOCS },
    });
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      template({
        template_type: 'button',
        text: 'Docs\nRead them',
        buttons: [
          { type: 'web_url', title: 'Docs', url: DOCS },
          { type: 'postback', title: 'Thanks', payload: 'Thanks' },
        ],
      }),
    ]);
    const tapOnly = CardFactory.heroCard('Docs', 'Read them', [], [], {
      tap: { type: 'openUrl', title: '', value: DOCS },
    });
    expect(messagesOf(map(MessageFactory.attachment(tapOnly)))).to.deep.equal([
      generic({ title: 'Docs', subtitle: 'Read them', default_action: { type: 'web_url', url: DOCS } }),
    ]);
  });

  it('sends an image-only card as an image and a text-only card as text', () => {
    expect(messagesOf(map(MessageFactory.attachment(CardFactory.heroCard('', [IMAGE]))))).to.deep.equal([
      { attachment: { type: 'image', payload: { url: IMAGE, is_reusable: true } } },
    ]);
    expect(messagesOf(map(MessageFactory.attachment(CardFactory.heroCard('Title', 'Body'))))).to.deep.equal([
      { text: 'Title\nBody' },
    ]);
  });

  it('uses the text as the title of a card without one', () => {
    const card = CardFactory.heroCard('', 'Only text here', [IMAGE]);
    expect(messagesOf(map(MessageFactory.attachment(card)))).to.deep.equal([
      generic({ title: 'Only text here', image_url: IMAGE }),
    ]);
  });

  it('maps every CardAction type to its button (call as text on Instagram)', () => {
    const card = CardFactory.heroCard(
      'Actions',
      [IMAGE],
      [
        { type: 'signin', title: 'Sign in', value: 'https://login.example/' },
        { type: 'downloadFile', title: 'Manual', value: 'https://files.example/manual.pdf' },
        { type: 'showImage', title: 'Zoom', value: 'https://files.example/big.png' },
        { type: 'playAudio', title: 'Listen', value: 'https://files.example/a.mp3' },
        { type: 'playVideo', title: 'Watch', value: 'https://files.example/v.mp4' },
        { type: 'messageBack', title: 'Ack', value: { ok: true }, text: 'ack' },
        { type: 'call', title: 'Call', value: 'tel:+15105551234' },
      ],
    );
    const [fbTemplate] = messagesOf(map(MessageFactory.attachment(card), fb));
    expect(fbTemplate).to.deep.equal(
      generic(
        {
          title: 'Actions',
          image_url: IMAGE,
          buttons: [
            { type: 'web_url', title: 'Sign in', url: 'https://login.example/' },
            { type: 'web_url', title: 'Manual', url: 'https://files.example/manual.pdf' },
            { type: 'web_url', title: 'Zoom', url: 'https://files.example/big.png' },
          ],
        },
        {
          title: 'Actions',
          buttons: [
            { type: 'web_url', title: 'Listen', url: 'https://files.example/a.mp3' },
            { type: 'web_url', title: 'Watch', url: 'https://files.example/v.mp4' },
            { type: 'postback', title: 'Ack', payload: '{"ok":true}' },
          ],
        },
        { title: 'Actions', buttons: [{ type: 'phone_number', title: 'Call', payload: '+15105551234' }] },
      ),
    );
    const [igTemplate] = messagesOf(map(MessageFactory.attachment(card), ig));
    const elements = (igTemplate as { attachment: { payload: { elements: Record<string, unknown>[] } } })
      .attachment.payload.elements;
    expect(elements).to.have.length(2);
    expect(elements[0]?.subtitle).to.equal('Call: +15105551234');
  });

  it('rejects a card image that is not an http(s) URL, and an unknown action type', () => {
    const inline = CardFactory.heroCard('Pic', ['data:image/png;base64,iVBORw0KGgo=']);
    expect(() => map(MessageFactory.attachment(inline))).to.throw(
      MessengerError,
      /image must be an http\(s\) URL/,
    );
    const payment = CardFactory.heroCard('Pay', [IMAGE], [{ type: 'payment', title: 'Pay', value: {} }]);
    expect(() => map(MessageFactory.attachment(payment))).to.throw(
      MessengerError,
      /CardAction type 'payment'/,
    );
    const relative = CardFactory.heroCard(
      'Go',
      [IMAGE],
      [{ type: 'openUrl', title: 'Go', value: '/relative' }],
    );
    expect(() => map(MessageFactory.attachment(relative))).to.throw(MessengerError, /needs an http\(s\) URL/);
  });

  it('rejects a malformed card naming the field', () => {
    const broken = { contentType: 'application/vnd.microsoft.card.hero', content: { title: 42 } };
    expect(() => map(MessageFactory.attachment(broken))).to.throw(
      MessengerError,
      /hero card attachment is malformed at 'title'/,
    );
  });
});
