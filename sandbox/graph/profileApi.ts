/**
 * Node reads and settings: `GET /{user-id}` (user profile), `GET /me`, the Messenger profile
 * (`GET|POST|DELETE /me/messenger_profile`) and `subscribed_apps`.
 *
 * @module
 */
import { z } from 'zod';
import type { Account, JsonObject } from '../world/types';
import { accountsAt, type GraphHandler } from './call';
import { graphErrors } from './graphErrors';
import { parseParam } from './messageRules';

const USER_FIELDS = {
  messenger: ['id', 'name', 'first_name', 'last_name', 'profile_pic', 'locale', 'timezone'],
  instagram: [
    'id',
    'name',
    'username',
    'profile_pic',
    'follower_count',
    'is_user_follow_business',
    'is_business_follow_user',
    'is_verified_user',
  ],
} as const;
const DEFAULT_USER_FIELDS = {
  messenger: 'first_name,last_name,profile_pic',
  instagram: 'name,username,profile_pic',
};
const ACCOUNT_FIELDS = ['id', 'name', 'username', 'messaging_feature_status'];

/** The settings `messenger_profile` accepts. */
export const PROFILE_FIELDS = [
  'get_started',
  'greeting',
  'persistent_menu',
  'ice_breakers',
  'whitelisted_domains',
  'account_linking_url',
  'commands',
  'title',
  'description',
] as const;

const fieldsOf = (value: string | undefined, fallback: string): string[] =>
  (value ?? fallback)
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');

/** `GET /{node}`: a user's profile when the node is a PSID / IGSID, else the Page / IG account. */
export const getNode: GraphHandler = (call, { engine }) => {
  const conversation = engine.world.conversationOfUser(call.node);
  if (conversation === undefined)
    return { body: accountNode(accountsAt(call)[0] ?? call.accounts[0], call.query.fields) };
  if (!call.accounts.includes(conversation.account)) throw graphErrors.unsupportedRequest('GET', call.node);
  const { user, account } = conversation;
  if (account.platform === 'instagram' && conversation.lastUserMessageAt === undefined) {
    throw graphErrors.profileConsentRequired();
  }
  const values: JsonObject = {
    id: user.id,
    name: `${user.firstName} ${user.lastName}`,
    first_name: user.firstName,
    last_name: user.lastName,
    profile_pic: `${engine.publicUrl}/sandbox/media/avatar.png?uid=${user.id}`,
    locale: 'en_US',
    timezone: 0,
    username: user.username,
    follower_count: 128,
    is_user_follow_business: true,
    is_business_follow_user: false,
    is_verified_user: false,
  };
  const allowed: readonly string[] = USER_FIELDS[account.platform];
  const answer: JsonObject = {};
  for (const field of fieldsOf(call.query.fields, DEFAULT_USER_FIELDS[account.platform])) {
    if (!allowed.includes(field))
      throw graphErrors.nonexistingField(field, account.platform === 'instagram' ? 'IGUser' : 'User');
    answer[field] = values[field];
  }
  answer.id = user.id;
  return { body: answer, conversationId: conversation.id };
};

function accountNode(account: Account | undefined, fields: string | undefined): JsonObject {
  if (account === undefined) throw graphErrors.invalidToken();
  const values: JsonObject = {
    id: account.id,
    name: account.name,
    username: account.username,
    messaging_feature_status: { hop_v2: false, msgr_multi_app: true, ig_multi_app: false },
  };
  const answer: JsonObject = {};
  for (const field of fieldsOf(fields, 'id,name')) {
    if (!ACCOUNT_FIELDS.includes(field) || (field === 'username' && account.platform !== 'instagram')) {
      throw graphErrors.nonexistingField(field, account.platform === 'instagram' ? 'IGUser' : 'Page');
    }
    answer[field] = values[field];
  }
  answer.id = account.id;
  return answer;
}

