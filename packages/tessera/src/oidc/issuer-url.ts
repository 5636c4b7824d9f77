import { isIP } from 'node:net';
import { classifyAddress, hostOf, isAllowListed, normalizeAllowedHost } from '../outbound/address-policy.js';

/**
 * Which issuer URLs Tessera will ever fetch keys from. https only; plain http only for a loopback
 * host (127.0.0.0/8, ::1, localhost) and only when TESSERA_OIDC_ALLOW_INSECURE_ISSUERS is on
 * (tests, local development). A host written as an IP address must be a public one unless
 * TESSERA_OUTBOUND_ALLOWED_HOSTS lists it (a name is checked when it is fetched, by the guarded
 * client: DNS can change). No credentials, query or fragment. Returned without a trailing slash,
 * which is how issuers write their own `iss` (GitHub, GitLab).
 *
 * `kind` tells a URL that breaks these rules (`invalid`) from an address this server may not reach (`not_allowed`).
 */
export type IssuerUrlCheck = { ok: true; url: string } | { ok: false; kind: 'invalid' | 'not_allowed'; reason: string };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

export function checkIssuerUrl(raw: string, allowInsecure: boolean, allowedHosts: readonly string[] = []): IssuerUrlCheck {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, kind: 'invalid', reason: 'is not an absolute URL' };
  }
  if (u.username || u.password) return { ok: false, kind: 'invalid', reason: 'must not carry credentials' };
  if (u.search || u.hash || raw.includes('?') || raw.includes('#')) return { ok: false, kind: 'invalid', reason: 'must not have a query or fragment' };
  const host = hostOf(u);
  if (u.protocol === 'http:') {
    if (!LOOPBACK.test(host)) return { ok: false, kind: 'invalid', reason: 'must use https (plain http is allowed only for a loopback issuer with TESSERA_OIDC_ALLOW_INSECURE_ISSUERS on)' };
    if (!allowInsecure) return { ok: false, kind: 'invalid', reason: 'uses plain http: allowed for a loopback issuer only when TESSERA_OIDC_ALLOW_INSECURE_ISSUERS is on' };
  } else if (u.protocol !== 'https:') {
    return { ok: false, kind: 'invalid', reason: 'must use https' };
  }
  if (isIP(host) && !classifyAddress(host).allowed && !isAllowListed(host, allowedHosts.map(normalizeAllowedHost))) {
    return { ok: false, kind: 'not_allowed', reason: `is a non-public address (${host}): list it in TESSERA_OUTBOUND_ALLOWED_HOSTS to allow an issuer on your own network` };
  }
  return { ok: true, url: u.href.replace(/\/+$/, '') };
}
