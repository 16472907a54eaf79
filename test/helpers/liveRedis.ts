/**
 * The suites that need a live Redis (or the `redis-server` binary) call {@link requireRedis} in a
 * `before` hook. On a developer's machine without Redis they stay pending and say why; under CI
 * (`CI` set: `.ci/run` starts Redis and exports `REDIS_URL`) a missing Redis fails instead, so it can
 * never hide a whole suite there.
 */

/** The Redis the live-Redis suites use, from `REDIS_URL`. */
export const REDIS_URL = process.env.REDIS_URL;

/**
 * Skips the calling suite (outside CI) unless `available`; under CI throws, naming what is missing.
 *
 * @param available Whether the suite has what it needs; default: `REDIS_URL` is set.
 * @param what What is missing, for the message.
 */
export function requireRedis(
  context: Mocha.Context,
  available: boolean = REDIS_URL !== undefined,
  what = 'REDIS_URL is not set',
): void {
  if (available) return;
  if (process.env.CI) {
    throw new Error(`${what}: .ci/run starts Redis and exports REDIS_URL, so under CI these tests must run.`);
  }
  context.skip(); // no Redis on this machine: `REDIS_URL=redis://127.0.0.1:6379/15 npm test` runs them
}
