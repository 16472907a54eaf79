/**
 * zod schemas of the Graph API answers the client reads. Every body Graph returns is parsed with one
 * of these before the client trusts it.
 *
 * @module
 */
import { z } from 'zod';

/** A Graph id: Graph sends most ids as strings, a few (app ids) as numbers. */
const graphId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** A Graph number that some proxies or old versions send as a numeric string. */
const graphNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/**
 * The Graph error envelope:
 * `{"error":{"message","type","code","error_subcode","fbtrace_id","is_transient",...}}`.
 */
export const graphErrorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: graphNumber,
    error_subcode: graphNumber.optional(),
    fbtrace_id: z.string().optional(),
    is_transient: z.boolean().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
  }),
});

/** A parsed Graph error envelope. */
export type GraphErrorEnvelope = z.infer<typeof graphErrorEnvelopeSchema>;

/** Any JSON object body (used by `raw` when no schema is given). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

/** Answer of the Send API (`POST /me/messages`). `message_id` is absent for sender actions. */
export const sendResponseSchema = z.object({
  recipient_id: graphId.optional(),
  message_id: z.string().min(1).optional(),
});

/** `{"success":true}` (thread control, subscribed_apps) or `{"result":"success"}` (messenger_profile). */
export const successResponseSchema = z.union([
  z.object({ success: z.boolean() }),
  z.object({ result: z.string() }),
]);

/** Answer of `GET /me/thread_owner`: an empty `data` when the thread is idle. */
export const threadOwnerResponseSchema = z.object({
  data: z.array(
    z.object({
      thread_owner: z.object({ app_id: graphId, expiration: z.number().optional() }).optional(),
    }),
  ),
});

/** Answer of the Attachment Upload API. */
export const uploadResponseSchema = z.object({ attachment_id: graphId });

/** Answer of `GET /me/messenger_profile`. */
export const messengerProfileResponseSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
});
