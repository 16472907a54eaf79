/**
 * Utility message templates (Messenger): Meta's template library, a Page's templates with their
 * approval, and the Send API rules for `messaging_type: UTILITY` (messenger-platform.md, "2026
 * additions", topic 1). Templates live beside the world (not in it), one list per Page.
 *
 * @module
 */
import { z } from 'zod';
import type { Account, JsonObject } from '../world/types';
import type { World } from '../world/world';
import type { Engine } from '../engine';
import { accountsAt, type GraphHandler } from './call';
import { graphErrors } from './graphErrors';
import { parseParam } from './messageRules';

/** A template of a Page. */
export interface SandboxTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: 'UTILITY';
  status: 'APPROVED' | 'REJECTED' | 'PENDING';
  readonly reason?: string;
  /** The body text with `{{1}}` / `{{name}}` placeholders. */
  readonly body: string;
  readonly parameterFormat: 'NAMED' | 'POSITIONAL';
}

/** Meta's library, as far as the sandbox models it: a few order and appointment templates. */
export const SANDBOX_TEMPLATE_LIBRARY: readonly JsonObject[] = [
  {
    id: '7125430210879361',
    name: 'order_confirmation_1',
    language: 'en',
    category: 'UTILITY',
    topic: 'ORDER_MANAGEMENT',
    usecase: 'ORDER_CONFIRMATION',
    industry: ['E_COMMERCE'],
    body: 'Thanks for your order! Your order number is {{1}}.',
    body_params: ['order number'],
    body_param_types: ['TEXT'],
    buttons: [{ type: 'URL', text: 'Manage order' }],
  },
  {
    id: '7125430210879362',
    name: 'order_shipped_1',
    language: 'en',
    category: 'UTILITY',
    topic: 'ORDER_MANAGEMENT',
    usecase: 'SHIPPING_UPDATE',
    industry: ['E_COMMERCE'],
    body: 'Good news! Your order {{1}} has shipped.',
    body_params: ['order number'],
    body_param_types: ['TEXT'],
    buttons: [{ type: 'POSTBACK', text: 'Track' }],
  },
  {
    id: '7125430210879363',
    name: 'appointment_reminder_1',
    language: 'en',
    category: 'UTILITY',
    topic: 'APPOINTMENTS',
    usecase: 'APPOINTMENT_REMINDER',
    industry: ['HEALTH'],
    body: 'Reminder: your appointment is on {{1}}.',
    body_params: ['date'],
    body_param_types: ['TEXT'],
    buttons: [],
  },
];

/** Words that make Meta classify a template as marketing (rejected as `TAG_SHOULD_BE_MARKETING`). */
const MARKETING_WORDS = /\b(sale|discount|offer|promo|coupon|% off|deal)\b/i;

const templatesByWorld = new WeakMap<World, Map<string, SandboxTemplate[]>>();
let nextTemplateId = 1022786935479235;

/** The templates of a Page (created on first use). */
export function templatesOf(world: World, accountId: string): SandboxTemplate[] {
  let pages = templatesByWorld.get(world);
  if (pages === undefined) {
    pages = new Map();
    templatesByWorld.set(world, pages);
  }
  let list = pages.get(accountId);
  if (list === undefined) {
    list = [];
    pages.set(accountId, list);
    if (world.accounts.get(accountId)?.platform === 'messenger') list.push(seededTemplate());
  }
  return list;
}

/**
 * The template every sandbox Page starts with, approved: `order_shipped` (en), cloned from the
 * library's `order_shipped_1`, so a bot can show "order shipped" after the 24-hour window.
 */
function seededTemplate(): SandboxTemplate {
  return {
    id: String(nextTemplateId++),
    name: 'order_shipped',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Good news! Your order {{1}} has shipped.',
    parameterFormat: 'POSITIONAL',
  };
}

/**
 * Adds a template to a Page as Meta would after review: `REJECTED` (`TAG_SHOULD_BE_MARKETING`) when
 * its body reads like marketing, else `APPROVED`.
 */
export function addTemplate(
  world: World,
  accountId: string,
  input: { name: string; language: string; body: string; parameterFormat?: 'NAMED' | 'POSITIONAL' },
): SandboxTemplate {
  const marketing = MARKETING_WORDS.test(input.body);
  const template: SandboxTemplate = {
    id: String(nextTemplateId++),
    name: input.name,
    language: input.language,
    category: 'UTILITY',
    status: marketing ? 'REJECTED' : 'APPROVED',
    ...(marketing ? { reason: 'TAG_SHOULD_BE_MARKETING' } : {}),
    body: input.body,
    parameterFormat: input.parameterFormat ?? 'POSITIONAL',
  };
  const list = templatesOf(world, accountId);
  const existing = list.findIndex((t) => t.name === template.name && t.language === template.language);
  if (existing >= 0) throw graphErrors.invalidParameter(`Param name ${template.name} already exists in ${template.language}`);
  list.push(template);
  return template;
}

function messengerPage(accounts: readonly Account[]): Account {
  const page = accounts.find((account) => account.platform === 'messenger');
  if (page === undefined) {
    throw graphErrors.invalidParameter('Utility message templates exist for Facebook Pages only');
  }
  return page;
}

/** `GET /{version}/message_template_library`. */
export const searchLibrary: GraphHandler = (call) => {
  const words = (call.query.name_or_content ?? '').toLowerCase();
  const language = call.query.language;
  const data = SANDBOX_TEMPLATE_LIBRARY.filter(
    (t) =>
      (words === '' || `${String(t.name)} ${String(t.body)}`.toLowerCase().includes(words)) &&
      (language === undefined || t.language === language),
  );
  return { body: { data }, note: `${data.length} library templates` };
};

