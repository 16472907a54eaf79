/**
 * Durable intake on Redis Streams with consumer groups: a verified batch is appended to the streams
 * before the webhook answers 200, any live instance runs the turns, and an entry is acknowledged only
 * when its turn has finished. Nothing acknowledged to Meta lives only in one process's memory.
 *
 * - Events are spread over `partitions` streams by conversation. Each partition is read by one live
 *   instance at a time, which holds a lease on it (renewed every quarter lease); the partitions are
 *   shared evenly among the live instances. So a conversation runs in order across instances.
 * - An instance that dies stops renewing: after `leaseMs` another takes the partition, claims the dead
 *   instance's unfinished entries (`XAUTOCLAIM`, idle for `leaseMs`) and runs them before anything
 *   newer of that partition.
 * - Meta's redeliveries are dropped by the dedupe mark, written in the same script as the entry.
 *   A claimed entry is unfinished by definition (finishing acknowledges it); the one window left is
 *   a crash between the end of a turn and its acknowledgement (milliseconds), where the turn runs again.
 * - When Redis cannot be reached, `append` rejects and the webhook answers 503: Meta keeps the event.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { eventConversationId, eventDedupeKey } from '../inbound';
import { stateKeys } from '../state/keys';
import type { WebhookEventRef } from '../webhook/envelope';
import type { ResolvedDurableIntakeOptions } from './durableOptions';
import type { RawRedisStore } from './rawRedis';
import {
  ACK_SCRIPT,
  APPEND_SCRIPT,
  decodeStoredEvent,
  encodeStoredEvent,
  HEARTBEAT_SCRIPT,
  idleConsumers,
  LEASE_SCRIPT,
  parseClaimReply,
  parseReadReply,
  pendingConsumers,
  RELEASE_SCRIPT,
  RENEW_SCRIPT,
  STREAM_GROUP,
  type StreamEntry,
  streamKeys,
} from './streamCommands';

/** What the engine needs from the intake around it. */
export interface DurableIntakeDeps {
  readonly store: RawRedisStore;
  readonly dedupeTtlMs: number;
  /** Entries this instance runs at once, at most (turns queued or running). */
  readonly maxInFlight: number;
  /** True when turns can run (the bot logic is known). */
  readonly ready: () => boolean;
  /** Runs the turns of a stored event; `finished` is called once they are over (not when dropped). */
  readonly run: (ref: WebhookEventRef, finished: () => void) => void;
  /** Receives failures (ids and codes are logged from it, never contents). */
  readonly report: (error: unknown) => void;
}

interface Partition {
  renewedAt: number;
  /** True until no other consumer has pending entries in it (claimed ones run before new ones). */
  claiming: boolean;
  /** True when it is to be handed to another instance once its entries in flight are done. */
  releasing: boolean;
  cursor: string;
}

/** The partition of a conversation: a stable hash, the same on every instance. */
export function partitionOf(conversationId: string, partitions: number): number {
  return createHash('sha1').update(conversationId).digest().readUInt32BE(0) % partitions;
}

