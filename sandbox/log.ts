/**
 * The call log: every webhook the sandbox posted and every Graph call it answered, with payloads.
 *
 * @module
 */

/** One logged exchange. Tokens and `appsecret_proof` are never recorded. */
export interface LogEntry {
  /** Increasing id. */
  readonly id: number;
  /** Sandbox time. */
  readonly at: number;
  /** `webhook`: the sandbox posted to the bot; `graph`: the bot called the sandbox; `sandbox`: a note. */
  readonly kind: 'webhook' | 'graph' | 'sandbox';
  readonly method?: string;
  /** Path without query string (so no token). */
  readonly path?: string;
  /** HTTP status answered (graph) or received from the bot (webhook); undefined if none. */
  readonly status?: number;
  /** One line a human can scan, e.g. `messaging: message "hi"` or `POST /v27.0/me/messages -> 200`. */
  readonly summary: string;
  /** Request payload (webhook envelope, or Graph body / query without secrets). */
  readonly request?: unknown;
  /** Response payload. */
  readonly response?: unknown;
  /** Conversation the entry concerns, when known: `${userId}-${accountId}`. */
  readonly conversationId?: string;
}

/** A bounded, append-only log that tells listeners about each new entry. */
export class SandboxLog {
  private readonly items: LogEntry[] = [];
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private lastId = 0;

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Appends an entry (dropping the oldest past the limit) and returns it. */
  add(entry: Omit<LogEntry, 'id' | 'at'>): LogEntry {
    this.lastId += 1;
    const full: LogEntry = { id: this.lastId, at: this.now(), ...entry };
    this.items.push(full);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** The entries kept, oldest first. */
  entries(): readonly LogEntry[] {
    return this.items;
  }

  /** Calls `listener` for every new entry; returns a function that removes it. */
  onEntry(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * A text as a log summary shows it: in double quotes, without JSON escapes (`say "hi"`, not
 * `say \"hi\"`), line breaks as spaces, cut after `max` characters.
 */
export function quoted(text: string, max = 40): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return `"${flat.length > max ? `${flat.slice(0, max)}...` : flat}"`;
}

/** Removes secrets (`access_token`, `appsecret_proof`) from a query or body before it is logged. */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { access_token: _token, appsecret_proof: _proof, ...rest } = value as Record<string, unknown>;
  return rest;
}
