/**
 * Graph authentication: the access token (Bearer header, `access_token` query or field) names the
 * account; `appsecret_proof` must be HMAC-SHA256(app secret, token).
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { appSecretProofOf } from '../webhook/serialize';
import type { Account } from '../world/types';
import type { World } from '../world/world';
import { graphErrors } from './graphErrors';
import { accountsOnHost, type GraphHost } from './instagramLogin';

/** Where the token and proof were found. */
export interface Credentials {
  authorization: string | undefined;
  queryToken: unknown;
  bodyToken: unknown;
  queryProof: unknown;
  bodyProof: unknown;
}

/** The token of a request, if any. */
export function tokenOf(credentials: Credentials): string | undefined {
  const header = credentials.authorization?.match(/^(?:Bearer|OAuth)\s+(\S+)$/i)?.[1];
  if (header !== undefined) return header;
  for (const value of [credentials.queryToken, credentials.bodyToken])
    if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/**
 * The accounts the request's token acts for on `host` (first: the one `/me` means). Throws 2500 (no
 * token), 190 (unknown token, or a token of the other host), or 100 (missing / wrong
 * `appsecret_proof` when required).
 */
export function authenticate(
  world: World,
  credentials: Credentials,
  appSecret: string,
  requireProof: boolean,
  host: GraphHost = 'facebook',
): Account[] {
  const token = tokenOf(credentials);
  if (token === undefined) throw graphErrors.missingToken();
  const accounts = accountsOnHost(world.accountsForToken(token), host);
  const proof = [credentials.queryProof, credentials.bodyProof].find((value) => typeof value === 'string');
  if (typeof proof !== 'string') {
    if (requireProof) throw graphErrors.missingAppSecretProof();
    return accounts;
  }
  const expected = Buffer.from(appSecretProofOf(appSecret, token), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(proof) ? Buffer.from(proof, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw graphErrors.invalidAppSecretProof();
  return accounts;
}
