/**
 * What a Graph handler receives and returns, and the lookups every handler shares.
 *
 * @module
 */
import type { Engine } from '../engine';
import type { Account, Conversation, JsonObject } from '../world/types';
import { graphErrors } from './graphErrors';
import type { SendThrottle } from './throttle';

/** A file part of a multipart request. */
export interface UploadedFile {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly filename: string;
}

/** One authenticated Graph call. */
export interface GraphCall {
  readonly method: string;
  /** Request path without query string. */
  readonly path: string;
  /** `me`, an account id, or a user id. */
  readonly node: string;
  /** Query parameters (secrets removed). */
  readonly query: Readonly<Record<string, string>>;
  /** JSON, form or multipart fields, with JSON-valued fields parsed (secrets removed). */
  readonly body: JsonObject;
  readonly files: Readonly<Record<string, UploadedFile>>;
  /** Accounts the token acts for; the first is `/me`. */
  readonly accounts: readonly Account[];
}

/** A successful answer. */
export interface GraphAnswer {
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra words for the log line. */
  readonly note?: string;
  readonly conversationId?: string;
}

/** What handlers act on. */
export interface GraphServices {
  readonly engine: Engine;
  readonly throttle: SendThrottle;
}

/** A Graph endpoint implementation. */
export type GraphHandler = (call: GraphCall, services: GraphServices) => GraphAnswer | Promise<GraphAnswer>;

/** The accounts addressable at the call's node (`me`, the account id, or a linked Page's id). */
export function accountsAt(call: GraphCall): readonly Account[] {
  if (call.node === 'me') return call.accounts;
  const found = call.accounts.filter((account) => account.id === call.node || account.pageId === call.node);
  if (found.length === 0) throw graphErrors.unsupportedRequest(call.method, call.node);
  return found;
}

/** The conversation with `recipientId` that this call may act on, or the "no matching user" error. */
export function conversationFor(call: GraphCall, engine: Engine, recipientId: unknown): Conversation {
  const accounts = accountsAt(call);
  const me = accounts[0] ?? call.accounts[0];
  if (typeof recipientId !== 'string' && typeof recipientId !== 'number') {
    throw graphErrors.invalidParameter('Param recipient[id] is required');
  }
  const conversation = engine.world.conversationOfUser(String(recipientId));
  if (conversation === undefined || !accounts.includes(conversation.account)) {
    throw graphErrors.noMatchingUser(me?.platform ?? 'messenger');
  }
  return conversation;
}

/** The `recipient.id` of a body (`recipient` may arrive as an object or, in form posts, as JSON text). */
export function recipientIdOf(body: JsonObject): unknown {
  const recipient = body.recipient;
  return typeof recipient === 'object' && recipient !== null ? (recipient as JsonObject).id : undefined;
}
