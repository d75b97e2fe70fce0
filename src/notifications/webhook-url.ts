import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import * as ipaddr from 'ipaddr.js';

/** Longest webhook URL accepted (messenger webhook URLs with their tokens fit easily). */
export const WEBHOOK_URL_MAX_LENGTH = 2048;

/**
 * Why a webhook URL is refused: `malformed` and `scheme` are wrong input (400); `address` and `unresolvable` are
 * well-formed URLs that point where the platform does not send (422).
 */
export type WebhookUrlVerdict =
  { ok: true; url: URL } | { ok: false; reason: 'malformed' | 'scheme' | 'address' | 'unresolvable'; message: string };

const NOT_PUBLIC = 'points to a loopback, private, link-local or otherwise non-public address';

/**
 * True only for globally routable unicast addresses. ipaddr.js knows the special ranges (loopback, RFC 1918,
 * link-local, unique-local, CGNAT, unspecified, multicast, documentation, 6to4, NAT64, Teredo …); an
 * IPv4-mapped IPv6 address is judged as the IPv4 address it carries. Anything that is not an address is refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * The checks that need no network: an absolute `https:` URL (or `http:` when insecure webhooks are allowed), and,
 * when its host is an IP literal, a public one. The WHATWG parser has already normalised short and numeric forms
 * (`127.1`, `0x7f000001`) to dotted quads, and IPv6 literals come in brackets.
 */
export function parseWebhookUrl(raw: string, allowInsecure: boolean): WebhookUrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'malformed', message: 'must be an absolute URL' };
  }
  const schemes = allowInsecure ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return {
      ok: false,
      reason: 'scheme',
      message: allowInsecure ? 'must be an https: or http: URL' : 'must be an https: URL',
    };
  }
  if (!url.hostname) return { ok: false, reason: 'malformed', message: 'must name a host' };
  const literal = hostAddress(url);
  if (literal && !allowInsecure && !isPublicAddress(literal))
    return { ok: false, reason: 'address', message: NOT_PUBLIC };
  return { ok: true, url };
}

/** The host of the URL when it is an IP literal (brackets of IPv6 removed), otherwise undefined. */
export function hostAddress(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return ipaddr.isValid(host) ? host : undefined;
}

export type AddressLookup = (host: string, options: { all: true }) => Promise<LookupAddress[]>;

/**
 * The registration check: the checks above, then every address the host name resolves to must be public (one
 * private address among public ones is enough to refuse: the connection could use it). Names are not resolved
 * when insecure webhooks are allowed, since any address would do.
 */
export async function checkWebhookUrl(
  raw: string,
  allowInsecure: boolean,
  lookup: AddressLookup = (host, options) => dns.lookup(host, options),
): Promise<WebhookUrlVerdict> {
  const verdict = parseWebhookUrl(raw, allowInsecure);
  if (!verdict.ok || allowInsecure || hostAddress(verdict.url)) return verdict;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(verdict.url.hostname, { all: true });
  } catch {
    return { ok: false, reason: 'unresolvable', message: 'its host name could not be resolved' };
  }
  if (!addresses.length) return { ok: false, reason: 'unresolvable', message: 'its host name could not be resolved' };
  if (!addresses.every(({ address }) => isPublicAddress(address))) {
    return { ok: false, reason: 'address', message: NOT_PUBLIC };
  }
  return verdict;
}

export class WebhookAddressRefused extends Error {}

/**
 * A `lookup` for outgoing webhook connections that refuses non-public addresses. The socket connects to the very
 * addresses checked here, so a name that resolved to a public address at registration and to an internal one now
 * (DNS rebinding) is refused at connection time, with no window between the check and the connect.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...(options as LookupOptions), all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused || !addresses.length) {
      return callback(new WebhookAddressRefused(`${hostname} resolves to a non-public address`), '', 0);
    }
    if ((options as LookupOptions).all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};
