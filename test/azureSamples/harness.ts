/**
 * A shared harness for the "Microsoft's samples, unchanged" tests: one bot at a time, driven the way a
 * new user would on Messenger or Instagram (signed webhooks through `adapter.process`), with Graph
 * faked by nock. It records every Send API body and every upload, and reads the visible text of what
 * the bot sent.
 *
 * @module
 */
import type { ActivityHandler, Middleware, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import nock from 'nock';
import { MessengerAdapter } from '../../adapter/messengerAdapter';
import type { MessengerAdapterOptions } from '../../adapter/options';
import { parseMultipart } from '../graph/helpers';
import { IG_ACCOUNT_ID, IG_USER_ID, PAGE_ID, USER_ID } from '../helpers/envelopes';
import { fakeResponse, signedPost, TEST_APP_SECRET, TEST_VERIFY_TOKEN } from '../helpers/webhookRequests';

/** Graph host of these tests (nock; never reached). */
export const GRAPH = 'https://graph.azure-samples.test';

/** The platforms every sample runs on. */
export const CHANNELS = [
  { channelId: 'facebook', object: 'page', accountId: PAGE_ID, userId: USER_ID, name: 'Ada Lovelace' },
  { channelId: 'instagram', object: 'instagram', accountId: IG_ACCOUNT_ID, userId: IG_USER_ID, name: 'Grace Hopper' },
] as const;

/** One platform of {@link CHANNELS}. */
export type Channel = (typeof CHANNELS)[number];

/** A multipart upload to `/me/message_attachments`, as parsed parts. */
export type UploadParts = ReturnType<typeof parseMultipart>;

/** A running sample bot with its fake Graph. */
export interface SampleRun {
  readonly adapter: MessengerAdapter;
  /** Send API bodies, in order. */
  readonly sends: Record<string, unknown>[];
  /** Uploads (multipart parts), in order. */
  readonly uploads: UploadParts[];
  /** Errors that reached `onTurnError`. */
  readonly errors: unknown[];
  /** Posts one user event (`message`, `postback`, `optin`, ...) and waits for its turns. */
  user(event: Record<string, unknown>): Promise<void>;
  /** Posts an echo of a message the Page / account sent, and waits for its turns. */
  echo(message: Record<string, unknown>): Promise<void>;
  /** The visible text of every message sent since the last call (see {@link visibleText}). */
  take(): string[];
  close(): Promise<void>;
}

let clock = 1_782_894_100_000;
let counter = 0;

/**
 * What a person sees of one Send API body: the text (with quick-reply titles as `[a | b]`), a
 * template's titles, subtitles and buttons, or `<image attachment_id=...>` / `<image url>` for media.
 */
export function visibleText(body: Record<string, unknown>): string {
  const message = body.message as Record<string, unknown> | undefined;
  if (message === undefined) return `<${String(body.sender_action)}>`;
  const replies = (message.quick_replies as { title: string }[] | undefined)?.map((r) => r.title);
  const tail = replies ? ` [${replies.join(' | ')}]` : '';
  if (typeof message.text === 'string') return message.text + tail;
  const attachment = message.attachment as { type: string; payload: Record<string, unknown> };
  if (attachment.type === 'template') {
    const payload = attachment.payload;
    if (payload.template_type === 'button') {
      const buttons = (payload.buttons as { title: string }[]).map((b) => b.title);
      return `${String(payload.text)} {${buttons.join(' | ')}}${tail}`;
    }
    const elements = (payload.elements as { title: string; subtitle?: string; buttons?: { title: string }[] }[]) ?? [];
    return (
      elements
        .map((e) => `${e.title}${e.subtitle ? ` / ${e.subtitle}` : ''}${e.buttons ? ` {${e.buttons.map((b) => b.title).join(' | ')}}` : ''}`)
        .join(' || ') + tail
    );
  }
  const where = attachment.payload.attachment_id ?? attachment.payload.url;
  return `<${attachment.type} ${String(where)}>${tail}`;
}

/**
 * Starts `bot` behind a `MessengerAdapter` for `channel`, with Graph faked: the Send API answers
 * message ids, uploads answer `attachment_id`s 90001, 90002, ..., profile reads answer the channel's
 * user name.
 */
export function runSample(
  channel: Channel,
  bot: Pick<ActivityHandler, 'run'>,
  options: Partial<MessengerAdapterOptions> = {},
  middleware: Middleware[] = [],
): SampleRun {
  const sends: Record<string, unknown>[] = [];
  const uploads: UploadParts[] = [];
  const errors: unknown[] = [];
  let taken = 0;
  nock(GRAPH)
    .persist()
    .post('/v27.0/me/messages')
    .query(true)
    .reply((_uri, body) => {
      sends.push(body as Record<string, unknown>);
      return [200, { recipient_id: channel.userId, message_id: `m_sample_${sends.length}` }];
    })
    .post('/v27.0/me/message_attachments')
    .query(true)
    .reply(function reply(_uri, body) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const raw = /^[0-9a-f]+$/i.test(text) ? Buffer.from(text, 'hex').toString('latin1') : text;
      uploads.push(parseMultipart(String(this.req.headers['content-type']), raw));
      return [200, { attachment_id: String(90000 + uploads.length) }];
    })
    .get(`/v27.0/${channel.userId}`)
    .query(true)
    .reply(() => {
      const [first, last] = channel.name.split(' ');
      return [200, channel.channelId === 'facebook' ? { first_name: first, last_name: last } : { name: channel.name, username: 'grace' }];
    });
  const adapter = new MessengerAdapter({
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    accessToken: 'sample-page-token',
    graphApiUrl: GRAPH,
    logger: { error: () => {} },
    ...options,
  });
  for (const one of middleware) adapter.use(one);
  adapter.onTurnError = async (_context: TurnContext, error: Error) => {
    errors.push(error);
  };
  const post = async (event: Record<string, unknown>): Promise<void> => {
    const body = { object: channel.object, entry: [{ id: channel.accountId, time: clock, messaging: [event] }] };
    const res = fakeResponse();
    await adapter.process(signedPost(body).req, res, (context) => bot.run(context));
    await adapter.whenIdle();
    expect(res.statusCode).to.equal(200);
  };
  return {
    adapter,
    sends,
    uploads,
    errors,
    user: (event) => {
      clock += 1000;
      counter += 1;
      return post({
        sender: { id: channel.userId },
        recipient: { id: channel.accountId },
        timestamp: clock,
        ...withMid(event, counter),
      });
    },
    echo: (message) => {
      clock += 1000;
      counter += 1;
      return post({
        sender: { id: channel.accountId },
        recipient: { id: channel.userId },
        timestamp: clock,
        message: { mid: `m_echo_${counter}`, is_echo: true, ...message },
      });
    },
    take: () => {
      const fresh = sends.slice(taken).map(visibleText);
      taken = sends.length;
      return fresh;
    },
    close: async () => {
      await adapter.close();
      nock.cleanAll();
    },
  };
}

function withMid(event: Record<string, unknown>, n: number): Record<string, unknown> {
  const message = event.message as Record<string, unknown> | undefined;
  if (message !== undefined) return { ...event, message: { mid: `m_user_${n}`, ...message } };
  const postback = event.postback as Record<string, unknown> | undefined;
  if (postback !== undefined) return { ...event, postback: { mid: `m_postback_${n}`, ...postback } };
  return event;
}

/** A typed message. */
export const says = (text: string): Record<string, unknown> => ({ message: { text } });
/** A quick-reply tap (Meta sends the title as text and the payload apart). */
export const taps = (title: string, payload = title): Record<string, unknown> => ({
  message: { text: title, quick_reply: { payload } },
});
/** A postback button tap. */
export const clicks = (title: string, payload = title): Record<string, unknown> => ({ postback: { title, payload } });
/** The Get Started button. */
export const getStarted = (): Record<string, unknown> => clicks('Get Started', 'GET_STARTED');
/** A photo the person sends. */
export const sendsPhoto = (url: string): Record<string, unknown> => ({
  message: { attachments: [{ type: 'image', payload: { url } }] },
});
