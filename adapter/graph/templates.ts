/**
 * Typed Graph calls for Messenger utility message templates (messenger-platform.md, "2026
 * additions", topic 1): search Meta's template library, clone a library template into the Page,
 * create one, list the Page's templates and read a template's status. All with the Page token
 * (`page_utility_messaging` permission).
 *
 * @module
 */
import { z } from 'zod';
import { MessengerError } from '../errors';
import type { GraphClient } from './graphClient';
import { invalid } from './inputs';

/** Template approval states Meta reports (create / clone answers, list, status webhook). */
export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | (string & {});

const graphId = z.union([z.string().min(1), z.number()]).transform(String);

const libraryTemplateSchema = z.looseObject({
  id: graphId,
  name: z.string(),
  language: z.string().optional(),
  category: z.string().optional(),
  topic: z.string().optional(),
  usecase: z.string().optional(),
  industry: z.array(z.string()).optional(),
  body: z.string().optional(),
  body_params: z.array(z.string()).optional(),
  body_param_types: z.array(z.string()).optional(),
  buttons: z.array(z.looseObject({})).optional(),
});

/** A template of Meta's library (`GET /message_template_library`). */
export type LibraryTemplate = z.infer<typeof libraryTemplateSchema>;

const pageTemplateSchema = z.looseObject({
  id: graphId,
  name: z.string(),
  language: z.string().optional(),
  status: z.string().optional(),
  category: z.string().optional(),
  parameter_format: z.string().optional(),
  components: z.array(z.looseObject({})).optional(),
});

/** A template of the Page (`GET /<PAGE_ID>/message_templates`). */
export type PageTemplate = z.infer<typeof pageTemplateSchema>;

const listSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), paging: z.looseObject({}).optional() });

const createdSchema = z.object({ id: graphId, status: z.string(), category: z.string().optional() });

/** The answer to a create or clone: the template id and its status (approval takes seconds). */
export interface CreatedTemplate {
  id: string;
  status: TemplateStatus;
  category?: string;
}

/** Filters of {@link searchTemplateLibrary}. */
export interface LibrarySearch {
  /** Words of the template's name or body, e.g. `order`. */
  nameOrContent?: string;
  /** A language code, e.g. `en`. */
  language?: string;
  /** A topic, e.g. `ORDER_MANAGEMENT`. */
  topic?: string;
  /** A use case, e.g. `SHIPPING_UPDATE`. */
  usecase?: string;
  /** An industry, e.g. `E_COMMERCE`. */
  industry?: string;
}

/** Input of {@link cloneLibraryTemplate}. */
export interface CloneTemplateInput {
  /** The new template's name in the Page (lower-case snake_case). */
  name: string;
  /** Its language, e.g. `en_US`. */
  language: string;
  /** The library template to copy (`name` of a {@link LibraryTemplate}). */
  libraryTemplateName: string;
  /** Values for the library body's inputs, as Meta takes them (`[{ type: 'body', text }]`). */
  bodyInputs?: readonly Record<string, unknown>[];
  /** The buttons' inputs, e.g. `[{ type: 'URL', text: 'Manage order', url: { base_url: 'https://shop.example/' } }]`. */
  buttonInputs?: readonly Record<string, unknown>[];
}

/** Input of {@link createMessageTemplate}: Meta's create body without `category` (always `UTILITY`). */
export interface CreateTemplateInput {
  /** The template's name (lower-case snake_case). */
  name: string;
  /** Its language, e.g. `en`. */
  language: string;
  /** `NAMED` (`{{order_id}}`) or `POSITIONAL` (`{{1}}`, Meta's default). */
  parameterFormat?: 'NAMED' | 'POSITIONAL';
  /** `BODY`, `HEADER`, `BUTTONS` components with their examples, as Meta documents them. */
  components: readonly Record<string, unknown>[];
}

const NAME = /^[a-z0-9_]{1,512}$/;

function checkName(what: string, name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalid(`${what} must be lower-case letters, digits and underscores (Meta's template naming), e.g. order_update.`);
  }
}

function checkLanguage(language: string): void {
  if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language)) {
    throw invalid("language must be a language code such as 'en' or 'en_US'.");
  }
}

/**
 * Searches Meta's utility template library (`GET /message_template_library`).
 *
 * @example
 * ```ts
 * const found = await searchTemplateLibrary(adapter.graph, pageId, { nameOrContent: 'order', language: 'en' });
 * ```
 */
