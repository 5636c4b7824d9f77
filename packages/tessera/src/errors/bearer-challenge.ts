const quote = (s: string) => s.replace(/["\\]/g, '');

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