const createBody = z.looseObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/),
  language: z.string().min(2),
  category: z.literal('UTILITY'),
  parameter_format: z.enum(['NAMED', 'POSITIONAL']).optional(),
  library_template_name: z.string().optional(),
  components: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
});

/** `POST /{version}/{page}/message_templates`: create, or clone from the library. */
export const createTemplate: GraphHandler = (call, { engine }) => {
  const page = messengerPage(accountsAt(call));
  const body = parseParam(createBody, call.body, []);
  let text: string | undefined;
  if (body.library_template_name !== undefined) {
    const source = SANDBOX_TEMPLATE_LIBRARY.find((t) => t.name === body.library_template_name);
    if (source === undefined) throw graphErrors.invalidParameter('Param library_template_name is not a library template');
    text = String(source.body);
  } else {
    text = body.components?.find((c) => c.type.toUpperCase() === 'BODY')?.text;
    if (text === undefined) throw graphErrors.invalidParameter('Param components must have a BODY component');
  }
  const template = addTemplate(engine.world, page.id, {
    name: body.name,
    language: body.language,
    body: text,
    ...(body.parameter_format !== undefined ? { parameterFormat: body.parameter_format } : {}),
  });
  if (body.library_template_name === undefined) review(engine, page.id, template);
  engine.changed();
  return { body: { id: template.id, status: template.status, category: template.category }, note: template.status };
};

/** The field Meta posts template status changes under (the Messenger webhook field table's spelling). */
export const TEMPLATE_STATUS_FIELD = 'messenger_template_status_update';

/**
 * A created template waits for Meta's review: the create answer says `PENDING`, then the verdict
 * arrives as a `changes[]` webhook (the value follows the WhatsApp field of the same name, as Meta
 * publishes no Messenger payload). Library clones skip this: they are approved in the answer.
 */
function review(engine: Engine, pageId: string, template: SandboxTemplate): void {
  const verdict = template.status;
  template.status = 'PENDING';
  engine.runInBackground(async () => {
    // after the create answer has gone out (Meta: "approval takes seconds")
    await new Promise((resolve) => setImmediate(resolve));
    template.status = verdict;
    engine.changed();
    await engine.driver.post({
      object: 'page',
      accountId: pageId,
      list: 'changes',
      event: {
        field: TEMPLATE_STATUS_FIELD,
        value: {
          event: verdict,
          message_template_id: Number(template.id),
          message_template_name: template.name,
          message_template_language: template.language,
          message_template_category: template.category,
          reason: template.reason ?? 'NONE',
        },
      },
      time: engine.clock.now(),
      conversationId: pageId,
      summary: `template ${template.name} ${verdict}`,
    });
  });
}

/** `GET /{version}/{page}/message_templates[?name=]`. */
export const listTemplates: GraphHandler = (call, { engine }) => {
  const page = messengerPage(accountsAt(call));
  const name = call.query.name;
  const data = templatesOf(engine.world, page.id)
    .filter((t) => name === undefined || t.name === name)
    .map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      status: t.status,
      category: t.category,
      parameter_format: t.parameterFormat,
      components: [{ type: 'BODY', text: t.body }],
    }));
  return { body: { data } };
};

const utilityMessage = z.looseObject({
  template: z.looseObject({
    name: z.string(),
    language: z.looseObject({ code: z.string() }),
    components: z.array(z.looseObject({ type: z.string(), parameters: z.array(z.looseObject({})).optional() })).optional(),
  }),
});

/**
 * The Send API rules of a `messaging_type: UTILITY` message: Messenger only, a `message.template`
 * naming an APPROVED template of the Page, no other content, no tag. No window applies. Returns the
 * text the user sees (the body with its parameters filled in).
 */
export function checkUtilityMessage(world: World, account: Account, message: unknown, tag: string | undefined): string {
  if (account.platform !== 'messenger') {
    throw graphErrors.invalidParameter('Param messaging_type UTILITY is not supported for Instagram');
  }
  if (tag !== undefined) throw graphErrors.invalidParameter('Param tag can only be used with messaging_type MESSAGE_TAG');
  const parsed = parseParam(utilityMessage, message, ['message']);
  const extra = Object.keys(message as JsonObject).filter((key) => key !== 'template');
  if (extra.length > 0) {
    throw graphErrors.invalidParameter(`Param message[${extra[0]}] cannot be sent with message[template]`);
  }
  const { name, language, components } = parsed.template;
  const template = templatesOf(world, account.id).find((t) => t.name === name && t.language === language.code);
  if (template === undefined) {
    throw graphErrors.invalidParameter(`Param message[template][name] ${name} (${language.code}) does not exist for this Page`);
  }
  if (template.status !== 'APPROVED') {
    throw graphErrors.invalidParameter(`Param message[template][name] ${name} is not approved (status ${template.status})`);
  }
  const values = (components ?? [])
    .filter((c) => c.type.toLowerCase() === 'body')
    .flatMap((c) => (c.parameters ?? []) as { text?: unknown; parameter_name?: unknown }[]);
  let position = 0;
  return template.body.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    const value = /^\d+$/.test(key)
      ? values[Number(key) - 1]
      : values.find((v) => v.parameter_name === key) ?? values[position];
    position++;
    if (typeof value?.text !== 'string') {
      throw graphErrors.invalidParameter(`Param message[template][components] is missing the value of ${whole}`);
    }
    return value.text;
  });
}
