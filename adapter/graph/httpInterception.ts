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
 * node's own `request` function per protocol: the first one seen that was not a `Proxy` (when nock
 * loaded before this module, node's own function shows up once nock is restored).
 */
const originals = new Map<string, typeof http.request>();

/**
 * True when node's `request` function for `protocol` (`'http:'` or `'https:'`) is wrapped in a
 * `Proxy` (nock 14, msw) or is no longer node's own (a test double).
 */
export function nodeHttpIntercepted(protocol: string): boolean {
  const current = protocol === 'http:' ? http.request : https.request;
  if (types.isProxy(current)) return true;
  const original = originals.get(protocol);
  if (original !== undefined) return current !== original;
  originals.set(protocol, current);
  return false;
}

// note node's own functions now, before a test double can take their place
nodeHttpIntercepted('http:');
nodeHttpIntercepted('https:');
