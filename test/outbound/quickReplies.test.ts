import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { fb, ig, map, messageRequest, template } from './helpers';

describe('suggested actions -> quick replies', () => {
  it('maps a ChoicePrompt-style imBack list to quick replies on the text (Messenger and Instagram)', () => {
    const activity = MessageFactory.suggestedActions(
      ['Car', 'Bus', 'Bicycle'],
      'Please enter your mode of transport.',
    );
    for (const context of [fb, ig]) {
      expect(map(activity, context)).to.deep.equal([
        messageRequest(context, {
          text: 'Please enter your mode of transport.',
          quick_replies: [
            { content_type: 'text', title: 'Car', payload: 'Car' },
            { content_type: 'text', title: 'Bus', payload: 'Bus' },
            { content_type: 'text', title: 'Bicycle', payload: 'Bicycle' },
          ],
        }),
      ]);
    }
  });

  it('uses postBack values as payloads and action images as image_url on Messenger only (sample 08)', () => {
    const actions = [
      {
        type: ActionTypes.PostBack,
        title: 'Red',
        value: 'Red',
        image: 'https://placehold.co/32x32/FF0000/FF0000.png',
      },
      {
        type: ActionTypes.PostBack,
        title: 'Yellow',
        value: 'Yellow',
        image: 'https://placehold.co/32x32/FFFF00/FFFF00.png',
      },
    ];
    const activity = MessageFactory.suggestedActions(actions, 'What is your favorite color?');
    expect(map(activity, fb)).to.deep.equal([
      messageRequest(fb, {
        text: 'What is your favorite color?',
        quick_replies: [
          {
            content_type: 'text',
            title: 'Red',
            payload: 'Red',
            image_url: 'https://placehold.co/32x32/FF0000/FF0000.png',
          },
          {
            content_type: 'text',
            title: 'Yellow',
            payload: 'Yellow',
            image_url: 'https://placehold.co/32x32/FFFF00/FFFF00.png',
          },
        ],
      }),
    ]);
    expect(map(activity, ig)).to.deep.equal([
      messageRequest(ig, {
        text: 'What is your favorite color?',
        quick_replies: [
          { content_type: 'text', title: 'Red', payload: 'Red' },
          { content_type: 'text', title: 'Yellow', payload: 'Yellow' },
        ],
      }),
    ]);
  });

  it('JSON-stringifies object values and falls back to the messageBack text', () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: ActionTypes.MessageBack, title: 'Buy', value: { sku: 42, qty: 1 }, text: 'buy' },
        { type: ActionTypes.MessageBack, title: 'Help', text: 'help me', value: undefined },
        { type: ActionTypes.PostBack, title: 'Count', value: 3 },
      ],
      'Now?',
    );
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, {
        text: 'Now?',
        quick_replies: [
          { content_type: 'text', title: 'Buy', payload: '{"sku":42,"qty":1}' },
          { content_type: 'text', title: 'Help', payload: 'help me' },
          { content_type: 'text', title: 'Count', payload: '3' },
        ],
      }),
    ]);
  });

  it('truncates titles to 20 characters with care but keeps the full value as payload', () => {
    const activity = MessageFactory.suggestedActions(
      ['Extra large pepperoni pizza', 'Ok 👍🏽👍🏽👍🏽👍🏽👍🏽'],
      'Order?',
    );
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, {
        text: 'Order?',
        quick_replies: [
          { content_type: 'text', title: 'Extra large…', payload: 'Extra large pepperoni pizza' },
          { content_type: 'text', title: 'Ok 👍🏽👍🏽👍🏽👍🏽…', payload: 'Ok 👍🏽👍🏽👍🏽👍🏽👍🏽' },
        ],
      }),
    ]);
  });

  it('with more than 13 choices sends a numbered list of all of them plus the first 13 as quick replies', () => {
    const choices = Array.from({ length: 15 }, (_, i) => `Option ${i + 1}`);
    const activity = MessageFactory.suggestedActions(choices, 'Pick one');
    const list = choices.map((choice, i) => `${i + 1}. ${choice}`).join('\n');
    for (const context of [fb, ig]) {
      expect(map(activity, context)).to.deep.equal([
        messageRequest(context, {
          text: `Pick one\n\n${list}`,
          quick_replies: choices
            .slice(0, 13)
            .map((choice) => ({ content_type: 'text', title: choice, payload: choice })),
        }),
      ]);
    }
  });

  it('puts quick replies on the last part of a long text only', () => {
    const text = `${'a'.repeat(1500)} ${'b'.repeat(1500)}`;
    const requests = map(MessageFactory.suggestedActions(['Yes', 'No'], text));
    expect(requests).to.deep.equal([
      messageRequest(fb, { text: 'a'.repeat(1500) }),
      messageRequest(fb, {
        text: 'b'.repeat(1500),
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: 'Yes' },
          { content_type: 'text', title: 'No', payload: 'No' },
        ],
      }),
    ]);
  });

  it('puts quick replies on the last attachment when the activity also has cards', () => {
    const card = CardFactory.heroCard('Shirt', ['https://shop.example/shirt.png']);
    const activity = { ...MessageFactory.suggestedActions(['More'], 'Here it is'), attachments: [card] };
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, { text: 'Here it is' }),
      messageRequest(fb, {
        ...template({
          template_type: 'generic',
          elements: [{ title: 'Shirt', image_url: 'https://shop.example/shirt.png' }],
        }),
        quick_replies: [{ content_type: 'text', title: 'More', payload: 'More' }],
      }),
    ]);
  });

  it('renders openUrl and call suggestions as buttons with the text, not as quick replies', () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: ActionTypes.ImBack, title: 'Menu', value: 'menu' },
        { type: ActionTypes.OpenUrl, title: 'Website', value: 'https://shop.example/' },
        { type: ActionTypes.Call, title: 'Call us', value: 'tel:+15105551234' },
      ],
      'How can we help?',
    );
    expect(map(activity, fb)).to.deep.equal([
      messageRequest(fb, {
        ...template({
          template_type: 'button',
          text: 'How can we help?',
          buttons: [
            { type: 'web_url', title: 'Website', url: 'https://shop.example/' },
            { type: 'phone_number', title: 'Call us', payload: '+15105551234' },
          ],
        }),
        quick_replies: [{ content_type: 'text', title: 'Menu', payload: 'menu' }],
      }),
    ]);
    // Instagram has no call button: the number goes into the text.
    expect(map(activity, ig)).to.deep.equal([
      messageRequest(ig, {
        ...template({
          template_type: 'button',
          text: 'How can we help?\n\nCall us: +15105551234',
          buttons: [{ type: 'web_url', title: 'Website', url: 'https://shop.example/' }],
        }),
        quick_replies: [{ content_type: 'text', title: 'Menu', payload: 'menu' }],
      }),
    ]);
  });

  it('rejects quick replies with no text and no attachment (Messenger cannot show them)', () => {
    const activity = MessageFactory.suggestedActions(['Red', 'Blue']);
    expect(() => map(activity)).to.throw(
      MessengerError,
      /quick replies .* only with a text or an attachment/,
    );
  });

  it('rejects a payload over 1000 characters instead of cutting it', () => {
    const activity = MessageFactory.suggestedActions(
      [{ type: 'postBack', title: 'Big', value: 'x'.repeat(1001) }],
      'Go',
    );
    try {
      map(activity);
      expect.fail('should throw');
    } catch (error) {
      expect(MessengerError.is(error, 'NOT_SUPPORTED')).to.equal(true);
      expect((error as MessengerError).message).to.match(/1001 characters; Messenger takes at most 1000/);
    }
  });
});
