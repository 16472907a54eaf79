/**
 * Redelivery keys: Meta retries a notification it thinks failed, so the same event can arrive twice.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { WebhookEventRef } from '../webhook/envelope';
import { classifyEvent, type InboundEvent } from './eventKind';

/** One step of {@link canonicalJson}: literal text to emit, or a value to serialize. */
type CanonicalStep = { readonly text: string } | { readonly value: unknown };

/**
 * JSON with object keys sorted at every level, so key order never changes a key. Iterative (an
 * explicit stack): a signed body nested thousands of levels deep must not overflow the call stack.
 */
function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: CanonicalStep[] = [{ value: root }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if ('text' in step) {
      out.push(step.text);
      continue;
    }
    const value = step.value;
    const steps: CanonicalStep[] = [];
    if (Array.isArray(value)) {
      steps.push({ text: '[' });
      value.forEach((item: unknown, index) => {
        if (index > 0) steps.push({ text: ',' });
        steps.push({ value: item });
      });
      steps.push({ text: ']' });
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      steps.push({ text: '{' });
      keys.forEach((key, index) => {
        steps.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        steps.push({ value: record[key] });
      });
      steps.push({ text: '}' });
    } else {
      out.push(JSON.stringify(value) ?? 'null');
      continue;
    }
    for (let i = steps.length - 1; i >= 0; i--) stack.push(steps[i] as CanonicalStep);
  }
  return out.join('');
}

/** 128 bits of SHA-256 over the account id and the event's canonical JSON, base64url (22 characters). */
function contentHash(ref: Pick<WebhookEventRef, 'accountId' | 'event'>): string {
  return createHash('sha256')
    .update(`${ref.accountId}\n${canonicalJson(ref.event)}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The key under which an event is remembered to drop redeliveries: equal for the same event delivered
 * again, different for distinct events.
 *
 * | event | key |
 * |---|---|
 * | message, echo, postback with a `mid` | the `mid` |
 * | unsend (`is_deleted`) | `${mid}:deleted` (it carries the ORIGINAL message's mid) |
 * | edit (`message_edit`) with `num_edit` | `${mid}:edit:${num_edit}` (the original mid, once per edit) |
 * | everything else: reactions (which carry the TARGET mid), reads, deliveries, referrals, opt-ins, handover, policy, `changes[]`, unknown | `${kind}:${hash}`, the hash being 128 bits of SHA-256 over the account id and the event's JSON with sorted keys |
 *
 * So a reaction, its removal and a second identical reaction (each has its own `timestamp`) are three
 * distinct events, while a redelivered one matches. Store keys are per account
 * (`stateKeys.dedupe(accountId, key)`).
 *
 * @example
 * ```ts
 * const fresh = await store.setIfAbsent(stateKeys.dedupe(ref.accountId, eventDedupeKey(ref)), 1, 24 * 3600_000);
 * if (!fresh) return; // already handled
 * ```
 */
export function eventDedupeKey(ref: Pick<WebhookEventRef, 'accountId' | 'source' | 'event'>): string {
  return dedupeKeyOf(ref, classifyEvent(ref));
}

/**
 * {@link eventDedupeKey} of an event already classified: `classified` must be `classifyEvent(ref)`
 * (the intake classifies each event once, for this key and for its activities).
 */
export function dedupeKeyOf(
  ref: Pick<WebhookEventRef, 'accountId' | 'source' | 'event'>,
  classified: InboundEvent,
): string {
  switch (classified.kind) {
    case 'message':
    case 'echo':
      if (classified.message.mid !== undefined) return classified.message.mid;
      break;
    case 'postback':
      if (classified.postback.mid !== undefined) return classified.postback.mid;
      break;
    case 'messageDelete':
      return `${classified.message.mid}:deleted`;
    case 'messageEdit':
      if (classified.edit.num_edit !== undefined)
        return `${classified.edit.mid}:edit:${classified.edit.num_edit}`;
      break;
    default:
      break;
  }
  return `${classified.kind}:${contentHash(ref)}`;
}