/** The durable intake engine of one instance (see the module documentation). */
export class DurableIntake {
  /** This instance's consumer name in the group. */
  readonly consumer = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly keys: ReturnType<typeof streamKeys>;
  private readonly owned = new Map<number, Partition>();
  /** Entries handed to turns and not yet acknowledged, by `partition:id`. */
  private readonly inFlight = new Set<string>();
  private readonly toAck = new Map<number, string[]>();
  /** Entries whose turn finished here and whose acknowledgement has not been confirmed, by `partition:id`. */
  private readonly finishedHere = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private housekeptAt = 0;
  private stopped = false;
  private failing = false;
  /**
   * Set after a failed round: a read or claim that timed out may still have run on the server and
   * moved entries to this consumer without its reply arriving. They are read again (`XREADGROUP`
   * from id 0, this consumer's pending entries) before anything new.
   */
  private recovering = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ResolvedDurableIntakeOptions,
    private readonly deps: DurableIntakeDeps,
  ) {
    this.keys = streamKeys(deps.store.prefix);
  }

  /** Entries this instance is running or about to run. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Marks and appends a verified batch, atomically per event; resolves with how many were new.
   * Rejects (`STORE_UNAVAILABLE`) when Redis does not answer: then answer 503.
   */
  async append(events: readonly WebhookEventRef[]): Promise<number> {
    if (events.length === 0) return 0;
    const { store, dedupeTtlMs } = this.deps;
    const dedupe = events.map((ref) => store.prefix + stateKeys.dedupe(ref.accountId, eventDedupeKey(ref)));
    const streams = events.map((ref) =>
      this.keys.stream(partitionOf(eventConversationId(ref), this.options.partitions)),
    );
    const reply = await store.redisCommand([
      'EVAL',
      APPEND_SCRIPT,
      String(events.length * 2),
      ...dedupe,
      ...streams,
      String(events.length),
      JSON.stringify(randomBytes(9).toString('base64url')),
      String(Math.max(1, Math.ceil(dedupeTtlMs))),
      ...events.map(encodeStoredEvent),
    ]);
    return Number(reply);
  }

  /** Starts reading the streams (idempotent). */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.schedule(0);
  }

  /** Stops reading new entries (shutdown begins); running turns still finish and are acknowledged. */
  async stopReading(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.loop;
  }

  /**
   * Stops reading, acknowledges what finished, and gives up the partitions so that the others take
   * them at once (entries not finished here are claimed by them after `leaseMs`).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.loop;
    await this.flushAcks().catch((error: unknown) => this.deps.report(error));
    const { store } = this.deps;
    await Promise.allSettled(
      [...this.owned.keys()].map((p) => store.redisCommand(['EVAL', RELEASE_SCRIPT, '1', this.keys.lease(p), this.consumer])),
    );
    this.owned.clear();
    await store.redisCommand(['ZREM', this.keys.members, this.consumer]).catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.loop = this.tick().then((busy) => this.schedule(busy ? 0 : this.options.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  /** One round: housekeeping every quarter lease, claims, reads; true when there may be more to read. */
  private async tick(): Promise<boolean> {
    try {
      await this.flushAcks();
      // Without bot logic this instance cannot run turns: it takes no partition (and is not counted live).
      if (!this.deps.ready()) return false;
      if (Date.now() - this.housekeptAt >= this.options.leaseMs / 4) {
        await this.housekeep();
        this.housekeptAt = Date.now();
      }
      if (this.recovering) await this.rereadPending();
      await this.claim();
      const busy = await this.read();
      this.failing = false;
      return busy;
    } catch (error) {
      // Reported once per outage; the loop keeps trying (the store reconnects on its own).
      if (!this.failing) this.deps.report(error);
      this.failing = true;
      this.recovering = true;
      return false;
    }
  }

  /** Heartbeat, renew held leases, give back extra partitions, take free ones up to a fair share. */
  private async housekeep(): Promise<void> {
    const { store } = this.deps;
    const { leaseMs, partitions } = this.options;
    const live = Number(
      await store.redisCommand(['EVAL', HEARTBEAT_SCRIPT, '1', this.keys.members, this.consumer, String(leaseMs)]),
    );
    const share = Math.ceil(partitions / Math.max(1, live));
    const held = [...this.owned.keys()];
    if (held.length > 0) {
      const renewed = await store.redisCommand([
        'EVAL',
        RENEW_SCRIPT,
        String(held.length),
        ...held.map((p) => this.keys.lease(p)),
        this.consumer,
        String(leaseMs),
      ]);
      held.forEach((p, index) => {
        const ok = Array.isArray(renewed) && Number(renewed[index]) === 1;
        const partition = this.owned.get(p);
        if (ok && partition) partition.renewedAt = Date.now();
        else this.owned.delete(p);
      });
    }
    await this.rebalance(share);
  }

  private async rebalance(share: number): Promise<void> {
    const { store } = this.deps;
    const { leaseMs, partitions } = this.options;
    let extra = this.owned.size - share;
    for (const partition of this.owned.values()) {
      if (extra <= 0) break;
      partition.releasing = true;
      extra--;
    }
    for (const [p, partition] of this.owned) {
      // Not while an unanswered read may have left entries here that are not known yet.
      if (!partition.releasing || this.recovering || this.hasInFlight(p)) continue;
      await this.flushAcks();
      await store.redisCommand(['EVAL', RELEASE_SCRIPT, '1', this.keys.lease(p), this.consumer]);
      this.owned.delete(p);
    }
    const start = Math.floor(Math.random() * partitions);
    for (let i = 0; i < partitions && this.owned.size < share; i++) {
      const p = (start + i) % partitions;
      if (this.owned.has(p)) continue;
      const taken = Number(
        await store.redisCommand([
          'EVAL',
          LEASE_SCRIPT,
          '2',
          this.keys.lease(p),
          this.keys.stream(p),
          this.consumer,
          String(leaseMs),
          STREAM_GROUP,
        ]),
      );
      if (taken !== 0) this.owned.set(p, { renewedAt: Date.now(), claiming: true, releasing: false, cursor: '0-0' });
    }
  }

  /** Claims entries other consumers left unfinished in partitions just taken (idle for a lease). */
  private async claim(): Promise<void> {
    const { store } = this.deps;
    for (const [p, partition] of this.owned) {
      if (!partition.claiming) continue;
      const stream = this.keys.stream(p);
      const reply = await store.redisCommand([
        'XAUTOCLAIM',
        stream,
        STREAM_GROUP,
        this.consumer,
        String(this.options.leaseMs),
        partition.cursor,
        'COUNT',
        String(this.options.readCount),
      ]);
      const { cursor, entries } = parseClaimReply(reply);
      partition.cursor = cursor;
      this.deliver(p, entries);
      if (cursor !== '0-0') continue;
      const others = pendingConsumers(await store.redisCommand(['XPENDING', stream, STREAM_GROUP]));
      if (others.every((name) => name === this.consumer)) {
        partition.claiming = false;
        await this.forgetGoneConsumers(stream);
      }
    }
  }

  /** Delivers this consumer's pending entries that are neither running nor finished here. */
  private async rereadPending(): Promise<void> {
    for (const p of this.owned.keys()) {
      let after = '0';
      for (;;) {
        const reply = await this.readGroup([p], [after], this.options.readCount);
        const entries = parseReadReply(reply).flatMap(([, list]) => list);
        const last = entries[entries.length - 1];
        if (last === undefined) break;
        this.deliver(p, entries);
        after = last.id;
      }
    }
    this.recovering = false;
  }

  /** Removes the names of consumers that are gone (no pending entry, idle for a lease) from the group. */
  private async forgetGoneConsumers(stream: string): Promise<void> {
    const { store } = this.deps;
    const reply = await store.redisCommand(['XINFO', 'CONSUMERS', stream, STREAM_GROUP]);
    for (const name of idleConsumers(reply, this.options.leaseMs)) {
      if (name !== this.consumer) await store.redisCommand(['XGROUP', 'DELCONSUMER', stream, STREAM_GROUP, name]);
    }
  }

  /** Reads new entries of the partitions held (not while claiming or handing one over). */
  private async read(): Promise<boolean> {
    const room = this.deps.maxInFlight - this.inFlight.size;
    const readable = [...this.owned].filter(([, partition]) => !partition.claiming && !partition.releasing);
    if (room <= 0 || readable.length === 0) return room <= 0 && readable.length > 0;
    const count = Math.min(room, this.options.readCount);
    const reply = await this.readGroup(
      readable.map(([p]) => p),
      readable.map(() => '>'),
      count,
    );
    let got = 0;
    for (const [key, entries] of parseReadReply(reply)) {
      const p = readable.find(([q]) => this.keys.stream(q) === key)?.[0];
      if (p === undefined) continue;
      got += entries.length;
      this.deliver(p, entries);
    }
    return got >= count;
  }

  /** `XREADGROUP` as this consumer: partition `partitions[i]` from id `ids[i]` (`>`: new entries). */
  private readGroup(partitions: readonly number[], ids: readonly string[], count: number): Promise<unknown> {
    return this.deps.store.redisCommand([
      'XREADGROUP',
      'GROUP',
      STREAM_GROUP,
      this.consumer,
      'COUNT',
      String(count),
      'STREAMS',
      ...partitions.map((p) => this.keys.stream(p)),
      ...ids,
    ]);
  }

  private deliver(p: number, entries: readonly StreamEntry[]): void {
    for (const entry of entries) {
      const key = `${p}:${entry.id}`;
      if (this.inFlight.has(key) || this.finishedHere.has(key)) continue;
      const ref = entry.payload === undefined ? undefined : decodeStoredEvent(entry.payload);
      if (ref === undefined) {
        // Not an event this package wrote: it can never run, so it must not block the partition.
        this.deps.report(new Error(`Durable intake: stream entry ${entry.id} of partition ${p} is not an event; dropped.`));
        this.queueAck(p, entry.id);
        continue;
      }
      this.inFlight.add(key);
      this.deps.run(ref, () => {
        this.inFlight.delete(key);
        this.queueAck(p, entry.id);
      });
    }
  }

  private queueAck(p: number, id: string): void {
    this.finishedHere.add(`${p}:${id}`);
    const list = this.toAck.get(p);
    if (list) list.push(id);
    else this.toAck.set(p, [id]);
    if (this.toAck.size === 1 && list === undefined) {
      setImmediate(() => {
        this.flushAcks().catch((error: unknown) => {
            if (!this.failing && !this.stopped) this.deps.report(error);
        });
      });
    }
  }

  /** Acknowledges (and deletes) finished entries; on failure they stay queued for the next try. */
  private async flushAcks(): Promise<void> {
    const batches = [...this.toAck];
    this.toAck.clear();
    for (let i = 0; i < batches.length; i++) {
      const [p, ids] = batches[i] as [number, string[]];
      try {
        await this.deps.store.redisCommand(['EVAL', ACK_SCRIPT, '1', this.keys.stream(p), STREAM_GROUP, ...ids]);
        for (const id of ids) this.finishedHere.delete(`${p}:${id}`);
      } catch (error) {
        for (const [q, rest] of batches.slice(i)) this.toAck.set(q, [...(this.toAck.get(q) ?? []), ...rest]);
        throw error;
      }
    }
  }

  private hasInFlight(p: number): boolean {
    const prefix = `${p}:`;
    for (const key of this.inFlight) if (key.startsWith(prefix)) return true;
    for (const key of this.finishedHere) if (key.startsWith(prefix)) return true;
    return false;
  }
}
