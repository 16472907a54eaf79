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
import type { Activity, ConversationReference } from 'botbuilder';
import {
  type MessengerAdapter,
  MessengerError,
  type StateStore,
  utilityMessage,
} from 'botbuilder-adapter-messenger';
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

const shippedSchema = z.object({
  conversationId: replySchema.shape.conversationId,
  orderId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'orderId is letters, digits and dashes'),
});

/**
 * The approved utility template of the "order shipped" follow-up (the sandbox Pages start with it;
 * on a real Page, clone it from Meta's template library with `cloneLibraryTemplate`).
 */
export const ORDER_SHIPPED_TEMPLATE = 'order_shipped';

/** `message.metadata` of the desk's replies: marks them as a person's (the sandbox's Inbox labels them "Agent"). */
export const AGENT_DESK_METADATA = 'human_agent';

/** HTTP status for the error codes an agent's reply can meet. */
const STATUS_OF: Partial<Record<string, number>> = {
  MESSAGING_WINDOW_CLOSED: 409,
  NOT_THREAD_OWNER: 409,
  NOT_SUPPORTED: 409,
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
  /**
   * A POST that sends one activity into a stored conversation: `body` is checked with `schema`, the
   * activity built by `activityOf`, and the outcome logged as `what` (ids only).
   */
  const sendRoute = <T extends { conversationId: string }>(
    path: string,
    schema: z.ZodType<T>,
    what: string,
    activityOf: (input: T) => Partial<Activity>,
  ) =>
    router.post(path, express.json({ limit: '32kb' }), async (req, res) => {
      const parsed = schema.safeParse(req.body ?? undefined);
      if (!parsed.success) {
        res.status(400).json({ error: { code: 'INVALID_REQUEST', message: parsed.error.issues[0]?.message } });
        return;
      }
      const { conversationId } = parsed.data;
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
          id = (await context.sendActivity(activityOf(parsed.data)))?.id ?? '';
        });
        log.info(`${what} sent`, { conversation: conversationId, messageId: id });
        res.json({ id });
      } catch (error) {
        log.warn(`${what} not sent`, { conversation: conversationId, ...errorFields(error) });
        if (!(error instanceof MessengerError)) {
          res.status(500).json({ error: { code: 'INTERNAL', message: 'The message could not be sent.' } });
          return;
        }
        res.status(STATUS_OF[error.code] ?? 502).json({ error: { code: error.code, message: error.message } });
      }
    });

  // channelData.humanAgent marks a person's message: tagged HUMAN_AGENT from 24 hours to 7 days.
  // metadata (echoed back by Meta) tells the Page's inbox, and the sandbox, that a person wrote it.
  sendRoute('/messages', replySchema, 'agent reply', ({ text }) => ({
    type: 'message',
    text,
    channelData: { humanAgent: true, metadata: AGENT_DESK_METADATA },
  }));
  // "Your order has shipped": a utility template, which Messenger delivers after the 24-hour window too.
  sendRoute('/order-shipped', shippedSchema, 'order shipped message', ({ orderId }) =>
    utilityMessage({ name: ORDER_SHIPPED_TEMPLATE, language: 'en', parameters: [orderId] }),
  );
  return router;
}
