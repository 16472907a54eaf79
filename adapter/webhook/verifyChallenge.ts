import { timingSafeEqual } from 'node:crypto';

/** Result of a webhook GET: the status and the text body to answer with. */
export interface ChallengeOutcome {
  status: 200 | 400 | 403;
  body: string;
}

/**
 * Answers Meta's subscription check `GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`:
 * 200 with the challenge echoed when the token matches (compared in constant time), else 403.
 */
export function answerChallenge(query: Record<string, unknown>, verifyToken: string): ChallengeOutcome {
  const mode = first(query['hub.mode']);
  const token = first(query['hub.verify_token']);
  const challenge = first(query['hub.challenge']);
  if (mode !== 'subscribe' || token === undefined || !sameSecret(token, verifyToken)) {
    return { status: 403, body: 'Forbidden: hub.verify_token does not match the verifyToken option.' };
  }
  if (challenge === undefined || challenge === '') {
    return { status: 400, body: 'Bad request: hub.challenge is missing.' };
  }
  return { status: 200, body: challenge };
}

/** Reads the query of a request: the framework's parsed `req.query`, else parsed from the URL. */
export function queryOf(req: { query?: unknown; url?: string }): Record<string, unknown> {
  if (typeof req.query === 'object' && req.query !== null) {
    const parsed = req.query as Record<string, unknown>;
    // express' extended parser turns hub.mode into { hub: { mode } }: read the URL instead then.
    if (Object.keys(parsed).some((key) => key.startsWith('hub.'))) return parsed;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return Object.fromEntries(url.searchParams.entries());
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
