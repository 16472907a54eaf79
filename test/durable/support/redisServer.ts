/**
 * A private `redis-server` for fault tests, on its own port, stopped by PID (SIGSTOP / SIGCONT for
 * stalls, SIGKILL at the end).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import Redis from 'ioredis';

/** True when a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A running private Redis. */
export interface PrivateRedis {
  readonly url: string;
  readonly process: ChildProcess;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Resumes a paused server (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

/** Starts `redis-server` on `port` without persistence and waits until it answers PING. */
export async function startRedisServer(port: number): Promise<PrivateRedis> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}/0`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {}); // refused while the server starts: retried below
  const until = Date.now() + 5000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    process: child,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }),
  };
}
