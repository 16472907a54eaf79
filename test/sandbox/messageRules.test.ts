import { expect } from 'chai';
import { GraphFailure } from '../../sandbox/graph/graphErrors';
import { checkMessage, type MessageContext } from '../../sandbox/graph/messageRules';

const messenger: MessageContext = { platform: 'messenger', hasAttachment: (id) => id === '1857777774821032' };
const instagram: MessageContext = { ...messenger, platform: 'instagram' };

function failure(message: unknown, context = messenger): GraphFailure {
  try {
    checkMessage(message, context);
  } catch (error) {
    if (error instanceof GraphFailure) return error;
    throw error;
  }
  expect.fail('expected a Graph error');
}

const quickReplies = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    content_type: 'text',
    title: `Option ${i + 1}`,
    payload: `OPT_${i + 1}`,
  }));
const button = (i: number) => ({ type: 'postback', title: `B${i}`, payload: `P${i}` });
const generic = (elements: unknown[]) => ({
  attachment: { type: 'template', payload: { template_type: 'generic', elements } },
});

describe('sandbox Send API content limits (reference section 3, "Limits")', () => {
  it('accepts Messenger text of 1999 characters and refuses 2000', () => {
    expect(() => checkMessage({ text: 'a'.repeat(1999) }, messenger)).not.to.throw();
    const long = failure({ text: 'a'.repeat(2000) });
    expect(long.error).to.deep.include({
      code: 100,
      message: '(#100) Param message[text] must be less than 2000 characters',
    });
  });

  it('counts Instagram text in UTF-8 bytes: 1000 bytes pass, 1001 fail', () => {
    expect(() => checkMessage({ text: 'a'.repeat(1000) }, instagram)).not.to.throw();
    expect(() => checkMessage({ text: 'é'.repeat(500) }, instagram)).not.to.throw();
    const bytes = failure({ text: `${'é'.repeat(500)}a` }, instagram);
    expect(bytes.error).to.deep.include({ code: 100, error_subcode: 2534015 });
    expect(bytes.error.message).to.contain('1000 bytes');
    const emoji = failure({ text: '👋'.repeat(251) }, instagram);
    expect(emoji.error.error_subcode).to.equal(2534015);
  });

  it('accepts 13 quick replies and refuses 14', () => {
    expect(() => checkMessage({ text: 'Pick', quick_replies: quickReplies(13) }, messenger)).not.to.throw();
    expect(failure({ text: 'Pick', quick_replies: quickReplies(14) }).error.message).to.equal(
      '(#100) Param message[quick_replies] must have at most 13 items',
    );
  });

  it('refuses a text quick reply without a payload, and user_email on Instagram', () => {
    expect(
      failure({ text: 'Pick', quick_replies: [{ content_type: 'text', title: 'Red' }] }).error.message,
    ).to.equal('(#100) Param message[quick_replies][0][payload] is required');
    const email = { text: 'Your e-mail?', quick_replies: [{ content_type: 'user_email' }] };
    expect(() => checkMessage(email, messenger)).not.to.throw();
    expect(failure(email, instagram).error.message).to.contain('user_email is not supported on Instagram');
  });

  it('refuses an empty message with 100/2018034, and text together with an attachment', () => {
    expect(failure({}).error).to.deep.include({ code: 100, error_subcode: 2018034 });
    expect(failure({ text: '' }).error.error_subcode).to.equal(2018034);
    const both = failure({
      text: 'hi',
      attachment: { type: 'image', payload: { url: 'https://example.com/a.jpg' } },
    });
    expect(both.error.message).to.contain('Only one of message[text]');
  });

  it('limits generic templates to 10 elements and 3 buttons per element', () => {
    const element = (buttons: number) => ({
      title: 'Shirt',
      buttons: Array.from({ length: buttons }, (_, i) => button(i)),
    });
    expect(() =>
      checkMessage(generic(Array.from({ length: 10 }, () => element(3))), messenger),
    ).not.to.throw();
    expect(failure(generic(Array.from({ length: 11 }, () => element(1)))).error.message).to.equal(
      '(#100) Param message[attachment][payload][elements] must have at most 10 items',
    );
    expect(failure(generic([element(4)])).error.message).to.equal(
      '(#100) Param message[attachment][payload][elements][0][buttons] must have at most 3 items',
    );
    expect(failure(generic([{ title: 42 }])).error.message).to.equal(
      '(#100) Param message[attachment][payload][elements][0][title] has an invalid type',
    );
    expect(failure(generic([{ subtitle: 'no title' }])).error.message).to.equal(
      '(#100) Param message[attachment][payload][elements][0][title] is required',
    );
  });

  it('limits button templates to 640 characters and 1-3 buttons', () => {
    const template = (text: string, buttons: unknown[]) => ({
      attachment: { type: 'template', payload: { template_type: 'button', text, buttons } },
    });
    expect(() => checkMessage(template('x'.repeat(640), [button(1)]), messenger)).not.to.throw();
    expect(failure(template('x'.repeat(641), [button(1)])).error.message).to.contain(
      '[text] must be at most 640 characters',
    );
    expect(failure(template('x', [])).error.message).to.contain('[buttons] must have at least 1 item');
    expect(failure(template('x', [button(1), button(2), button(3), button(4)])).error.message).to.contain(
      'at most 3 items',
    );
  });

  it('checks attachments: uploaded ids (100/2018074), fetchable URLs (100/2018008), images only when several', () => {
    expect(() =>
      checkMessage(
        { attachment: { type: 'image', payload: { attachment_id: '1857777774821032' } } },
        messenger,
      ),
    ).not.to.throw();
    expect(
      failure({ attachment: { type: 'image', payload: { attachment_id: '42' } } }).error,
    ).to.deep.include({ code: 100, error_subcode: 2018074 });
    expect(
      failure({ attachment: { type: 'image', payload: { url: 'file:///etc/passwd' } } }).error.error_subcode,
    ).to.equal(2018008);
    expect(
      failure({ attachments: [{ type: 'video', payload: { url: 'https://example.com/v.mp4' } }] }).error
        .message,
    ).to.contain('must be image');
    expect(
      checkMessage(
        { attachment: { type: 'video', payload: { url: 'https://example.com/v.mp4' } } },
        messenger,
      ).isHeavyMedia,
    ).to.equal(true);
  });

  it('limits metadata to fewer than 1000 characters', () => {
    expect(() => checkMessage({ text: 'hi', metadata: 'm'.repeat(999) }, messenger)).not.to.throw();
    expect(failure({ text: 'hi', metadata: 'm'.repeat(1000) }).error.message).to.equal(
      '(#100) Param message[metadata] must be less than 1000 characters',
    );
  });

  it('refuses the media template on Instagram and recognises the Customer Feedback template', () => {
    const media = {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'media',
          elements: [{ media_type: 'image', url: 'https://example.com/a.jpg' }],
        },
      },
    };
    expect(() => checkMessage(media, messenger)).not.to.throw();
    expect(failure(media, instagram).error.message).to.contain('media is not supported on Instagram');
    const feedback = {
      attachment: { type: 'template', payload: { template_type: 'customer_feedback', title: 'Rate us' } },
    };
    expect(checkMessage(feedback, messenger).isCustomerFeedbackTemplate).to.equal(true);
  });
});
