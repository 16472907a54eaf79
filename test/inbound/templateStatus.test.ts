import { expect } from 'chai';
import { eventToActivities, MessengerEventNames } from '../../adapter/inbound';
import { parseEnvelope, type WebhookEventRef } from '../../adapter/webhook/envelope';

const PAGE = '370873143344730';

/** A Page webhook with one template status change, as Meta would send it under `field`. */
function statusRef(field: string, value: Record<string, unknown>): WebhookEventRef {
  const parsed = parseEnvelope({
    object: 'page',
    entry: [{ id: PAGE, time: 1782894041, changes: [{ field, value }] }],
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.events[0]!;
}

const APPROVED = {
  event: 'APPROVED',
  message_template_id: 1022786935479236,
  message_template_name: 'order_update',
  message_template_language: 'en',
  message_template_category: 'UTILITY',
  reason: 'NONE',
};

describe('template status webhook -> messenger.templateStatus', () => {
  for (const field of ['message_template_status_update', 'messenger_template_status_update']) {
    it(`names the event for the field ${field}`, () => {
      const [activity, ...rest] = eventToActivities(statusRef(field, APPROVED));
      expect(rest).to.deep.equal([]);
      expect(activity).to.include({ type: 'event', name: MessengerEventNames.templateStatus });
      expect(activity?.conversation).to.deep.equal({ id: PAGE });
      expect(activity?.value).to.deep.equal({
        status: 'APPROVED',
        templateId: '1022786935479236',
        templateName: 'order_update',
        language: 'en',
        category: 'UTILITY',
        field,
        // the raw change's own keys too, as Azure's channel gave them
        value: APPROVED,
      });
    });
  }

  it('routes by content: a status value under another field name is still a template status', () => {
    const rejected = { ...APPROVED, event: 'REJECTED', reason: 'INCORRECT_PARAMS' };
    const [activity] = eventToActivities(statusRef('message_templates', rejected));
    expect(activity?.name).to.equal('messenger.templateStatus');
    expect(activity?.value).to.include({ status: 'REJECTED', reason: 'INCORRECT_PARAMS' });
  });

  it('a malformed value under the status field is messenger.unknown, not a crash', () => {
    const [activity] = eventToActivities(statusRef('messenger_template_status_update', { event: 7 }));
    expect(activity?.name).to.equal('messenger.unknown');
  });
});
