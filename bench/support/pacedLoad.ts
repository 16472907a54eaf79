/**
 * An open-loop load at a steady rate: request `i` is due at `start + i / rate`, whatever the server
 * answers, on at most `connections` keep-alive connections (a request due while all of them are busy
 * waits for one; its latency still counts from when it was due).
 *
 * Why not autocannon's `overallRate`: autocannon lets each connection send its share of a second's
 * requests as fast as the answers come back, then waits for the next second. Against a server that
 * answers at once, each second's requests all arrive in its first few milliseconds; against one whose
 * answer waits for the turn (botkit's), they spread out over the second. So the two servers would not
 * get the same arrival process at the same nominal rate. Here both do: the same schedule, evenly
 * spaced, as wrk2 and k6's constant-arrival-rate executor send it.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** One request of the load: the path, headers and body to POST. */
export interface PacedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What a paced load measured. */
export interface PacedResult {
  /** Requests sent (due within the window). */
  readonly sent: number;
  /** Answers with a 2xx status. */
  readonly ok: number;
  /** Answers with any other status, plus requests that failed. */
  readonly non2xx: number;
  /** Answers per second of the window. */
  readonly requestsPerSecond: number;
  /** Latency percentiles in ms, counted from when each request was due. */
  readonly p50: number;
  readonly p99: number;
}

/** Options of {@link pacedLoad}. */
export interface PacedLoadOptions {
  /** `http://host:port` of the server. */
  readonly origin: string;
  /** Requests per second. */
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  /** Makes the next request (called once per request, when it is due). */
  readonly next: () => PacedRequest;
}

/** The `q` quantile of ascending `sorted` values (0 when empty). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

/**
 * Sends requests at `rate` per second for `seconds`, then waits for every answer.
 * Resolves with the counts and the latencies.
 */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedResult> {
  const pool = new Pool(options.origin, { connections: options.connections });
  const latencies: number[] = [];
  const answers: Promise<void>[] = [];
  let ok = 0;
  let failed = 0;
  let sent = 0;
  const total = Math.floor(options.rate * options.seconds);
  const start = performance.now();
  const send = (dueAt: number): Promise<void> => {
    const { path, headers, body } = options.next();
    return pool
      .request({ path, method: 'POST', headers, body })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) ok++;
        else failed++;
      })
      .catch(() => {
        failed++;
      })
      .finally(() => latencies.push(performance.now() - dueAt));
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      // every request due by now goes out (late ones at once, keeping their due time)
      const due = Math.min(total, Math.floor(((now - start) / 1000) * options.rate) + 1);
      while (sent < due) {
        answers.push(send(start + (sent * 1000) / options.rate));
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + (sent * 1000) / options.rate - performance.now()));
    };
    tick();
  });
  await Promise.all(answers);
  const elapsedSeconds = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    ok,
    non2xx: failed,
    requestsPerSecond: (ok + failed) / Math.max(options.seconds, elapsedSeconds),
    p50: Math.round(quantile(latencies, 0.5)),
    p99: Math.round(quantile(latencies, 0.99)),
  };
}
