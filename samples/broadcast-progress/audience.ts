/**
 * Who to send the status update to: the conversations whose user wrote in the last 24 hours.
 *
 * Kept in this process's memory, which is enough for one instance. With several instances behind a
 * load balancer, keep the references in your database instead (one row per conversation, with the
 * time of the user's last message), and read them back as an (async) iterable for `fanOut`.
 *
 * @module
 */
import type { ConversationReference } from 'botbuilder';

/** Inside Meta's standard messaging window. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

export class Audience {
  private readonly byConversation = new Map<
    string,
    { reference: Partial<ConversationReference>; at: number }
  >();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Records that the user of `reference` wrote now. */
  add(reference: Partial<ConversationReference>): void {
    const id = reference.conversation?.id;
    if (id) this.byConversation.set(id, { reference, at: this.now() });
  }

  /** The references of users who wrote in the last 24 hours, oldest first. Older ones are forgotten. */
  recent(): Partial<ConversationReference>[] {
    const since = this.now() - WINDOW_MS;
    const recent: Partial<ConversationReference>[] = [];
    for (const [id, entry] of this.byConversation) {
      if (entry.at >= since) recent.push(entry.reference);
      else this.byConversation.delete(id);
    }
    return recent;
  }

  /** Every reference, however old (the demo uses it to show skipped conversations). */
  all(): Partial<ConversationReference>[] {
    return [...this.byConversation.values()].map((entry) => entry.reference);
  }

  get size(): number {
    return this.byConversation.size;
  }
}
