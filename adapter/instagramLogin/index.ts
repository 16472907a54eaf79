/**
 * Instagram API with Instagram Login: its options, and how the adapter learns and marks the accounts
 * that use it (webhooks signed with the Instagram app secret, references on its host).
 *
 * @module
 */
export {
  DEFAULT_INSTAGRAM_GRAPH_API_URL,
  type InstagramLoginOptions,
  instagramGraphApiUrl,
} from './options';
export {
  type InstagramLoginRouting,
  markInstagramLoginEvents,
  noteInstagramLoginReference,
} from './webhookAccounts';
