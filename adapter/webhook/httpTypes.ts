import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request shape `MessengerAdapter.process` accepts: a node `IncomingMessage`, or an express /
 * restify request (both extend it). Only these members are read.
 */
export interface WebhookRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  /** Parsed query (express, restify); otherwise parsed from `url`. */
  query?: unknown;
  /** A body a framework already read: a Buffer (`express.raw()`), a string, or a parsed object. */
  body?: unknown;
  /** Raw bytes some setups keep (`express.json({ verify })`, restify `bodyParser`). */
  rawBody?: unknown;
  /** Node stream interface, used when nobody read the body yet. */
  on?(event: string, listener: (...args: never[]) => void): unknown;
  readableEnded?: boolean;
  complete?: boolean;
}

/**
 * The response shape `MessengerAdapter.process` writes to: a node `ServerResponse`, or an express /
 * restify response (both extend it).
 */
export interface WebhookResponse {
  statusCode: number;
  headersSent?: boolean;
  writableEnded?: boolean;
  setHeader(name: string, value: string | number): unknown;
  end(body?: string): unknown;
}
