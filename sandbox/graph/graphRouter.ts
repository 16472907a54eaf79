/**
 * The Graph API stand-in as an express router: body parsing, authentication, routing to the
 * endpoint handlers, Meta's error envelope, and a log line per call.
 *
 * @module
 */
import express, { type Request, type Response, Router } from 'express';
import type { Engine } from '../engine';
import { withoutSecrets } from '../log';
import type { JsonObject } from '../world/types';
import { authenticate } from './auth';
import type { GraphCall, GraphHandler, GraphServices, UploadedFile } from './call';
import { GraphFailure, graphErrors } from './graphErrors';
import * as profile from './profileApi';
import { normalizeFields, parseMultipart } from './requestBody';
import { sendMessage } from './sendApi';
import * as control from './threadControlApi';
import type { SendThrottle } from './throttle';
import { uploadAttachment } from './uploadApi';

/** Router settings. */
export interface GraphRouterOptions {
  engine: Engine;
  throttle: SendThrottle;
  appSecret: string;
  requireAppSecretProof: boolean;
}

const BODY_LIMIT = '40mb';

/** The edges under `/{version}/{node}/...`, by method. */
const EDGES: Record<string, Partial<Record<'GET' | 'POST' | 'DELETE', GraphHandler>>> = {
  messages: { POST: sendMessage },
  message_attachments: { POST: uploadAttachment },
  pass_thread_control: { POST: control.passThreadControl },
  take_thread_control: { POST: control.takeThreadControl },
  request_thread_control: { POST: control.requestThreadControl },
  release_thread_control: { POST: control.releaseThreadControl },
  extend_thread_control: { POST: control.extendThreadControl },
  thread_owner: { GET: control.threadOwner },
  messenger_profile: {
    GET: profile.getMessengerProfile,
    POST: profile.setMessengerProfile,
    DELETE: profile.deleteMessengerProfile,
  },
  subscribed_apps: { GET: profile.subscribedApps, POST: profile.subscribedApps },
};

/**
 * Builds the Graph router; mount it at the root (paths are `/{version}/...`, any version string).
 * @internal (the sandbox mounts it; kept out of the published types, which must not import express)
 */
export function graphRouter(options: GraphRouterOptions): Router {
  const router = Router();
  const services: GraphServices = { engine: options.engine, throttle: options.throttle };
  router.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'text/json'] }));
  router.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  router.use(express.raw({ type: 'multipart/form-data', limit: BODY_LIMIT }));

  const handle = (handler: GraphHandler | undefined) => async (req: Request, res: Response) => {
    await answer(req, res, handler, services, options);
  };
  router.get('/:version/:node', handle(profile.getNode));
  router.all('/:version/:node/:edge', (req, res) => {
    const edge = EDGES[String(req.params.edge)];
    return handle(edge?.[req.method as 'GET' | 'POST' | 'DELETE'])(req, res);
  });
  router.use(handle(undefined));
  router.use((error: unknown, req: Request, res: Response, _next: (error?: unknown) => void) => {
    const status = (error as { status?: number }).status;
    const failure =
      status === 413
        ? graphErrors.attachmentTooLarge(25)
        : graphErrors.invalidParameter(`Could not parse the request body: ${(error as Error).message}`);
    send(res, failure.status, failure.body, failure.headers);
    options.engine.log.add({
      kind: 'graph',
      method: req.method,
      path: req.path,
      status: failure.status,
      summary: `${req.method} ${req.path} -> ${failure.status} (${failure.error.code})`,
      response: failure.body,
    });
  });
  return router;
}

async function answer(
  req: Request,
  res: Response,
  handler: GraphHandler | undefined,
  services: GraphServices,
  options: GraphRouterOptions,
): Promise<void> {
  const { engine } = services;
  let status = 200;
  let responseBody: unknown;
  let note = '';
  let conversationId: string | undefined;
  let request: unknown;
  try {
    const { fields, files } = await bodyOf(req);
    request = describeRequest(req, fields, files);
    const accounts = authenticate(
      engine.world,
      {
        authorization: req.get('authorization'),
        queryToken: req.query.access_token,
        bodyToken: fields.access_token,
        queryProof: req.query.appsecret_proof,
        bodyProof: fields.appsecret_proof,
      },
      options.appSecret,
      options.requireAppSecretProof,
    );
    if (handler === undefined) throw graphErrors.unknownPath(req.path);
    const call: GraphCall = {
      method: req.method,
      path: req.path,
      node: String(req.params.node),
      query: withoutSecrets(queryOf(req)) as Record<string, string>,
      body: withoutSecrets(normalizeFields(fields)) as JsonObject,
      files,
      accounts,
    };
    const result = await handler(call, services);
    responseBody = result.body;
    note = result.note ?? '';
    conversationId = result.conversationId;
    send(res, 200, result.body, result.headers ?? {});
  } catch (error) {
    const failure =
      error instanceof GraphFailure
        ? error
        : new GraphFailure({
            message: 'An unexpected error has occurred. Please retry your request later.',
            type: 'OAuthException',
            code: 2,
          });
    if (!(error instanceof GraphFailure)) {
      engine.log.add({
        kind: 'sandbox',
        summary: `sandbox bug while answering ${req.method} ${req.path}: ${(error as Error).message}`,
      });
    }
    status = failure.status;
    responseBody = failure.body;
    note = `${failure.error.code}${failure.error.error_subcode === undefined ? '' : `/${failure.error.error_subcode}`}`;
    send(res, failure.status, failure.body, failure.headers);
  }
  engine.log.add({
    kind: 'graph',
    method: req.method,
    path: req.path,
    status,
    summary: `${req.method} ${req.path} -> ${status}${note === '' ? '' : ` (${note})`}`,
    request,
    response: responseBody,
    ...(conversationId === undefined ? {} : { conversationId }),
  });
}

function send(res: Response, status: number, body: unknown, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json(body);
}

async function bodyOf(req: Request): Promise<{ fields: JsonObject; files: Record<string, UploadedFile> }> {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return parseMultipart(body, req.get('content-type') ?? '');
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return { fields: body as JsonObject, files: {} };
  return { fields: {}, files: {} };
}

function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** What the log shows of a request: query and body without secrets, files as a size and type. */
function describeRequest(req: Request, fields: JsonObject, files: Record<string, UploadedFile>): unknown {
  const query = withoutSecrets(queryOf(req)) as JsonObject;
  const body = withoutSecrets(normalizeFields(fields)) as JsonObject;
  for (const [name, file] of Object.entries(files))
    body[name] = `<${file.bytes.length} bytes ${file.mimeType}>`;
  return {
    ...(Object.keys(query).length === 0 ? {} : { query }),
    ...(Object.keys(body).length === 0 ? {} : { body }),
  };
}
