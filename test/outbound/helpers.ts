/**
 * Helpers for the outbound mapping tests: the two channel contexts and builders of the exact
 * requests the mapping must return.
 */
import type { PlainActivity } from '../../adapter/activity';
import { MessengerError } from '../../adapter/errors';
import { activityToSendRequests, type OutboundContext, type OutboundRequest } from '../../adapter/outbound';
import type { MessengerChannelId } from '../../adapter/platform';
import type { SendBudget } from '../../adapter/sendPipeline';
import type { UtilityTemplateSpec } from '../../adapter/outbound/utilityTemplate';

export const PSID = '6780462125377510';
export const IGSID = '17841400123456789';

export const fb: OutboundContext = { channelId: 'facebook', recipientId: PSID, messagingType: 'RESPONSE' };
export const ig: OutboundContext = { channelId: 'instagram', recipientId: IGSID, messagingType: 'RESPONSE' };

export const contexts: readonly OutboundContext[] = [fb, ig];

export function contextOf(channelId: MessengerChannelId): OutboundContext {
  return channelId === 'instagram' ? ig : fb;
}

/** Maps a botbuilder-built activity (Partial<Activity>) as the adapter does. */
export function map(activity: unknown, context: OutboundContext = fb): OutboundRequest[] {
  return activityToSendRequests(activity as PlainActivity, context);
}

/** The request for one Send API `message` with the default envelope. */
export function messageRequest(
  context: OutboundContext,
  message: Record<string, unknown>,
  budget: SendBudget = 'text',
): OutboundRequest {
  return {
    kind: 'message',
    budget,
    body: { recipient: { id: context.recipientId }, messaging_type: 'RESPONSE', message },
  };
}

/** `{ attachment: { type: 'template', payload } }`. */
export function template(payload: Record<string, unknown>): Record<string, unknown> {
  return { attachment: { type: 'template', payload } };
}

/** The `message` objects of `requests`, in order. */
export function messagesOf(requests: readonly OutboundRequest[]): unknown[] {
  return requests.map((request) => request.body.message);
}

/** The `MessengerError` `fn` throws; fails the test when it throws nothing or something else. */
export function refusalOf(fn: () => unknown): MessengerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MessengerError) return error;
    throw error;
  }
  throw new Error('expected a MessengerError');
}

/** A utility template with one named body parameter, as the tests send it. */
export const ORDER_UPDATE: UtilityTemplateSpec = { name: 'order_update', language: 'en', parameters: { order_id: '566701' } };

/** The exact Send API body of {@link ORDER_UPDATE} to `recipientId`. */
export function orderUpdateBody(recipientId: string): Record<string, unknown> {
  return {
    recipient: { id: recipientId },
    messaging_type: 'UTILITY',
    message: {
      template: {
        name: 'order_update',
        language: { code: 'en' },
        components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'order_id', text: '566701' }] }],
      },
    },
  };
}
