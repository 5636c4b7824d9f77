import ipaddr from 'ipaddr.js';

/**
 * Which addresses an outbound fetch may connect to. An allow-list, not a deny-list: an IPv4
 * address must be plain unicast (not loopback, private 10/8 172.16/12 192.168/16, link-local
 * 169.254/16, CGNAT 100.64/10, 0.0.0.0/8, multicast, broadcast, reserved, documentation, …);
 * an IPv6 address must be global unicast (2000::/3) and in none of ipaddr.js's special ranges
 * (6to4, Teredo, NAT64 and the other forms that embed an IPv4 address are refused outright).
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it is.
 */
export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

export function classifyAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'invalid' };
  const ip = ipaddr.process(address); // ::ffff:127.0.0.1 → 127.0.0.1
  const range = ip.range();
  if (range !== 'unicast') return { allowed: false, range };
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6)) return { allowed: false, range: 'not_global_unicast' };
  return { allowed: true };
}

/**
 * The host part of a URL as the allow-list and the resolver see it: lower case, IPv6 without
 * brackets. WHATWG URL parsing has already turned `2130706433`, `0x7f.1` or `0177.0.0.1` into
 * `127.0.0.1`, so an IP literal in an odd form is an IP literal here.
 */
export const hostOf = (url: URL): string => url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/**
 * Parses the operator's allow-list (TESSERA_OUTBOUND_ALLOWED_HOSTS): host names or IP addresses,
 * matched exactly against a URL's host (any port).
 */
export function normalizeAllowedHost(raw: string): string {
  const v = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(v)) return ipaddr.process(v).toString();
  return v.replace(/\.$/, '');
}

export function isAllowListed(host: string, allowed: readonly string[]): boolean {
  const h = ipaddr.isValid(host) ? ipaddr.process(host).toString() : host.replace(/\.$/, '');
  return allowed.includes(h);
}
