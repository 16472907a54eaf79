/**
 * Keeps other web pages out of the sandbox. It listens on loopback, but any page the developer has
 * open could otherwise drive it: a cross-site form or `text/plain` POST (take over a conversation,
 * send as the user), or DNS rebinding (a hostile name resolved to 127.0.0.1, then reading the
 * conversations). So every request must name the sandbox in its `Host` header, and a request with an
 * `Origin` header must come from the sandbox's own page; event streams are capped.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Event-stream connections open at once (each page keeps one; a few tabs are fine). */
export const MAX_EVENT_STREAMS = 16;

/** Host names a loopback sandbox answers to, besides the interface it listens on. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Where the sandbox listens, once it does. */
export interface ListenAddress {
  /** The interface, as a URL spells it (`127.0.0.1`, `[::1]`, `192.168.1.20`). */
  host: string;
  port: number;
}

/**
 * The `host:port` values a request may name: the loopback names and the listening interface (not
 * a wildcard one), each with the listening port.
 */
export function allowedHosts(address: ListenAddress): Set<string> {
  const names = new Set(LOOPBACK_HOSTS);
  if (address.host !== '0.0.0.0' && address.host !== '[::]') names.add(address.host.toLowerCase());
  return new Set([...names].map((name) => `${name}:${address.port}`));
}

/**
 * Refuses, with 403 and a message that says what to do: a `Host` that is not the sandbox's, and an
 * `Origin` other than the sandbox's own page (a bot calling the Graph stand-in sends no `Origin`).
 *
 * @param address where the sandbox listens; read on each request (the port is known once it listens).
 */
export function requestGuard(address: () => ListenAddress | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const listening = address();
    if (listening === undefined) {
      next();
      return;
    }
    const allowed = allowedHosts(listening);
    const host = withPort((req.headers.host ?? '').toLowerCase());
    if (!allowed.has(host)) {
      refuse(
        res,
        'FORBIDDEN_HOST',
        `The sandbox answers only to ${[...allowed].join(', ')} (this request named ${JSON.stringify(host)}): ` +
          'open it at http://127.0.0.1:<port>. Other host names are refused to stop DNS rebinding.',
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(hostOfOrigin(origin))) {
      refuse(
        res,
        'FORBIDDEN_ORIGIN',
        `Requests from other web pages (${JSON.stringify(origin)}) are refused: drive the sandbox from its own ` +
          'page, or from code without an Origin header.',
      );
      return;
    }
    next();
  };
}

/** Counts open event streams; past {@link MAX_EVENT_STREAMS}, new ones get 503. */
export class StreamLimit {
  private open = 0;

  constructor(private readonly max = MAX_EVENT_STREAMS) {}

  /** Takes a slot for the stream of `res` (freed when it closes), or answers 503 and returns false. */
  admit(req: Request, res: Response): boolean {
    if (this.open >= this.max) {
      res
        .status(503)
        .set('retry-after', '5')
        .json({
          error: {
            reason: 'TOO_MANY_STREAMS',
            message: `${this.max} sandbox pages are open already: close some tabs and reload.`,
          },
        });
      return false;
    }
    this.open += 1;
    req.on('close', () => {
      this.open -= 1;
    });
    return true;
  }

  /** Streams open now. */
  get size(): number {
    return this.open;
  }
}

function hostOfOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? withPort(url.host.toLowerCase()) : '';
  } catch {
    return ''; // "null" (sandboxed frames, file://) or garbage
  }
}

/** `host:port`, with HTTP's default port when the header leaves it out. */
function withPort(host: string): string {
  return host === '' || /:\d+$/.test(host) ? host : `${host}:80`;
}

function refuse(res: Response, reason: string, message: string): void {
  res.status(403).json({ error: { reason, message } });
}
