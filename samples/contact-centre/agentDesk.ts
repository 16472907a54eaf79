/**
 * A minimal agent desk API: people answering from a console of your own (instead of Meta's Page
 * Inbox) send their replies through this app, marked as a human agent's, so that
 * `MessagingWindowMiddleware` tags them `HUMAN_AGENT` between 24 hours and 7 days after the user's
 * last message and `HandoverMiddleware` keeps the bot quiet meanwhile.
 *
 * `POST /agent/messages` with `Authorization: Bearer <AGENT_DESK_TOKEN>` and JSON
 * `{ "conversationId": "<psid>-<pageId>", "text": "..." }`.
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { type MessengerAdapter, MessengerError, type StateStore } from 'botbuilder-adapter-messenger';
import express, { type Router } from 'express';
import { z } from 'zod';
import { errorFields, type OwnerLog } from '../common/ownerLog';

/** How long a conversation reference is kept: the 7-day human-agent window, plus a day. */
const REFERENCE_TTL_MS = 8 * 24 * 60 * 60 * 1000;

/** Conversation references in the adapter's store, so every instance of the bot can reach the user. */
export class ConversationBook {
  constructor(private readonly store: StateStore) {}

  /** Keeps `reference` under its conversation id. */
  async remember(reference: Partial<ConversationReference>): Promise<void> {
    const id = reference.conversation?.id;
    if (id) await this.store.set(this.key(id), reference, REFERENCE_TTL_MS);
  }

  /** The reference of `conversationId`, if the user wrote in the last 8 days. */
  find(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.store.get<Partial<ConversationReference>>(this.key(conversationId));
  }

  private key(conversationId: string): string {
    return `sample:contact-centre:reference:${conversationId}`;
  }
}

const replySchema = z.object(
  {
    conversationId: z
      .string({ error: 'conversationId is required: a string like "<userId>-<pageId>"' })
      .regex(/^\d+-\d+$/, 'conversationId looks like "<userId>-<pageId>"'),
    text: z
      .string({ error: 'text is required: the agent\'s reply, a string' })
      .min(1, 'text must not be empty')
      .max(10_000, 'text must be at most 10000 characters'),
  },
  { error: 'The body must be a JSON object: {"conversationId": "<userId>-<pageId>", "text": "..."}' },
);

/** HTTP status for the error codes an agent's reply can meet. */
/** `message.metadata` of the desk's replies: marks them as a person's (the sandbox's Inbox labels them "Agent"). */
export const AGENT_DESK_METADATA = 'human_agent';

const STATUS_OF: Partial<Record<string, number>> = {
  MESSAGING_WINDOW_CLOSED: 409,
  NOT_THREAD_OWNER: 409,
  RECIPIENT_UNAVAILABLE: 409,
  TAG_NOT_ALLOWED: 409,
  RATE_LIMITED: 429,
  QUEUE_FULL: 503,
};

/** The agent desk router; mount it at `/agent`. */
export function agentDesk(
  adapter: MessengerAdapter,
  book: ConversationBook,
  token: string,
  log: OwnerLog,
): Router {
  const router = express.Router();
  const expected = Buffer.from(`Bearer ${token}`);
  router.use((req, res, next) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res
        .status(401)
        .json({ error: { code: 'UNAUTHORIZED', message: 'Send Authorization: Bearer <AGENT_DESK_TOKEN>.' } });
      return;
    }
    next();
  });
  router.post('/messages', express.json({ limit: '32kb' }), async (req, res) => {
    const parsed = replySchema.safeParse(req.body ?? undefined);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_REQUEST', message: parsed.error.issues[0]?.message } });
      return;
    }
    const { conversationId, text } = parsed.data;
    const reference = await book.find(conversationId);
    if (!reference) {
      res.status(404).json({
        error: { code: 'UNKNOWN_CONVERSATION', message: 'No message from this user in the last 8 days.' },
      });
      return;
    }
    try {
      let id = '';
      await adapter.continueConversationAsync('', reference, async (context) => {
        // channelData.humanAgent marks a person's message: tagged HUMAN_AGENT from 24 hours to 7 days.
        // metadata (echoed back by Meta) tells the Page's inbox, and the sandbox, that a person wrote it.
        const response = await context.sendActivity({
          type: 'message',
          text,
          channelData: { humanAgent: true, metadata: AGENT_DESK_METADATA },
        });
        id = response?.id ?? '';
      });
      log.info('agent reply sent', { conversation: conversationId, messageId: id });
      res.json({ id });
    } catch (error) {
      log.warn('agent reply not sent', { conversation: conversationId, ...errorFields(error) });
      if (!(error instanceof MessengerError)) {
        res.status(500).json({ error: { code: 'INTERNAL', message: 'The reply could not be sent.' } });
        return;
      }
      res.status(STATUS_OF[error.code] ?? 502).json({ error: { code: error.code, message: error.message } });
    }
  });
  return router;
}
