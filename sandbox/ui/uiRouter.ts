/**
 * The web page and its API: static files, media, the state as JSON and as a live event stream,
 * and one POST per thing a user, an agent or the clock can do.
 *
 * @module
 */
import path from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { PageInbox } from '../actions/inbox';
import type { SandboxUser } from '../actions/user';
import type { Engine } from '../engine';
import { SandboxError } from '../errors';
import type { Platform } from '../world/types';
import { snapshot } from './snapshot';

/** What the page's API acts through. */
export interface UiActions {
  engine: Engine;
  /** An existing user's handle. */
  user(userId: string): SandboxUser;
  /** A new user on the first account of `platform`. */
  newUser(platform: Platform): SandboxUser;
  inbox: PageInbox;
}

/** The folder with index.html, app.js, style.css and media/. */
export const WEB_ROOT = path.join(__dirname, '..', 'web');

const text = z.object({ text: z.string().min(1).max(5000) });
const payload = z.object({ payload: z.string().min(1) });
const reaction = z.object({ mid: z.string().min(1), reaction: z.string().optional() });
const mid = z.object({ mid: z.string().min(1) });
const advance = z.object({
  ms: z
    .number()
    .int()
    .min(0)
    .max(400 * 24 * 60 * 60 * 1000),
});
const platform = z.object({ platform: z.enum(['messenger', 'instagram']) });

/**
 * Builds the router; mount it at the root before the Graph router.
 * @internal (the sandbox mounts it; kept out of the published types, which must not import express)
 */
export function uiRouter(actions: UiActions): Router {
  const router = Router();
  const { engine } = actions;
  router.get('/', (_req, res) => res.sendFile(path.join(WEB_ROOT, 'index.html')));
  router.use('/sandbox/static', express.static(WEB_ROOT, { index: false }));
  router.get('/sandbox/media/uploads/:id', (req, res) => {
    const upload = engine.world.uploads.get(req.params.id);
    if (upload?.bytes !== undefined) {
      res.type(upload.mimeType ?? 'application/octet-stream').send(upload.bytes);
    } else if (upload?.url !== undefined) {
      res.redirect(upload.url);
    } else {
      res.status(404).type('text/plain').send('No such upload (or it was too large to keep).');
    }
  });
  router.use('/sandbox/media', express.static(path.join(WEB_ROOT, 'media'), { index: false }));

  const api = Router();
  api.use(express.json({ limit: '100kb' }));
  api.get('/state', (_req, res) => {
    res.json(snapshot(engine));
  });
  api.get('/events', (req, res) => streamState(req, res, engine));

  const act =
    <T>(schema: z.ZodType<T>, run: (input: T, req: Request) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const parsed = schema.safeParse(req.body ?? {});
      if (!parsed.success) {
        res.status(400).json({
          error: { reason: 'INVALID_ARGUMENT', message: parsed.error.issues[0]?.message ?? 'invalid body' },
        });
        return;
      }
      try {
        const result = await run(parsed.data, req);
        res.json({ ok: true, result: result ?? null });
      } catch (error) {
        const reason = error instanceof SandboxError ? error.reason : 'INTERNAL';
        res
          .status(reason === 'WEBHOOK_NOT_ACKNOWLEDGED' ? 502 : 400)
          .json({ error: { reason, message: (error as Error).message } });
      }
    };
  const userOf = (req: Request) => actions.user(String(req.params.userId));

  api.post(
    '/users',
    act(platform, async ({ platform }) => ({ id: actions.newUser(platform).id })),
  );
  api.post(
    '/users/:userId/say',
    act(text, ({ text }, req) => userOf(req).say(text).then(summary)),
  );
  api.post(
    '/users/:userId/quick-reply',
    act(payload, ({ payload }, req) => userOf(req).tapQuickReply(payload).then(summary)),
  );
  api.post(
    '/users/:userId/postback',
    act(payload, ({ payload }, req) => userOf(req).postback(payload).then(summary)),
  );
  api.post(
    '/users/:userId/image',
    act(z.object({}), (_input, req) => userOf(req).sendImage().then(summary)),
  );
  api.post(
    '/users/:userId/sticker',
    act(z.object({}), (_input, req) => userOf(req).sendSticker().then(summary)),
  );
  api.post(
    '/users/:userId/story-mention',
    act(z.object({}), (_input, req) => userOf(req).mentionInStory().then(summary)),
  );
  api.post(
    '/users/:userId/react',
    act(reaction, ({ mid, reaction }, req) => userOf(req).react(mid, reaction).then(summary)),
  );
  api.post(
    '/users/:userId/unreact',
    act(mid, ({ mid }, req) => userOf(req).unreact(mid).then(summary)),
  );
  api.post(
    '/users/:userId/read',
    act(z.object({}), (_input, req) =>
      userOf(req)
        .read()
        .then((e) => (e ? summary(e) : null)),
    ),
  );
  api.post(
    '/inbox/:userId/take',
    act(z.object({}), (_input, req) => actions.inbox.takeOver(String(req.params.userId))),
  );
  api.post(
    '/inbox/:userId/reply',
    act(text, ({ text }, req) =>
      actions.inbox.reply(String(req.params.userId), text).then((e) => ({ mid: e.mid })),
    ),
  );
  api.post(
    '/inbox/:userId/hand-back',
    act(z.object({}), (_input, req) => actions.inbox.handBack(String(req.params.userId))),
  );
  api.post(
    '/clock/advance',
    act(advance, async ({ ms }) => ({ now: engine.clock.advance(ms) })),
  );
  router.use('/sandbox/api', api);
  return router;
}

function summary(event: { seq: number; mid?: string; timestamp: number }): {
  seq: number;
  mid?: string;
  timestamp: number;
} {
  return {
    seq: event.seq,
    timestamp: event.timestamp,
    ...(event.mid === undefined ? {} : { mid: event.mid }),
  };
}

/** Server-sent events: the whole state after every change (coalesced), and a heartbeat. */
function streamState(req: Request, res: Response, engine: Engine): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let timer: NodeJS.Timeout | undefined;
  const push = () => {
    timer = undefined;
    res.write(`event: state\ndata: ${JSON.stringify(snapshot(engine))}\n\n`);
  };
  const schedule = () => {
    timer ??= setTimeout(push, 40);
  };
  const stop = engine.onChange(schedule);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  push();
  req.on('close', () => {
    stop();
    clearInterval(heartbeat);
    if (timer !== undefined) clearTimeout(timer);
  });
}
