import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import type { OutboundRequest } from '../../adapter/outbound';
import { fb, IGSID, ig, map, messageRequest, PSID } from './helpers';

/** Checks every Meta limit the mapping promises on the requests it produced. */
function assertWithinMetaLimits(
  requests: readonly OutboundRequest[],
  channel: 'facebook' | 'instagram',
): void {
  for (const request of requests) {
    const message = request.body.message as Record<string, unknown> | undefined;
    if (!message) continue;
    if (typeof message.text === 'string') {
      if (channel === 'facebook') expect(message.text.length).to.be.lessThan(2000);
      else expect(Buffer.byteLength(message.text)).to.be.at.most(1000);
    }
    const replies = (message.quick_replies ?? []) as { title: string }[];
    expect(replies.length).to.be.at.most(13);
    for (const reply of replies) expect(reply.title.length).to.be.at.most(20);
    const attachment = message.attachment as { type: string; payload: Record<string, unknown> } | undefined;
    if (attachment?.type !== 'template') continue;
    const payload = attachment.payload;
    const buttonsOf = (value: unknown) => (value ?? []) as { title: string; type: string }[];
    if (payload.template_type === 'generic') {
      const elements = payload.elements as Record<string, unknown>[];
      expect(elements.length).to.be.within(1, 10);
      for (const element of elements) {
        expect((element.title as string).length).to.be.within(1, 80);
        expect(((element.subtitle as string | undefined) ?? '').length).to.be.at.most(80);
        expect(Object.keys(element).length, 'title plus one more property').to.be.at.least(2);
        expect(buttonsOf(element.buttons).length).to.be.at.most(3);
        for (const button of buttonsOf(element.buttons)) expect(button.title.length).to.be.at.most(20);
      }
    } else if (payload.template_type === 'button') {
      expect((payload.text as string).length).to.be.within(1, 640);
      expect(buttonsOf(payload.buttons).length).to.be.within(1, 3);
    } else {
      expect(channel, 'receipt template only on Messenger').to.equal('facebook');
      expect(payload.template_type).to.equal('receipt');
    }
    if (channel === 'instagram') {
      const all = [
        ...buttonsOf(payload.buttons),
        ...((payload.elements ?? []) as { buttons?: unknown }[]).flatMap((e) => buttonsOf(e.buttons)),
      ];
      for (const button of all) expect(['web_url', 'postback']).to.include(button.type);
    }
  }
}

