/**
 * The Graph API client: raw and typed calls, error mapping, usage headers.
 *
 * @module
 */
export { replyToComment } from './commentReplies';
export {
  CONVERSATION_MESSAGE_FIELDS,
  type ConversationMessage,
  findConversation,
  readConversationMessages,
} from './conversations';
export {
  GraphClient,
  type GraphRawOptions,
  INSTAGRAM_USER_PROFILE_FIELDS,
  MAX_THREAD_CONTROL_EXTENSION_SECONDS,
  MAX_UPLOAD_BYTES,
  MESSENGER_USER_PROFILE_FIELDS,
  type UploadAttachmentInput,
} from './graphClient';
export {
  classifyGraphError,
  type GraphCallContext,
  RATE_LIMIT_GRAPH_CODES,
  RETIRED_MESSAGE_TAGS,
  toGraphApiError,
} from './graphErrors';
export type { GraphResponse } from './graphTransport';
export {
  type IceBreaker,
  type IceBreakersForLocale,
  MESSENGER_PROFILE_FIELDS,
  type MessengerProfile,
  type MessengerProfileField,
  type PersistentMenu,
  type PersistentMenuItem,
} from './messengerProfile';
export {
  DEFAULT_GRAPH_MAX_RETRIES,
  DEFAULT_GRAPH_RETRY_BASE_MS,
  DEFAULT_GRAPH_RETRY_MAX_MS,
  DEFAULT_GRAPH_TIMEOUT_MS,
  DEFAULT_TOKEN_CACHE_TTL_MS,
  type GraphClientOptions,
  type GraphHttpClient,
  type GraphRetryInfo,
} from './options';
export { createPersona, deletePersona, listPersonas, type Persona } from './personas';
export {
  type CloneTemplateInput,
  type CreatedTemplate,
  type CreateTemplateInput,
  cloneLibraryTemplate,
  createMessageTemplate,
  getTemplateStatus,
  type LibrarySearch,
  type LibraryTemplate,
  listMessageTemplates,
  type PageTemplate,
  searchTemplateLibrary,
  type TemplateStatus,
} from './templates';
export { appSecretProof } from './tokens';
export { type GraphResponseHeaders, parseUsageHeaders } from './usageHeaders';
