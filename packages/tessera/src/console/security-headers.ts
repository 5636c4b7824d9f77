/**
 * Headers of every page and asset of the web console. Scripts and styles load only from this
 * origin; the one exception is the nonce a page is served with, which Radix's scroll lock puts on
 * the small <style> element it adds while a dialog is open. Nothing may frame the console.
 */
export function consoleHeaders(opts: { nonce?: string; https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${opts.nonce ? ` 'nonce-${opts.nonce}'` : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'x-content-type-options': 'nosniff',
    ...(opts.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}