describe('activityToSendRequests', () => {
  it('maps plain text (type defaulting to message) on both platforms', () => {
    expect(map({ text: 'Echo: hi' }, fb)).to.deep.equal([messageRequest(fb, { text: 'Echo: hi' })]);
    expect(map(MessageFactory.text('Echo: hi', 'Echo: hi'), ig)).to.deep.equal([
      messageRequest(ig, { text: 'Echo: hi' }),
    ]);
  });

  it('maps typing to one typing_on sender action (with a persona when set)', () => {
    expect(map({ type: 'typing' })).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: PSID }, sender_action: 'typing_on' },
      },
    ]);
    expect(map({ type: 'typing', channelData: { persona_id: '42' } }, ig)).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: IGSID }, sender_action: 'typing_on', persona_id: '42' },
      },
    ]);
  });

  it('sends nothing for trace and endOfConversation activities', () => {
    expect(map({ type: 'trace', name: 'Bot State', value: {} })).to.deep.equal([]);
    expect(map({ type: 'endOfConversation' })).to.deep.equal([]);
  });

  it('leaves delay, event and other types to the adapter with a clear error', () => {
    for (const type of ['delay', 'event', 'invokeResponse', 'conversationUpdate', 'handoff']) {
      try {
        map({ type, name: 'handoff.initiate', value: 500 });
        expect.fail(`${type} should throw`);
      } catch (error) {
        expect(MessengerError.is(error, 'NOT_SUPPORTED'), type).to.equal(true);
        expect((error as MessengerError).message).to.include(`'${type}' activity has no Send API form`);
      }
    }
  });

  it('rejects a message with nothing to show instead of dropping it', () => {
    expect(() => map({ type: 'message' })).to.throw(MessengerError, /nothing Messenger can show/);
    expect(() => map({ type: 'message', text: '   ', speak: 'hello' })).to.throw(
      MessengerError,
      /nothing Messenger can show/,
    );
  });

  it('rejects link suggestions without any text to show them under', () => {
    const activity = MessageFactory.suggestedActions([
      { type: ActionTypes.OpenUrl, title: 'Site', value: 'https://x.example' },
    ]);
    expect(() => map(activity)).to.throw(MessengerError, /buttons only under some text/);
  });

  it('ignores blank text next to an attachment', () => {
    const activity = MessageFactory.attachment(
      { contentType: 'image/png', contentUrl: 'https://cdn.example/a.png' },
      '  ',
    );
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, {
        attachment: { type: 'image', payload: { url: 'https://cdn.example/a.png', is_reusable: true } },
      }),
    ]);
  });

  describe('06.using-cards "All Cards" carousel', () => {
    const cards = [
      CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        version: '1.0',
        body: [{ type: 'TextBlock', text: 'Passengers' }],
      }),
      CardFactory.animationCard(
        'Microsoft Bot Framework',
        [{ url: 'https://i.giphy.com/Ki55RUbOV5njy.gif' }],
        [],
        { subtitle: 'Animation Card' },
      ),
      CardFactory.audioCard(
        'I am your father',
        [
          'https://www.mediacollege.com/downloads/sound-effects/star-wars/darthvader/darthvader_yourfather.wav',
        ],
        [
          {
            type: 'openUrl',
            title: 'Read more',
            value: 'https://en.wikipedia.org/wiki/The_Empire_Strikes_Back',
          },
        ],
        { subtitle: 'Star Wars: Episode V - The Empire Strikes Back' },
      ),
      CardFactory.heroCard(
        'BotFramework Hero Card',
        ['https://sec.ch9.ms/ch9/7ff5/e07cfef0/buildreactionbotframework_960.jpg'],
        [
          {
            type: 'openUrl',
            title: 'Get started',
            value: 'https://docs.microsoft.com/en-us/azure/bot-service/',
          },
        ],
      ),
      CardFactory.oauthCard('OAuth connection', 'Sign In', 'BotFramework OAuth Card'),
      CardFactory.receiptCard({
        title: 'John Doe',
        facts: [
          { key: 'Order Number', value: '1234' },
          { key: 'Payment Method', value: 'VISA 5555-****' },
        ],
        items: [{ title: 'Data Transfer', price: '$38.45', quantity: '368' }],
        total: '$90.95',
        tax: '$7.50',
        buttons: [
          {
            type: 'openUrl',
            title: 'More information',
            value: 'https://azure.microsoft.com/en-us/pricing/details/bot-service/',
          },
        ],
      } as never),
      CardFactory.signinCard('BotFramework Sign-in Card', 'https://login.microsoftonline.com/', 'Sign-in'),
      CardFactory.thumbnailCard(
        'BotFramework Thumbnail Card',
        ['https://sec.ch9.ms/ch9/7ff5/e07cfef0/buildreactionbotframework_960.jpg'],
        [
          {
            type: 'openUrl',
            title: 'Get started',
            value: 'https://docs.microsoft.com/en-us/azure/bot-service/',
          },
        ],
        {
          subtitle: 'Your bots — wherever your users are talking.',
          text: 'Build and connect intelligent bots to interact with your users naturally wherever they are, from text/sms to Skype, Slack, Office 365 mail and other popular services.',
        },
      ),
      CardFactory.videoCard(
        '2018 Imagine Cup World Championship Intro',
        [{ url: 'https://sec.ch9.ms/ch9/783d/IC18WorldChampionshipIntro2.mp4' }],
        [{ type: 'openUrl', title: 'Lean More', value: 'https://channel9.msdn.com/Events/Imagine-Cup' }],
        { subtitle: 'by Microsoft' },
      ),
    ];

    function shapeOf(request: OutboundRequest): string {
      const message = request.body.message as {
        text?: string;
        attachment?: { type: string; payload: { template_type?: string } };
      };
      if (message.text !== undefined) return 'text';
      return message.attachment?.type === 'template'
        ? `${message.attachment.payload.template_type}`
        : `${message.attachment?.type}`;
    }

    it('renders every card, in order, within Meta limits (Messenger)', () => {
      const requests = map(MessageFactory.carousel(cards), fb);
      expect(requests.map(shapeOf)).to.deep.equal([
        'text', // adaptive: TextBlock
        'image',
        'text', // animation
        'audio',
        'button', // audio + follow-up with its button
        'generic', // hero
        'text', // oauth
        'receipt',
        'button', // receipt + its button
        'button', // sign-in
        'text',
        'generic', // thumbnail: overflowing text, then the element
        'video',
        'button', // video
      ]);
      assertWithinMetaLimits(requests, 'facebook');
      expect(requests.filter((request) => request.budget === 'media')).to.have.length(2);
    });

    it('renders every card, in order, within Instagram limits (receipt as text)', () => {
      const requests = map(MessageFactory.carousel(cards), ig);
      expect(requests.map(shapeOf)).to.deep.equal([
        'text',
        'image',
        'text',
        'audio',
        'button',
        'generic',
        'text',
        'button',
        'button',
        'text',
        'generic',
        'video',
        'button',
      ]);
      assertWithinMetaLimits(requests, 'instagram');
    });
  });
});
