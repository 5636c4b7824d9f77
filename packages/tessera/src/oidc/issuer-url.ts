/**
 * Which issuer URLs Tessera will ever fetch keys from. https only; plain http only for a loopback
 * host (127.0.0.0/8, ::1, localhost) and only when TESSERA_OIDC_ALLOW_INSECURE_ISSUERS is on
 * (tests, local development). No credentials, query or fragment. Returned without a trailing
 * slash, which is how issuers write their own `iss` (GitHub, GitLab).
 */
export type IssuerUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkIssuerUrl(raw: string, allowInsecure: boolean): IssuerUrlCheck {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'is not an absolute URL' };
  }
  if (u.username || u.password) return { ok: false, reason: 'must not carry credentials' };
  if (u.search || u.hash || raw.includes('?') || raw.includes('#')) return { ok: false, reason: 'must not have a query or fragment' };
  if (u.protocol === 'http:') {
    if (!LOOPBACK.test(u.hostname)) return { ok: false, reason: 'must use https (plain http is allowed only for a loopback issuer with TESSERA_OIDC_ALLOW_INSECURE_ISSUERS on)' };
    if (!allowInsecure) return { ok: false, reason: 'uses plain http: allowed for a loopback issuer only when TESSERA_OIDC_ALLOW_INSECURE_ISSUERS is on' };
  } else if (u.protocol !== 'https:') {
    return { ok: false, reason: 'must use https' };
  }
  return { ok: true, url: u.href.replace(/\/+$/, '') };
}
