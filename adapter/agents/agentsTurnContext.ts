import type { Activity } from '@microsoft/agents-activity';
import { type ResourceResponse, TurnContext } from '@microsoft/agents-hosting';
import { pinChannelId, relaxForSchema } from './agentsActivities';

/**
 * The Agents SDK `TurnContext` of a Messenger turn. It differs in one way: outgoing activities the
 * SDK's zod schema would refuse but Messenger takes (suggested actions without `to`, actions without
 * a `title`) are completed before the SDK parses them, and every outgoing activity keeps its
 * `channelId` as an own property, so middleware that copies an activity does not lose it.
 */
export class MessengerAgentsTurnContext extends TurnContext {
  /** Sends the activities through the turn's send handlers, as the Agents SDK does. */
  override sendActivities(activities: Activity[]): Promise<ResourceResponse[]> {
    return super.sendActivities(activities.map((activity) => relaxForSchema(activity)));
  }

  /** Registers the first send handler of the turn: it pins each outgoing activity's `channelId`. */
  pinOutgoingChannelIds(): this {
    return this.onSendActivities(async (_context, activities, next) => {
      for (const activity of activities) pinChannelId(activity);
      return next();
    });
  }
}
