/**
 * Replacing attachments by link lines without changing the order of what the user sees: an activity
 * whose attachments are partly links becomes several activities (text and links, media, more links
 * ...) in the original order. Pure, on plain activities.
 *
 * @module
 */
import type { PlainActivity, PlainAttachment } from '../../adapter/activity';

/** One attachment place of an outgoing activity: the attachment to send, or the line that replaces it. */
export type AttachmentSlot =
  | { readonly kind: 'attachment'; readonly attachment: PlainAttachment }
  | { readonly kind: 'link'; readonly line: string };

interface Piece {
  text: string | undefined;
  attachments: PlainAttachment[];
  /** Its text ends with a link line (the next one joins it on a new line). */
  links: boolean;
}

/** Send API options that belong to the first message of an activity only. */
const FIRST_ONLY = ['reply_to', 'sender_action'] as const;
/** Send API options that belong to the last message of an activity only. */
const LAST_ONLY = ['quick_replies'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function withoutKeys(channelData: unknown, keys: readonly string[]): unknown {
  if (!isRecord(channelData) || keys.length === 0) return channelData;
  const strip = (layer: Record<string, unknown>): Record<string, unknown> => {
    const copy = { ...layer };
    for (const key of keys) delete copy[key];
    return copy;
  };
  const out = strip(channelData);
  for (const nested of ['facebook', 'instagram']) {
    const layer = channelData[nested];
    if (isRecord(layer)) out[nested] = strip(layer);
  }
  return out;
}

function joinLine(text: string | undefined, line: string, links: boolean): string {
  if (text === undefined || text === '') return line;
  return `${text}${links ? '\n' : '\n\n'}${line}`;
}

/**
 * The activities to send for `activity` with its attachments replaced by `slots` (same order).
 *
 * - No link: one activity, `attachments` = the slots' attachments.
 * - With links: each activity is text then media, as the outbound mapping sends it. Link lines join
 *   the text before them (one line each) while no media came since; a link after media starts a
 *   new activity. The order of text, media and links is kept.
 * - Options of the first message (`channelData.reply_to`, `sender_action`) stay on the first activity;
 *   those of the last (`suggestedActions`, `channelData.quick_replies`) on the last; everything else
 *   (`messaging_type`, `tag`, `metadata`, ...) on each.
 *
 * @example
 * ```ts
 * splitAtLinks({ type: 'message', text: 'Your files' }, [
 *   { kind: 'attachment', attachment: photo },
 *   { kind: 'link', line: 'video.mov: https://cdn.example/video.mov' },
 * ]);
 * // [{ type: 'message', text: 'Your files', attachments: [photo] },
 * //  { type: 'message', text: 'video.mov: https://cdn.example/video.mov' }]
 * ```
 */
export function splitAtLinks(activity: PlainActivity, slots: readonly AttachmentSlot[]): PlainActivity[] {
  const pieces: Piece[] = [];
  let current: Piece = { text: activity.text, attachments: [], links: false };
  for (const slot of slots) {
    if (slot.kind === 'attachment') {
      // Text goes out before the attachments of the same activity, so media may follow links here.
      current.attachments.push(slot.attachment);
    } else if (current.attachments.length === 0) {
      current.text = joinLine(current.text, slot.line, current.links);
      current.links = true;
    } else {
      pieces.push(current);
      current = { text: slot.line, attachments: [], links: true };
    }
  }
  pieces.push(current);
  if (pieces.length === 1) return [toActivity(activity, current, true, true)];
  return pieces.map((piece, index) => toActivity(activity, piece, index === 0, index === pieces.length - 1));
}

function toActivity(source: PlainActivity, piece: Piece, first: boolean, last: boolean): PlainActivity {
  const out: PlainActivity = { ...source };
  if (piece.text === undefined) delete out.text;
  else out.text = piece.text;
  if (piece.attachments.length === 0) delete out.attachments;
  else out.attachments = piece.attachments;
  if (!first) delete out.speak;
  if (!last) delete out.suggestedActions;
  if (source.channelData !== undefined) {
    const drop = [...(first ? [] : FIRST_ONLY), ...(last ? [] : LAST_ONLY)];
    out.channelData = withoutKeys(source.channelData, drop);
  }
  return out;
}
