/**
 * Conversation routing endpoints: pass / take / request / release / extend thread control, and
 * `GET thread_owner`. The bot is the Page's default app; Meta's inbox is the other app.
 *
 * @module
 */
import { z } from 'zod';
import { MAX_EXTEND_SECONDS } from '../world/threadControl';
import type { Conversation } from '../world/types';
import {
  conversationFor,
  type GraphCall,
  type GraphHandler,
  type GraphServices,
  recipientIdOf,
} from './call';
import { graphErrors } from './graphErrors';
import { parseParam } from './messageRules';

const id = z.union([z.string(), z.number()]).transform(String);
const metadata = z.string().max(1000, 'must be at most 1000 characters').optional();

function target(call: GraphCall, services: GraphServices): Conversation {
  return conversationFor(call, services.engine, recipientIdOf(call.body));
}

/** The bot must own the thread (or it must be idle, the bot being the default app). */
function requireOwnerOrIdle(conversation: Conversation, services: GraphServices): void {
  const owner = services.engine.ownerOf(conversation);
  if (owner !== undefined && owner !== services.engine.appId) throw graphErrors.notThreadOwner();
}

/** `POST pass_thread_control { recipient, target_app_id, metadata? }`. */
export const passThreadControl: GraphHandler = (call, services) => {
  const body = parseParam(z.looseObject({ target_app_id: id, metadata }), call.body, []);
  const conversation = target(call, services);
  requireOwnerOrIdle(conversation, services);
  if (body.target_app_id !== conversation.account.inboxAppId) {
    throw graphErrors.invalidParameter(
      `Param target_app_id ${body.target_app_id} is not an app connected to this ${
        conversation.account.platform === 'instagram' ? 'Instagram account' : 'Page'
      } (the sandbox has your app and the inbox ${conversation.account.inboxAppId})`,
    );
  }
  void services.engine.handover(conversation, 'pass_thread_control', {
    newOwner: body.target_app_id,
    ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
  });
  return { body: { success: true }, conversationId: conversation.id, note: `to ${body.target_app_id}` };
};

/** `POST take_thread_control { recipient, metadata? }`: allowed, the bot being the default app. */
export const takeThreadControl: GraphHandler = (call, services) => {
  const body = parseParam(z.looseObject({ metadata }), call.body, []);
  const conversation = target(call, services);
  if (services.engine.ownerOf(conversation) !== services.engine.appId) {
    void services.engine.handover(conversation, 'take_thread_control', {
      newOwner: services.engine.appId,
      ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
    });
  }
  return { body: { success: true }, conversationId: conversation.id };
};

/** `POST request_thread_control { recipient, metadata? }`: tells the owning app (the inbox). */
export const requestThreadControl: GraphHandler = (call, services) => {
  const body = parseParam(z.looseObject({ metadata }), call.body, []);
  const conversation = target(call, services);
  const owner = services.engine.ownerOf(conversation);
  if (owner !== undefined && owner !== services.engine.appId) {
    void services.engine.handover(conversation, 'request_thread_control', {
      requestedBy: services.engine.appId,
      ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
    });
  }
  return { body: { success: true }, conversationId: conversation.id };
};

/** `POST release_thread_control { recipient }`: the thread becomes idle. */
export const releaseThreadControl: GraphHandler = (call, services) => {
  const conversation = target(call, services);
  if (services.engine.ownerOf(conversation) !== services.engine.appId) throw graphErrors.notThreadOwner();
  services.engine.release(conversation);
  return { body: { success: true }, conversationId: conversation.id };
};

/** `POST extend_thread_control { recipient, duration }` (seconds, up to 7 days). */
export const extendThreadControl: GraphHandler = (call, services) => {
  const body = parseParam(
    z.looseObject({
      duration: z.coerce
        .number()
        .int('must be a whole number of seconds')
        .min(1, 'must be at least 1')
        .max(MAX_EXTEND_SECONDS, `must be at most ${MAX_EXTEND_SECONDS} (7 days)`),
    }),
    call.body,
    [],
  );
  const conversation = target(call, services);
  const owner = conversation.owner;
  if (services.engine.ownerOf(conversation) !== services.engine.appId || owner === undefined) {
    throw graphErrors.notThreadOwner();
  }
  owner.expiresAt = services.engine.clock.now() + body.duration * 1000;
  services.engine.changed();
  return { body: { success: true }, conversationId: conversation.id };
};

/** `GET thread_owner?recipient=<id>`: `{ data: [{ thread_owner: { app_id, expiration } }] }`, empty when idle. */
export const threadOwner: GraphHandler = (call, services) => {
  const conversation = conversationFor(call, services.engine, call.query.recipient);
  const owner = services.engine.ownerOf(conversation);
  const expiresAt = conversation.owner?.expiresAt;
  return {
    body: {
      data:
        owner === undefined || expiresAt === undefined
          ? []
          : [{ thread_owner: { app_id: owner, expiration: Math.floor(expiresAt / 1000) } }],
    },
    conversationId: conversation.id,
  };
};