/** The account a `messenger_profile` call configures: `platform=instagram` selects the linked IG account. */
function profileAccount(call: Parameters<GraphHandler>[0]): Account {
  const accounts = accountsAt(call);
  const platform =
    call.query.platform ?? (typeof call.body.platform === 'string' ? call.body.platform : undefined);
  const wanted =
    platform === 'instagram' ? accounts.find((account) => account.platform === 'instagram') : accounts[0];
  if (wanted === undefined) {
    throw graphErrors.invalidParameter(
      'Param platform=instagram needs an Instagram account linked to this Page',
    );
  }
  return wanted;
}

const profileBody = z
  .looseObject({
    get_started: z.looseObject({ payload: z.string().min(1).max(1000) }).optional(),
    greeting: z
      .array(
        z.looseObject({ locale: z.string(), text: z.string().max(160, 'must be at most 160 characters') }),
      )
      .optional(),
    persistent_menu: z
      .array(
        z.looseObject({
          locale: z.string(),
          call_to_actions: z
            .array(z.looseObject({ type: z.string() }))
            .max(20)
            .optional(),
        }),
      )
      .optional(),
    ice_breakers: z.array(z.looseObject({})).max(4, 'must have at most 4 items').optional(),
    whitelisted_domains: z.array(z.string()).max(50).optional(),
  })
  .superRefine((body, ctx) => {
    if (!PROFILE_FIELDS.some((field) => field in body)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields'],
        message: `must include one of ${PROFILE_FIELDS.join(', ')}`,
      });
    }
  });

/** `GET /me/messenger_profile?fields=...`: `{ data: [ { <set fields> } ] }`. */
export const getMessengerProfile: GraphHandler = (call, { engine }) => {
  if (call.query.fields === undefined) throw graphErrors.invalidParameter('The parameter fields is required');
  const account = profileAccount(call);
  const profile = engine.world.messengerProfiles.get(account.id) ?? {};
  const answer: JsonObject = {};
  for (const field of fieldsOf(call.query.fields, '')) {
    if (!(PROFILE_FIELDS as readonly string[]).includes(field))
      throw graphErrors.nonexistingField(field, 'MessengerProfile');
    if (profile[field] !== undefined) answer[field] = profile[field];
  }
  return { body: { data: Object.keys(answer).length === 0 ? [] : [answer] } };
};

/** `POST /me/messenger_profile`: sets the given fields. */
export const setMessengerProfile: GraphHandler = (call, { engine }) => {
  parseParam(profileBody, call.body, []);
  const account = profileAccount(call);
  const profile = { ...(engine.world.messengerProfiles.get(account.id) ?? {}) };
  for (const field of PROFILE_FIELDS) if (call.body[field] !== undefined) profile[field] = call.body[field];
  engine.world.messengerProfiles.set(account.id, profile);
  engine.changed();
  return {
    body: { result: 'success' },
    note: Object.keys(call.body)
      .filter((key) => key !== 'platform')
      .join(', '),
  };
};

/** `DELETE /me/messenger_profile { fields: [...] }`. */
export const deleteMessengerProfile: GraphHandler = (call, { engine }) => {
  const raw = call.body.fields ?? call.query.fields;
  const fields = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? fieldsOf(raw, '') : [];
  if (fields.length === 0) throw graphErrors.invalidParameter('The parameter fields is required');
  const account = profileAccount(call);
  const profile = { ...(engine.world.messengerProfiles.get(account.id) ?? {}) };
  for (const field of fields) delete profile[field];
  engine.world.messengerProfiles.set(account.id, profile);
  engine.changed();
  return { body: { result: 'success' } };
};

/** `POST /me/subscribed_apps`: `{ success: true }`; `GET` lists the bot's app. */
export const subscribedApps: GraphHandler = (call, { engine }) => {
  const fields = call.query.subscribed_fields ?? call.body.subscribed_fields;
  if (call.method === 'POST')
    return { body: { success: true }, note: typeof fields === 'string' ? fields : '' };
  return { body: { data: [{ id: engine.appId, name: 'Your bot (sandbox)' }] } };
};
