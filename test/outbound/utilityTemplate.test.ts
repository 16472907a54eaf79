import { expect } from 'chai';
import { utilityMessage, utilityTemplate } from '../../adapter/outbound/utilityTemplate';
import { decideOutgoing } from '../../middleware/messagingWindow/windowPolicy';
import { fb, ig, map, ORDER_UPDATE, orderUpdateBody, PSID, refusalOf } from './helpers';


describe('utility messages (outbound)', () => {
  it('builds a positional template with a URL button parameter', () => {
    expect(
      utilityTemplate({
        name: 'order_shipped_1',
        language: 'en_US',
        parameters: ['566701', 'Tuesday'],
        buttons: [{ type: 'URL', url: 'o/566701' }],
      }),
    ).to.deep.equal({
      name: 'order_shipped_1',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: '566701' },
            { type: 'text', text: 'Tuesday' },
          ],
        },
        { type: 'buttons', parameters: [{ type: 'URL', url: 'o/566701' }] },
      ],
    });
  });

  it('maps utilityMessage to exactly Meta’s Send API body', () => {
    const activity = utilityMessage(ORDER_UPDATE);
    expect(map(activity, { ...fb, messagingType: 'UPDATE' })).to.deep.equal([
      { kind: 'message', budget: 'text', body: orderUpdateBody(PSID) },
    ]);
  });

  it('refuses a template with a bad name before any call', () => {
    const error = refusalOf(() => utilityTemplate({ name: 'Order Update', language: 'en' }));
    expect(error.code).to.equal('CONFIG_INVALID');
    expect(error.message).to.contain('name');
  });

  it('refuses free text marked UTILITY, naming the rule and what is allowed', () => {
    const error = refusalOf(() => map({ text: 'Your order shipped', channelData: { messaging_type: 'UTILITY' } }, fb));
    expect(error.code).to.equal('NOT_SUPPORTED');
    expect(error.details).to.include({ rule: 'utility-template-only' });
    expect(error.message).to.contain('inside the 24-hour window');
  });

  it('refuses a utility message on Instagram', () => {
    const activity = utilityMessage({ name: 'order_update', language: 'en' });
    const error = refusalOf(() => map(activity, ig));
    expect(error.code).to.equal('NOT_SUPPORTED');
    expect(error.details).to.include({ rule: 'utility-messenger-only' });
    expect(error.message).to.contain('HUMAN_AGENT');
  });

  it('refuses a template with text alongside', () => {
    const activity = { ...utilityMessage({ name: 'order_update', language: 'en' }), text: 'Hi' };
    expect(refusalOf(() => map(activity, fb)).details).to.include({ rule: 'utility-template-alone' });
  });

  it('the window policy lets a utility template out when the window is closed, on Messenger only', () => {
    const base = {
      conversationId: `${PSID}-370873143344730`,
      now: 30 * 24 * 3600_000,
      lastUserAt: 0,
      human: false,
      reply: false,
    };
    const settings = { humanAgentTag: true, unknownWindow: 'send' as const };
    expect(
      decideOutgoing({ ...base, channelId: 'facebook', messagingType: 'UTILITY', template: true }, settings),
    ).to.deep.equal({ send: true, messagingType: 'UTILITY', tag: undefined });
    const text = decideOutgoing({ ...base, channelId: 'facebook', messagingType: 'UTILITY' }, settings);
    expect(text.send).to.equal(false);
    const instagram = decideOutgoing({ ...base, channelId: 'instagram', template: true }, settings);
    expect(instagram.send === false && instagram.error.code).to.equal('NOT_SUPPORTED');
  });
});
