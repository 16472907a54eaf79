/**
 * Which URLs a HEAD lookup may reach: never loopback, private, link-local or other non-public
 * addresses (a bot that sends a URL must not make the adapter probe its own network), only http(s).
 *
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Address ranges that are not on the public internet (RFC 6890 special-purpose and friends). */
const NON_PUBLIC = new BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  NON_PUBLIC.addSubnet(prefix, bits, 'ipv6');
}

/** True when `address` (an IP literal) is loopback, private, link-local, multicast or otherwise non-public. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1] !== undefined) return NON_PUBLIC.check(mapped[1], 'ipv4');
  const family = isIP(bare);
  if (family === 4) return NON_PUBLIC.check(bare, 'ipv4');
  if (family === 6) return NON_PUBLIC.check(bare, 'ipv6');
  return false;
}

/**
 * True when `url` is http(s) and its host is not a non-public IP literal nor a local name
 * (`localhost`, `*.localhost`, `*.local`, `*.internal`). Names are checked again when they resolve
 * (see {@link publicOnlyLookup}).
 */
export function isPublicHttpUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || host === 'localhost' || /\.(localhost|local|internal)$/.test(host)) return false;
  return !isNonPublicAddress(host);
}

/**
 * A DNS lookup for axios's `lookup` option that refuses names resolving to a non-public address,
 * so that a public-looking name pointing at 127.0.0.1 is not reached either.
 */
export async function publicOnlyLookup(hostname: string): Promise<{ address: string; family: 4 | 6 }> {
  const addresses = await dnsLookup(hostname, { all: true });
  const first = addresses[0];
  if (first === undefined || addresses.some((entry) => isNonPublicAddress(entry.address))) {
    throw Object.assign(new Error(`${hostname} does not resolve to a public address`), { code: 'ENOTPUBLIC' });
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
