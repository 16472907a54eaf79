/**
 * Whether something has taken over node's HTTP client: nock, msw and other interceptors wrap
 * `http.request` / `https.request` (nock 14 and msw with a `Proxy`), and a test double replaces
 * them. undici does not go through those functions, so a Graph call made with it would slip past
 * the mocks, and past `nock.disableNetConnect()`. With `httpClient: 'auto'` the Graph client checks
 * this before each call and then uses node's client, which the interceptor sees.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import { types } from 'node:util';

/**
 * node's own `request` functions: the first values seen that were not a `Proxy` (when nock loaded
 * before this module, node's own function shows up once nock is restored).
 */
const originals: { 'http:'?: typeof http.request; 'https:'?: typeof https.request } = {};

function notedOriginal(protocol: 'http:' | 'https:', current: typeof http.request): typeof http.request | undefined {
  if (originals[protocol] === undefined && !types.isProxy(current)) originals[protocol] = current;
  return originals[protocol];
}

notedOriginal('http:', http.request);
notedOriginal('https:', https.request);

/**
 * True when node's `request` function for `protocol` (`'http:'` or `'https:'`) is wrapped in a
 * `Proxy` (nock 14, msw) or is no longer node's own (a test double).
 */
export function nodeHttpIntercepted(protocol: string): boolean {
  const key = protocol === 'http:' ? 'http:' : 'https:';
  const current = key === 'http:' ? http.request : https.request;
  if (types.isProxy(current)) return true;
  const original = notedOriginal(key, current);
  return current !== original;
}
