/**
 * Reading Graph request bodies the ways Meta accepts them: JSON, form-encoded (JSON-valued fields
 * as text), and multipart (fields plus files).
 *
 * @module
 */
import type { JsonObject } from '../world/types';
import type { UploadedFile } from './call';

/** Fields whose form-encoded value is JSON text. */
const JSON_FIELDS = [
  'recipient',
  'message',
  'reply_to',
  'thread_control',
  'payload',
  'fields',
  'get_started',
  'greeting',
  'persistent_menu',
  'ice_breakers',
  'whitelisted_domains',
];

/** Parses JSON-valued fields that arrived as text (form and multipart posts); other fields stay as they are. */
export function normalizeFields(fields: JsonObject): JsonObject {
  const out: JsonObject = { ...fields };
  for (const key of JSON_FIELDS) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) continue;
    try {
      out[key] = JSON.parse(trimmed) as unknown;
    } catch {
      // left as text: the endpoint's own check reports the parameter as invalid
    }
  }
  return out;
}

/** Fields and files of a multipart body (parsed with the WHATWG FormData parser built into Node). */
export async function parseMultipart(
  raw: Buffer,
  contentType: string,
): Promise<{ fields: JsonObject; files: Record<string, UploadedFile> }> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const fields: JsonObject = {};
  const files: Record<string, UploadedFile> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields[name] = value;
    } else {
      files[name] = {
        bytes: Buffer.from(await value.arrayBuffer()),
        mimeType: value.type || 'application/octet-stream',
        filename: value.name,
      };
    }
  }
  return { fields, files };
}
