/**
 * Shared pieces of the AttachmentMiddleware tests (not a test file itself): a real MessengerAdapter
 * on a nock'd Graph at https://graph.test, signed webhook turns, proactive turns, a recorder of every
 * Graph call, and a multipart parser that keeps the file bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationReference, TurnContext } from 'botbuilder';
import nock from 'nock';
import { MessengerAdapter } from '../../../adapter/messengerAdapter';
import type { StateStore } from '../../../adapter/state/stateStore';
import type { AttachmentMiddlewareOptions } from '../../../middleware/attachments';
import { AttachmentMiddleware } from '../../../middleware/attachments';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../../helpers/webhookRequests';

export const GRAPH = 'https://graph.test';
export const PAGE_ID = '370873143344730';
export const PSID = '6780462125377510';
export const IG_ID = '17841400123456789';
export const IGSID = '7190835724411234';

/** JPEG bytes (SOI + JFIF APP0 + tables): what a photo starts with. */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////' +
    'wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
/** The 8-byte PNG signature plus an IHDR start: enough for type sniffing. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** An adapter on the fake Graph with the given AttachmentMiddleware installed (or none). */
export function makeAdapter(
  middlewareOptions: AttachmentMiddlewareOptions | false = {},
  store?: StateStore,
): { adapter: MessengerAdapter; middleware: AttachmentMiddleware | undefined; errors: Error[] } {
  const adapter = new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'page-token',
    graphApiUrl: GRAPH,
    graphMaxRetries: 0,
    logger: { error: () => {} },
    ...(store === undefined ? {} : { store }),
  });
  const errors: Error[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error);
  };
  const middleware = middlewareOptions === false ? undefined : new AttachmentMiddleware(middlewareOptions);
  if (middleware !== undefined) adapter.use(middleware);
  return { adapter, middleware, errors };
}

/** Posts a signed webhook body (a fixture's parsed body or an envelope) and waits for its turns. */
export async function deliver(
  adapter: MessengerAdapter,
  body: unknown,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const { req } = signedPost(body);
  const res = fakeResponse();
  await adapter.process(req, res, logic);
  if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  await adapter.whenIdle();
}

/** A conversation reference as a bot would have stored it. */
export function reference(channelId: 'facebook' | 'instagram' = 'facebook'): Partial<ConversationReference> {
  const [user, bot] = channelId === 'instagram' ? [IGSID, IG_ID] : [PSID, PAGE_ID];
  return {
    channelId,
    serviceUrl: GRAPH,
    user: { id: user, name: user },
    bot: { id: bot, name: bot },
    conversation: { id: `${user}-${bot}`, isGroup: false, conversationType: 'personal', name: '' },
  };
}

/** Runs `logic` in a proactive turn and resolves when it is done (errors reject). */
export function proactive(
  adapter: MessengerAdapter,
  logic: (context: TurnContext) => Promise<void>,
  channelId: 'facebook' | 'instagram' = 'facebook',
): Promise<void> {
  return adapter.continueConversationAsync('', reference(channelId), logic);
}

/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses a multipart/form-data body. nock hands a body over as UTF-8 text when it is valid UTF-8,
 * else as hex; both are read back to the exact bytes.
 */
export function parseMultipart(contentType: string, body: string | Buffer): FormPart[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  let bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (!bytes.includes(`--${boundary}`) && typeof body === 'string' && /^[0-9a-f]*$/i.test(body)) {
    bytes = Buffer.from(body, 'hex');
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = bytes.indexOf(delimiter);
  while (start >= 0) {
    const from = start + delimiter.length;
    const end = bytes.indexOf(delimiter, from);
    if (end < 0) break;
    const raw = bytes.subarray(from + 2, end - 2); // skip CRLF after the delimiter and before the next
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.subarray(0, split).toString('utf8');
    const part: FormPart = {
      name: /name="([^"]+)"/.exec(head)?.[1] ?? '',
      data: Buffer.from(raw.subarray(split + 4)),
    };
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    const type = /content-type: *([^\r\n]+)/i.exec(head)?.[1]?.trim();
    if (filename !== undefined) part.filename = filename;
    if (type !== undefined) part.contentType = type;
    parts.push(part);
    start = end;
  }
  return parts;
}

/** A Graph call the recorder saw. */
export type GraphCall =
  | { kind: 'send'; body: Record<string, unknown> }
  | { kind: 'upload-url'; body: Record<string, unknown> }
  | { kind: 'upload-bytes'; parts: FormPart[] };

/** What {@link recordGraph} returns. */
export interface GraphRecorder {
  readonly calls: GraphCall[];
  /** Sends only. */
  sends(): Record<string, unknown>[];
  /** Uploads only. */
  uploads(): GraphCall[];
}

/**
 * Answers every Send API and Attachment Upload API call on the fake Graph and records it, in order.
 * `failSend(body, n)` may answer a send with a Graph error instead (return `[status, body]`).
 */
export function recordGraph(
  options: {
    failSend?: (body: Record<string, unknown>, index: number) => [number, unknown] | undefined;
    failUpload?: (call: GraphCall, index: number) => [number, unknown] | undefined;
  } = {},
): GraphRecorder {
  const calls: GraphCall[] = [];
  let messages = 0;
  let uploads = 0;
  let sendIndex = 0;
  let uploadIndex = 0;
  nock(GRAPH)
    .persist()
    .post('/v27.0/me/messages')
    .query(true)
    .reply((_uri, body) => {
      const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
      calls.push({ kind: 'send', body: parsed });
      const failure = options.failSend?.(parsed, sendIndex++);
      if (failure !== undefined) return failure;
      messages++;
      return [
        200,
        { recipient_id: (parsed.recipient as { id: string }).id, message_id: `m_sent_${messages}` },
      ];
    });
  nock(GRAPH)
    .persist()
    .post('/v27.0/me/message_attachments')
    .query(true)
    .reply(function (_uri, body) {
      const type = String(this.req.headers['content-type'] ?? '');
      const call: GraphCall = type.startsWith('multipart/')
        ? { kind: 'upload-bytes', parts: parseMultipart(type, body as string) }
        : {
            kind: 'upload-url',
            body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>,
          };
      calls.push(call);
      const failure = options.failUpload?.(call, uploadIndex++);
      if (failure !== undefined) return failure;
      uploads++;
      return [200, { attachment_id: `90000000000000${uploads}` }];
    });
  return {
    calls,
    sends: () =>
      calls
        .filter((call) => call.kind === 'send')
        .map((call) => (call as { body: Record<string, unknown> }).body),
    uploads: () => calls.filter((call) => call.kind !== 'send'),
  };
}

/** A Graph error envelope as Meta sends it. */
export function graphError(
  code: number,
  subcode: number,
  message: string,
): { error: Record<string, unknown> } {
  return {
    error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbCdEfGhIjK_123' },
  };
}

/** The raw messaging event of a webhook fixture body (its first entry's first messaging item). */
export function firstEvent(body: unknown): Record<string, unknown> {
  const entry = (body as { entry: { messaging: Record<string, unknown>[] }[] }).entry[0];
  const event = entry?.messaging[0];
  if (event === undefined) throw new Error('fixture has no messaging event');
  return event;
}

/** Loads `test/fixtures/attachments/<name>.json` (extra fixtures of these tests): a fresh parse each call. */
export function attachmentFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/attachments', `${name}.json`), 'utf8'));
}
