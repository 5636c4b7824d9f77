import { createHash } from 'node:crypto';

/**
 * The one static <style> element Radix renders itself (its ScrollArea, inside every Themes table,
 * hides native scrollbars with it). Allowed by its exact hash, so no other inline style is.
 */
export const RADIX_SCROLL_AREA_STYLE = '[data-radix-scroll-area-viewport]{scrollbar-width:none;-ms-overflow-style:none;-webkit-overflow-scrolling:touch;}[data-radix-scroll-area-viewport]::-webkit-scrollbar{display:none}';
const RADIX_SCROLL_AREA_HASH = `'sha256-${createHash('sha256').update(RADIX_SCROLL_AREA_STYLE).digest('base64')}'`;

/**
 * Headers of every page and asset of the web console. Scripts and styles load only from this
 * origin; the exceptions are the nonce a page is served with, which Radix's scroll lock puts on
 * the small <style> element it adds while a dialog is open, and the hash above. Style attributes
 * React sets through the CSSOM need no exception. Nothing may frame the console.
 */
export function consoleHeaders(opts: { nonce?: string; https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${RADIX_SCROLL_AREA_HASH}${opts.nonce ? ` 'nonce-${opts.nonce}'` : ''}`,
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
