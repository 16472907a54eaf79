/**
 * Helpers for the inbound tests: frozen fixtures, their event refs, and a mapping run that proves the
 * input was neither mutated nor copied.
 */
import { expect } from 'chai';
import type { PlainActivity } from '../../adapter/activity';
import { eventToActivities, type InboundOptions } from '../../adapter/inbound';
import { parseEnvelope, type WebhookEventRef } from '../../adapter/webhook/envelope';
import { loadFixture } from '../fixtures';

/** Freezes a JSON value and everything in it, so any write throws (strict mode) or is lost. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The frozen body of a fixture, and its refs. Fails the test if the envelope is invalid. */
export function refsOf(name: string): { body: unknown; raw: string; refs: WebhookEventRef[] } {
  const { body, raw } = loadFixture(name);
  deepFreeze(body);
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(`${name}: ${parsed.error}`);
  return { body, raw, refs: parsed.events };
}

/** The only ref of a one-event fixture. */
export function onlyRef(name: string): WebhookEventRef {
  const { refs } = refsOf(name);
  expect(refs, `${name} has one event`).to.have.length(1);
  return refs[0]!;
}

/**
 * Maps every event of a fixture and checks the invariants every activity must keep: `channelData` is
 * the very event object, and the body still equals a fresh parse of the raw text.
 */
export function mapFixture(name: string, options?: InboundOptions): PlainActivity[] {
  const { body, raw, refs } = refsOf(name);
  const activities = refs.flatMap((ref) => {
    const out = eventToActivities(ref, options);
    for (const activity of out) expect(activity.channelData).to.equal(ref.event);
    return out;
  });
  expect(body).to.deep.equal(JSON.parse(raw));
  return activities;
}

/** `event.message` (or another key) of the only event of a fixture, for ids and URLs in expectations. */
export function field<T = Record<string, unknown>>(name: string, ...path: string[]): T {
  let value: unknown = onlyRef(name).event;
  for (const key of path) value = (value as Record<string, unknown>)[key];
  return value as T;
}

/**
 * The `value` of an event activity: `value` next to the raw event's own keys (Azure's Facebook channel
 * put the raw event in `value`); `value`'s keys win a clash.
 */
export function withRaw(name: string, value: Record<string, unknown>): Record<string, unknown> {
  return { ...onlyRef(name).event, ...value };
}
