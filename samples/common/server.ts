/**
 * Starting and stopping the samples' web servers: listen, close (keep-alive connections included),
 * a graceful shutdown on SIGINT / SIGTERM, and {@link startSample}, which does all of it for a
 * sample's express app and adapter.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { OwnerLog } from './ownerLog';

/** Listens on `port` (0: any free port) and resolves once the server accepts connections. */
export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const onListening = (error?: Error) => (error ? reject(error) : resolve(server));
    const server = host === undefined ? app.listen(port, onListening) : app.listen(port, host, onListening);
    server.once('error', reject);
  });
}

/** `http://<host>:<port>` of a listening server (loopback when it listens on every interface). */
export function baseUrlOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host =
    address.address === '::' || address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}

/** Stops accepting connections, ends idle keep-alive ones, and resolves when the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/**
 * Calls `close` once on the first SIGINT (Ctrl+C) or SIGTERM (Docker, Kubernetes, systemd), then
 * exits with code 0 (1 if closing failed). A second signal exits at once.
 */
export function stopOnSignals(close: () => Promise<void>, log: OwnerLog): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error: error instanceof Error ? error.name : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** What each sample's `start()` resolves: the server, the adapter, and how to stop both. */
export interface RunningSample<TAdapter> {
  /** The listening HTTP server. */
  readonly server: Server;
  /** The Messenger adapter (for proactive messages, `whenIdle()` in tests, ...). */
  readonly adapter: TAdapter;
  /** The webhook URL to give Meta (through a tunnel) or the sandbox, e.g. `http://127.0.0.1:3978/api/messages`. */
  readonly webhookUrl: string;
  /** Stops the server, waits for running turns, releases the adapter. Safe to call twice. */
  close(): Promise<void>;
}

/** Closes `server`, then `adapter` (its running turns finish first); only the first call does the work. */
export function closerOf(server: Server, adapter: { close(): Promise<unknown> }): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      await closeServer(server);
      await adapter.close();
    })();
    return closing;
  };
}

/** What a sample's `createApp()` builds: the express app and the adapter it serves. */
export interface SampleApp<TAdapter> {
  /** The express app, serving the webhook at `/api/messages` (where botbuilder bots serve theirs). */
  readonly app: Express;
  /** The adapter behind the webhook. */
  readonly adapter: TAdapter;
}

/**
 * Serves a sample's app on `where.port` (default 3978; 0 picks a free port) and resolves once it
 * accepts connections; the running sample's `webhookUrl` is the app's `/api/messages`. When
 * `beforeListening` (work the webhook needs first, such as the Page's Get Started button) or
 * listening fails, the adapter is closed and the error rethrown.
 *
 * @example
 * ```ts
 * export async function start(options: EchoOptions): Promise<RunningSample<MessengerAdapter>> {
 *   return startSample(createApp(options, options.log ?? consoleOwnerLog('echo')), options);
 * }
 * ```
 */
export async function startSample<TAdapter extends { close(): Promise<unknown> }>(
  sample: SampleApp<TAdapter>,
  where: { port?: number; host?: string },
  beforeListening?: () => Promise<void>,
): Promise<RunningSample<TAdapter>> {
  const { app, adapter } = sample;
  try {
    await beforeListening?.();
    const server = await listen(app, where.port ?? 3978, where.host);
    return {
      server,
      adapter,
      webhookUrl: `${baseUrlOf(server)}/api/messages`,
      close: closerOf(server, adapter),
    };
  } catch (error) {
    await adapter.close();
    throw error;
  }
}