export async function searchTemplateLibrary(
  graph: GraphClient,
  accountId: string,
  search: LibrarySearch = {},
): Promise<LibraryTemplate[]> {
  const query: Record<string, string> = {};
  if (search.nameOrContent !== undefined) query.name_or_content = search.nameOrContent;
  if (search.language !== undefined) query.language = search.language;
  if (search.topic !== undefined) query.topic = search.topic;
  if (search.usecase !== undefined) query.usecase = search.usecase;
  if (search.industry !== undefined) query.industry = search.industry;
  const { data } = await graph.raw(accountId, 'GET', '/message_template_library', {
    query,
    schema: listSchema(libraryTemplateSchema),
  });
  return data.data;
}

/**
 * Clones a library template into the Page (`POST /<PAGE_ID>/message_templates` with
 * `library_template_name`), category `UTILITY`. Library templates are approved within seconds.
 */
export async function cloneLibraryTemplate(
  graph: GraphClient,
  accountId: string,
  input: CloneTemplateInput,
): Promise<CreatedTemplate> {
  checkName('name', input.name);
  checkName('libraryTemplateName', input.libraryTemplateName);
  checkLanguage(input.language);
  const body: Record<string, unknown> = {
    name: input.name,
    category: 'UTILITY',
    language: input.language,
    library_template_name: input.libraryTemplateName,
  };
  if (input.bodyInputs !== undefined) body.library_template_body_inputs = input.bodyInputs;
  if (input.buttonInputs !== undefined) body.library_template_button_inputs = input.buttonInputs;
  return created(graph, accountId, body);
}

/**
 * Creates a utility template in the Page (`POST /<PAGE_ID>/message_templates`). Meta reviews it; the
 * answer carries the first status, later changes arrive as `messenger.templateStatus` events.
 *
 * @example
 * ```ts
 * await createMessageTemplate(adapter.graph, pageId, {
 *   name: 'order_update', language: 'en', parameterFormat: 'NAMED',
 *   components: [{ type: 'BODY', text: 'Order #{{order_id}} shipped',
 *     example: { body_text_named_params: [{ param_name: 'order_id', example: '566701' }] } }],
 * });
 * ```
 */
export async function createMessageTemplate(
  graph: GraphClient,
  accountId: string,
  input: CreateTemplateInput,
): Promise<CreatedTemplate> {
  checkName('name', input.name);
  checkLanguage(input.language);
  if (!Array.isArray(input.components) || input.components.length === 0) {
    throw invalid('createMessageTemplate needs components, at least a BODY: [{ type: "BODY", text: "..." }].');
  }
  const body: Record<string, unknown> = {
    name: input.name,
    language: input.language,
    category: 'UTILITY',
    ...(input.parameterFormat !== undefined ? { parameter_format: input.parameterFormat } : {}),
    components: input.components,
  };
  return created(graph, accountId, body);
}

/** The Page's templates (`GET /<PAGE_ID>/message_templates`), optionally those with `name`. */
export async function listMessageTemplates(
  graph: GraphClient,
  accountId: string,
  filter: { name?: string } = {},
): Promise<PageTemplate[]> {
  if (filter.name !== undefined) checkName('name', filter.name);
  const { data } = await graph.raw(accountId, 'GET', '/me/message_templates', {
    query: filter.name !== undefined ? { name: filter.name } : {},
    schema: listSchema(pageTemplateSchema),
  });
  return data.data;
}

/**
 * The status of the Page's template `name` (and `language`, when given). Meta documents no
 * per-template status endpoint, so this reads the list filtered by name.
 *
 * @throws MessengerError `GRAPH_ERROR` when the Page has no such template.
 */
export async function getTemplateStatus(
  graph: GraphClient,
  accountId: string,
  name: string,
  language?: string,
): Promise<TemplateStatus> {
  const templates = await listMessageTemplates(graph, accountId, { name });
  const match = templates.find(
    (template) => template.name === name && (language === undefined || template.language === language),
  );
  if (match?.status === undefined) {
    throw new MessengerError(
      'GRAPH_ERROR',
      `The Page has no message template '${name}'${language ? ` in ${language}` : ''}: create or clone it first ` +
        '(createMessageTemplate, cloneLibraryTemplate).',
      { details: { accountId, name } },
    );
  }
  return match.status;
}

async function created(
  graph: GraphClient,
  accountId: string,
  body: Record<string, unknown>,
): Promise<CreatedTemplate> {
  const { data } = await graph.raw(accountId, 'POST', '/me/message_templates', { body, schema: createdSchema });
  return { id: data.id, status: data.status, ...(data.category !== undefined ? { category: data.category } : {}) };
}
