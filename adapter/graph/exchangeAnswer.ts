/**
 * What the Graph client's two JSON exchanges share (`exchangeJson` over node's `https`, and
 * `UndiciExchange`): the answer's shape, their own errors, and {@link PendingAnswer}, the state of
 * one call from the request to its settled promise.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The answer of an exchange, whatever its status. */
export interface JsonExchangeResponse {
  readonly status: number;
  /** Response headers, names in lower case. */
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; the body text when it is not JSON; `''` when there is none. */
  readonly data: unknown;
}

/** The exchange did not finish within `timeoutMs`. */
export class ExchangeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeoutError';
  }
}

/** Error codes the exchanges give their own failures (the clients' errors keep theirs, e.g. `ECONNREFUSED`). */
export const EXCHANGE_ERROR_CODES = {
  tooLarge: 'ERR_RESPONSE_TOO_LARGE',
  truncated: 'ERR_RESPONSE_TRUNCATED',
} as const;

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The answer began but the connection closed before its end. */
export function truncatedAnswerError(): Error {
  return codedError(EXCHANGE_ERROR_CODES.truncated, 'the connection closed before the whole answer arrived');
}

/**
 * One call under way: the deadline over the whole exchange, the answer's bytes up to
 * `maxResponseBytes`, and the promise's settlers, settled once. A subclass says how to stop its
 * client's request ({@link PendingAnswer.cancel}) when the deadline passes or the answer is too large.
 */
export abstract class PendingAnswer {
  #settled = false;
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly timeoutMs: number,
    readonly maxResponseBytes: number,
    private readonly resolve: (response: JsonExchangeResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.#timer = setTimeout(expire, timeoutMs, this);
  }

  /** True once the promise is resolved or rejected. */
  get settled(): boolean {
    return this.#settled;
  }

  /** Stops the client's request after the call failed with `error` (past its deadline, or too large). */
  protected abstract cancel(error: Error): void;

  /** Keeps a chunk of the answer; past `maxResponseBytes` the call fails and the request stops. */
  addChunk(chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    if (this.#size > this.maxResponseBytes) {
      const error = codedError(EXCHANGE_ERROR_CODES.tooLarge, `the answer exceeded ${this.maxResponseBytes} bytes`);
      this.fail(error);
      this.cancel(error);
      return;
    }
    this.#chunks.push(chunk);
  }

  /** The whole answer is there: resolves with it, parsed as JSON when it is JSON. */
  finish(status: number, headers: IncomingHttpHeaders): void {
    if (this.#settled) return;
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.#settle();
    this.resolve({ status, headers, data: parseJsonText(text) });
  }

  /** Rejects with `error`, unless the call is settled already. */
  fail(error: Error): void {
    if (this.#settled) return;
    this.#settle();
    this.reject(error);
  }

  /** Past the deadline: rejects with {@link ExchangeTimeoutError}, and stops the request. */
  expire(): void {
    const error = new ExchangeTimeoutError(this.timeoutMs);
    this.fail(error);
    this.cancel(error);
  }

  #settle(): void {
    this.#settled = true;
    clearTimeout(this.#timer);
  }
}

function expire(answer: PendingAnswer): void {
  answer.expire();
}

/** JSON when the text is JSON, else the text itself (as general HTTP clients do by default); `''` for none. */
function parseJsonText(text: string): unknown {
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
