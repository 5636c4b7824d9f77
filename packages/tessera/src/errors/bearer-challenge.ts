/**
 * RFC 6750 §3: error_description holds only %x20-21 / %x23-5B / %x5D-7E. Anything else (a quote,
 * a backslash, "…", a name in another script) would make Node refuse the header, and the answer
 * a 500: dropped, or spelled in ASCII.
 */
const quote = (s: string) => s.replace(/…/g, '...').replace(/[–—]/g, '-').replace(/["\\]/g, '').replace(/[^\x20-\x7e]/g, '?');

/**
 * The RFC 6750 `WWW-Authenticate: Bearer …` header of a 401 or 403: authentication (the edge),
 * authorization (`insufficient_scope`) and the metrics route all answer with it.
 */
export function bearerChallenge(error?: string, description?: string, scope?: string): Record<string, string> {
  const parts = ['Bearer realm="tessera"'];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${quote(description)}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return { 'www-authenticate': parts.join(', ') };
}
