/**
 * The bot owner's log: what happened, with ids (conversation, Page, error code), never message
 * contents, tokens or secrets.
 *
 * @module
 */
import type { TurnContext } from 'botbuilder';
import type { MessengerLogger } from 'botbuilder-adapter-messenger';
// The errors from their framework-neutral module, not the package root: the root loads botbuilder,
// and the Agents SDK sample (`npm run agents`) uses this log too.
import { GraphApiError, MessengerError } from '../../adapter/errors';

/** Ids and codes only: strings, numbers, booleans. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Where the samples report what the bot's owner should know. */
export interface OwnerLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** One line per event on stdout / stderr: `[contact-centre] handoff accepted conversation=...`. */
export function consoleOwnerLog(sample: string): OwnerLog {
  const line = (event: string, fields: LogFields = {}) => {
    const pairs = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${value}`);
    return [`[${sample}]`, event, ...pairs].join(' ');
  };
  return {
    info: (event, fields) => console.log(line(event, fields)),
    warn: (event, fields) => console.warn(line(event, fields)),
    error: (event, fields) => console.error(line(event, fields)),
  };
}

/** A log that keeps entries in memory (tests) or drops them. */
export function memoryOwnerLog(): OwnerLog & {
  entries: { level: string; event: string; fields: LogFields }[];
} {
  const entries: { level: string; event: string; fields: LogFields }[] = [];
  const add =
    (level: string) =>
    (event: string, fields: LogFields = {}) => {
      entries.push({ level, event, fields });
    };
  return { entries, info: add('info'), warn: add('warn'), error: add('error') };
}

/** The ids and codes of an error, fit for the log. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof GraphApiError) {
    return {
      code: error.code,
      graphCode: error.graphCode,
      graphSubcode: error.graphSubcode,
      fbtraceId: error.fbtraceId,
    };
  }
  if (error instanceof MessengerError) return { code: error.code };
  return { error: error instanceof Error ? error.name : typeof error };
}

/** The adapter's logger (failures it cannot hand to `onTurnError`), writing to the owner log. */
export function adapterLogger(log: OwnerLog): MessengerLogger {
  return {
    error: (message, details) => log.error(message, pickIds(details)),
    warn: (message, details) => log.warn(message, pickIds(details)),
  };
}

/**
 * An `onTurnError` for the samples.
 *
 * - In a proactive turn (`continueConversationAsync`), it rethrows: botbuilder gives turn errors to
 *   `onTurnError` and `continueConversationAsync` resolves unless `onTurnError` throws, so rethrowing
 *   is what lets the caller (an agent desk, `fanOut`) see the `MessengerError`.
 * - Otherwise it logs the conversation id and the error code (a `MessengerError`'s message says what
 *   to do and never holds message contents or tokens), and apologises to the user when the turn was
 *   theirs and a message can still reach them.
 */
export function turnErrorHandler(log: OwnerLog): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    if (isProactiveTurn(context)) throw error;
    const conversation = context.activity.conversation?.id;
    log.error('turn failed', { conversation, ...errorFields(error) });
    // A MessengerError's message says what to do and holds no contents or tokens; of other errors
    // (bugs in the bot) only where they happened is logged, not their message.
    if (error instanceof MessengerError) log.error(`  ${error.message}`);
    else if (error.stack) log.error(`  ${frames(error.stack)}`);
    const cannotReach =
      error instanceof MessengerError &&
      [
        'MESSAGING_WINDOW_CLOSED',
        'NOT_THREAD_OWNER',
        'RECIPIENT_UNAVAILABLE',
        'RECIPIENT_NOT_FOUND',
        'AUTH_FAILED',
      ].includes(error.code);
    if (context.activity.type !== 'message' || cannotReach) return;
    try {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.');
    } catch (sendError) {
      log.error('apology not sent', { conversation, ...errorFields(sendError) });
    }
  };
}

/** True in a turn started by `continueConversationAsync` (botbuilder's `ContinueConversation` event). */
export function isProactiveTurn(context: TurnContext): boolean {
  return context.activity.type === 'event' && context.activity.name === 'ContinueConversation';
}

/** The first stack frames (`at ...` lines) of a stack, without the error message. */
function frames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 3)
    .map((line) => line.trim())
    .join('\n  ');
}

function pickIds(details: Record<string, unknown> | undefined): LogFields {
  const fields: LogFields = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  return fields;
}
