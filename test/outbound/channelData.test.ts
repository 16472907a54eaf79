import { CardFactory, MessageFactory } from 'botbuilder';
import { expect } from 'chai';
import { MessengerError } from '../../adapter/errors';
import { activityToSendRequests } from '../../adapter/outbound';
import { readSendOptions } from '../../adapter/outbound/channelData';
import { fb, ig, map, messageRequest, PSID, template } from './helpers';

describe('channelData passthrough', () => {
  it('passes messaging_type, tag, notification_type, persona_id and metadata to every message', () => {
    const activity = {
      ...MessageFactory.text(`${'a'.repeat(1500)} ${'b'.repeat(1000)}`),
      channelData: {
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        notification_type: 'SILENT_PUSH',
        persona_id: '1234567',
        metadata: 'agent:ana',
      },
    };
    const envelope = {
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      notification_type: 'SILENT_PUSH',
      persona_id: '1234567',
    };
    expect(map(activity)).to.deep.equal([
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          ...envelope,
          message: { text: 'a'.repeat(1500), metadata: 'agent:ana' },
        },
      },
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          ...envelope,
          message: { text: 'b'.repeat(1000), metadata: 'agent:ana' },
        },
      },
    ]);
  });

  it('uses the context messaging type, channelData.messaging_type over it, and MESSAGE_TAG for a bare tag', () => {
    const proactive = { ...fb, messagingType: 'UPDATE' as const };
    expect(map(MessageFactory.text('Your order shipped'), proactive)[0]?.body.messaging_type).to.equal(
      'UPDATE',
    );
    expect(
      map({ ...MessageFactory.text('x'), channelData: { messaging_type: 'UPDATE' } })[0]?.body.messaging_type,
    ).to.equal('UPDATE');
    const tagged = map({ ...MessageFactory.text('x'), channelData: { tag: 'HUMAN_AGENT' } })[0]?.body;
    expect(tagged).to.deep.include({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it("reads Azure's nested channelData.facebook, with the top level winning", () => {
    const activity = {
      ...MessageFactory.text('Hi'),
      channelData: {
        notification_type: 'NO_PUSH',
        facebook: { notification_type: 'REGULAR', persona_id: '77' },
      },
    };
    expect(map(activity)[0]?.body).to.deep.equal({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      notification_type: 'NO_PUSH',
      persona_id: '77',
      message: { text: 'Hi' },
    });
  });

  it('on Instagram reads channelData.instagram over channelData.facebook', () => {
    expect(
      readSendOptions(
        { facebook: { persona_id: '1', metadata: 'fb' }, instagram: { metadata: 'ig' } },
        'instagram',
      ),
    ).to.deep.equal({
      persona_id: '1',
      metadata: 'ig',
    });
    expect(readSendOptions({ instagram: { metadata: 'ig' } }, 'facebook')).to.deep.equal({});
    expect(readSendOptions(undefined, 'facebook')).to.deep.equal({});
  });

  it('quotes only with channelData.reply_to (string or { mid }), on the first message, not because of replyToId', () => {
    const reply = { ...MessageFactory.text('Yes'), replyToId: 'm_incoming' };
    expect(map(reply)).to.deep.equal([messageRequest(fb, { text: 'Yes' })]);
    const quoted = {
      ...MessageFactory.attachment(
        CardFactory.heroCard('T', 'a'.repeat(200), ['https://x.example/i.png']),
        'Sure',
      ),
      channelData: { reply_to: 'm_ORIGINAL' },
    };
    const requests = map(quoted);
    expect(requests).to.have.length(3);
    expect(requests.map((request) => request.body.reply_to)).to.deep.equal([
      { mid: 'm_ORIGINAL' },
      undefined,
      undefined,
    ]);
    expect(
      map({ ...MessageFactory.text('x'), channelData: { reply_to: { mid: 'm_2' } } })[0]?.body.reply_to,
    ).to.deep.equal({ mid: 'm_2' });
  });

  it('lets channelData.attachment replace the mapped attachments (Azure receipt example)', () => {
    const receipt = {
      type: 'template',
      payload: {
        template_type: 'receipt',
        recipient_name: 'Stephane Crozatier',
        order_number: '12345678902',
        currency: 'USD',
        payment_method: 'Visa 2345',
        summary: { total_cost: 56.14 },
      },
    };
    const activity = {
      ...MessageFactory.attachment(CardFactory.heroCard('ignored'), 'Your receipt'),
      channelData: { notification_type: 'NO_PUSH', attachment: receipt },
    };
    expect(map(activity)).to.deep.equal([
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          messaging_type: 'RESPONSE',
          notification_type: 'NO_PUSH',
          message: { text: 'Your receipt' },
        },
      },
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          messaging_type: 'RESPONSE',
          notification_type: 'NO_PUSH',
          message: { attachment: receipt },
        },
      },
    ]);
    const video = {
      ...MessageFactory.text(''),
      channelData: { attachment: { type: 'video', payload: { url: 'https://cdn.example/v.mp4' } } },
    };
    expect(map(video, ig)).to.deep.equal([
      messageRequest(
        ig,
        { attachment: { type: 'video', payload: { url: 'https://cdn.example/v.mp4' } } },
        'media',
      ),
    ]);
  });

  it('lets channelData.quick_replies replace the mapped quick replies', () => {
    const activity = {
      ...MessageFactory.suggestedActions(['Red'], 'Where can we reach you?'),
      channelData: { quick_replies: [{ content_type: 'user_email' }, { content_type: 'user_phone_number' }] },
    };
    expect(map(activity)).to.deep.equal([
      messageRequest(fb, {
        text: 'Where can we reach you?',
        quick_replies: [{ content_type: 'user_email' }, { content_type: 'user_phone_number' }],
      }),
    ]);
  });

  it('sends channelData.sender_action as its own request before the messages', () => {
    const activity = {
      ...MessageFactory.text('Done'),
      channelData: { sender_action: 'mark_seen', persona_id: '9' },
    };
    expect(map(activity)).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: PSID }, sender_action: 'mark_seen' },
      },
      {
        kind: 'message',
        budget: 'text',
        body: {
          recipient: { id: PSID },
          messaging_type: 'RESPONSE',
          persona_id: '9',
          message: { text: 'Done' },
        },
      },
    ]);
    const only = { type: 'message', channelData: { sender_action: 'typing_off' } };
    expect(map(only, ig)).to.deep.equal([
      {
        kind: 'sender_action',
        budget: 'text',
        body: { recipient: { id: ig.recipientId }, sender_action: 'typing_off' },
      },
    ]);
  });

  it('ignores other channelData keys, such as a copied inbound event', () => {
    const activity = {
      ...MessageFactory.text('Echo'),
      channelData: { sender: { id: PSID }, message: { mid: 'm_1', text: 'hi' }, humanAgent: true },
    };
    expect(map(activity)).to.deep.equal([messageRequest(fb, { text: 'Echo' })]);
  });

  it('rejects values the Send API does not accept, naming the key', () => {
    const bad = (channelData: unknown) => () => map({ ...MessageFactory.text('x'), channelData });
    expect(bad({ notification_type: 'LOUD' })).to.throw(MessengerError, /channelData\.notification_type/);
    expect(bad({ messaging_type: 'NOW' })).to.throw(MessengerError, /channelData\.messaging_type/);
    expect(bad({ metadata: 'm'.repeat(1000) })).to.throw(MessengerError, /channelData\.metadata/);
    expect(bad({ facebook: { sender_action: 'dance' } })).to.throw(
      MessengerError,
      /channelData\.sender_action/,
    );
    expect(bad({ quick_replies: Array.from({ length: 14 }, () => ({ content_type: 'text' })) })).to.throw(
      MessengerError,
      /quick_replies/,
    );
    try {
      bad({ reply_to: 42 })();
      expect.fail('should throw');
    } catch (error) {
      expect(MessengerError.is(error, 'NOT_SUPPORTED')).to.equal(true);
      expect((error as MessengerError).details).to.deep.equal({ key: 'reply_to' });
    }
  });

  it('keeps template attachments as given and puts the attachment after the text', () => {
    const button = {
      type: 'template',
      payload: {
        template_type: 'button',
        text: 'Go',
        buttons: [{ type: 'web_url', url: 'https://x.example', title: 'X' }],
      },
    };
    expect(map({ type: 'message', channelData: { facebook: { attachment: button } } })).to.deep.equal([
      messageRequest(fb, { attachment: button }),
    ]);
    expect(template({ a: 1 })).to.deep.equal({ attachment: { type: 'template', payload: { a: 1 } } });
  });
});

describe('channelData.thread_control', () => {
  it('passes the thread with the last message of a split text only', () => {
    const requests = activityToSendRequests(
      {
        type: 'message',
        text: `${'word '.repeat(450)}end`,
        channelData: { thread_control: { app_id: '263902037430900', control_type: 'pass' } },
      },
      { channelId: 'facebook', recipientId: '6780462125377510', messagingType: 'RESPONSE' },
    );
    expect(requests.length).to.be.greaterThan(1);
    expect(requests.map((r) => r.body.thread_control)).to.deep.equal([
      ...requests.slice(0, -1).map(() => undefined),
      { app_id: '263902037430900', control_type: 'pass' },
    ]);
  });
});
