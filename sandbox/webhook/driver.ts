/**
 * Posts webhook events to the bot as Meta does: signed, escaped, one conversation at a time, retried
 * immediately a few times when the bot does not answer 200; and the GET subscription check.
 *
 * @module
 */
import { createHmac, randomInt } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { SandboxError } from '../errors';
import type { SandboxLog } from '../log';
import type { JsonObject } from '../world/types';
import { metaJson, signatureOf } from './serialize';

/**
 * Where in the entry an event goes: to the thread owner, to the others on standby, or (comments)
 * under `changes`.
 */
export type DeliveryList = 'messaging' | 'standby' | 'changes';

/** The outcome of posting one webhook. */
export interface WebhookDelivery {
  /** True when the bot answered 2xx. */
  readonly ok: boolean;
  /** The bot's last HTTP status, undefined when it could not be reached. */
  readonly status: number | undefined;
  /** How many POSTs it took (1 + retries used). */
  readonly attempts: number;
  /** Why the last attempt failed. */
  readonly error?: string;
  /** The exact bytes posted (the signature covers these). */
  readonly body: string;
}

/** What one webhook POST carries. */
export interface WebhookPost {
  object: 'page' | 'instagram';
  accountId: string;
  list: DeliveryList;
  event: JsonObject;
  /** `entry[].time` (sandbox time, ms). */
  time: number;
  /** Conversation the event belongs to: posts of one conversation never overlap. */
  conversationId: string;
  /** Log line. */
  summary: string;
  /** An Instagram-Login account's event: signed with the Instagram app secret. */
  instagramLogin?: boolean;
}

/** Driver settings. */
export interface WebhookDriverOptions {
  appSecret: string;
  /** Signs the events of Instagram-Login accounts (default: `appSecret`). */
  instagramAppSecret?: string | undefined;
  verifyToken: string;
  /** Extra immediate attempts after a failure (default 2). */
  retries: number;
  /** How long to wait for the bot's answer, in real milliseconds (default 5000, Meta's limit). */
  timeoutMs: number;
  log: SandboxLog;
}

interface HttpAnswer {
  status: number;
  body: string;
}

/** Signs and posts webhook events to the subscribed bot. */
export class WebhookDriver {
  private webhookUrl: URL | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: WebhookDriverOptions) {}

  /** The subscribed webhook URL, if any. */
  get url(): string | undefined {
    return this.webhookUrl?.toString();
  }

  /**
   * Subscribes the bot like Meta's "Verify and save": GET `?hub.mode=subscribe&hub.verify_token=...&
   * hub.challenge=<int>`; the bot must answer 200 with the challenge as the body.
   */
  async subscribe(webhookUrl: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(webhookUrl);
    } catch {
      throw new SandboxError(
        'INVALID_ARGUMENT',
        `The bot's webhook URL ${JSON.stringify(webhookUrl)} is not a URL.`,
      );
    }
    const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
    const check = new URL(url);
    check.searchParams.set('hub.mode', 'subscribe');
    check.searchParams.set('hub.verify_token', this.options.verifyToken);
    check.searchParams.set('hub.challenge', challenge);
    let answer: HttpAnswer | undefined;
    let failure: string | undefined;
    try {
      answer = await this.request(check, 'GET');
    } catch (error) {
      failure = (error as Error).message;
    }
    const ok = answer?.status === 200 && answer.body.trim() === challenge;
    this.options.log.add({
      kind: 'webhook',
      method: 'GET',
      path: url.pathname,
      ...(answer === undefined ? {} : { status: answer.status }),
      summary: ok ? 'subscription verified' : `subscription check failed${failure ? `: ${failure}` : ''}`,
      request: { 'hub.mode': 'subscribe', 'hub.challenge': challenge },
      ...(answer === undefined ? {} : { response: answer.body.slice(0, 500) }),
    });
    if (!ok) {
      const got =
        answer === undefined
          ? `no answer (${failure})`
          : `HTTP ${answer.status} ${JSON.stringify(answer.body.slice(0, 80))}`;
      throw new SandboxError(
        'WEBHOOK_VERIFICATION_FAILED',
        `The bot at ${url} did not pass Meta's subscription check: expected HTTP 200 with body ${challenge}, got ${got}. ` +
          'Check that the bot runs there and that its verifyToken equals the sandbox verifyToken.',
      );
    }
    this.webhookUrl = url;
  }

  /**
   * Posts one event, after every earlier post of the same conversation has finished. Resolves with
   * the outcome; never rejects (failures are logged and reported in the result).
   */
  post(post: WebhookPost): Promise<WebhookDelivery> {
    const previous = this.queues.get(post.conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.send(post));
    const tail = next.catch(() => undefined);
    this.queues.set(post.conversationId, tail);
    void tail.then(() => {
      if (this.queues.get(post.conversationId) === tail) this.queues.delete(post.conversationId);
    });
    return next;
  }

  /** Resolves when every queued post has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  private async send(post: WebhookPost): Promise<WebhookDelivery> {
    const envelope = {
      object: post.object,
      entry: [{ id: post.accountId, time: post.time, [post.list]: [post.event] }],
    };
    const body = metaJson(envelope);
    const url = this.webhookUrl;
    if (url === undefined) {
      this.options.log.add({
        kind: 'webhook',
        summary: `not delivered (no bot subscribed): ${post.list}: ${post.summary}`,
        request: envelope,
        conversationId: post.conversationId,
      });
      return { ok: false, status: undefined, attempts: 0, error: 'no bot webhook is subscribed', body };
    }
    const secret = (post.instagramLogin && this.options.instagramAppSecret) || this.options.appSecret;
    const headers = {
      'content-type': 'application/json',
      'x-hub-signature-256': signatureOf(secret, body),
      // Meta still sends the legacy SHA-1 header beside the SHA-256 one.
      'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
      'user-agent': 'facebookexternalua',
    };
    let last: WebhookDelivery = { ok: false, status: undefined, attempts: 0, body };
    for (let attempt = 1; attempt <= 1 + this.options.retries; attempt += 1) {
      try {
        const answer = await this.request(url, 'POST', body, headers);
        last = {
          ok: answer.status >= 200 && answer.status < 300,
          status: answer.status,
          attempts: attempt,
          body,
        };
        if (!last.ok) last = { ...last, error: `HTTP ${answer.status}` };
      } catch (error) {
        last = { ok: false, status: undefined, attempts: attempt, error: (error as Error).message, body };
      }
      this.options.log.add({
        kind: 'webhook',
        method: 'POST',
        path: url.pathname,
        ...(last.status === undefined ? {} : { status: last.status }),
        summary: `${post.list}: ${post.summary}${attempt > 1 ? ` (retry ${attempt - 1})` : ''}${last.ok ? '' : ` - ${last.error}`}`,
        request: envelope,
        conversationId: post.conversationId,
      });
      if (last.ok) break;
    }
    return last;
  }

  private request(
    url: URL,
    method: 'GET' | 'POST',
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method,
          headers:
            body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: this.options.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 64 * 1024) chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
