/**
 * The local Messenger sandbox: Meta's side of Messenger and Instagram on loopback, for `npm start`
 * without a Facebook account and for tests without hand-written HTTP fixtures.
 *
 * @example
 * ```ts
 * import { startSandbox } from './sandbox';
 *
 * const sandbox = await startSandbox({ appSecret, verifyToken, appId, pages: [{ id: pageId, token }], botWebhookUrl });
 * await sandbox.user().say('hi');
 * ```
 *
 * @module
 */

export { PageInbox } from './actions/inbox';
export type { NextReplyOptions, UserEvent } from './actions/user';
export { SandboxUser } from './actions/user';
export type { UserOptions } from './actions/users';
export type { WaitOptions } from './actions/waitFor';
export { createClock, DAY_MS, HOUR_MS, type SandboxClock } from './clock';
export { SandboxError, type SandboxErrorReason } from './errors';
export type { GraphErrorObject } from './graph/graphErrors';
export type { RateLimitOptions } from './graph/throttle';
export { USAGE_HEADER } from './graph/throttle';
export { LOCAL_SETTINGS, type LocalBot, type LocalBotSettings, type LocalOptions, startLocal } from './local';
export type { LogEntry } from './log';
export type { SandboxOptions } from './options';
export { type Sandbox, type SentFilter, startSandbox } from './sandbox';
export type { WebhookDelivery } from './webhook/driver';
export { appSecretProofOf, metaJson, signatureOf } from './webhook/serialize';
export type { BotRefusal, RefusedBy, SendOutcome, SendRecord, WindowStateName } from './world/sendRecord';
export type { Author, JsonObject, Platform, SentMessage, TranscriptEntry } from './world/types';
export type { InstagramLoginAccountConfig, PageConfig } from './world/world';
