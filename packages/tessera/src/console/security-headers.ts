import { createHash } from 'node:crypto';

/**
 * The one static <style> element Radix renders itself (its ScrollArea, inside every Themes table,
 * hides native scrollbars with it). Allowed by its exact hash, so no other inline style is.
 */
export const RADIX_SCROLL_AREA_STYLE = '[data-radix-scroll-area-viewport]{scrollbar-width:none;-ms-overflow-style:none;-webkit-overflow-scrolling:touch;}[data-radix-scroll-area-viewport]::-webkit-scrollbar{display:none}';
/** The same for the viewport of every open Radix Select (the filters, the role and workspace pickers). */
export const RADIX_SELECT_STYLE = '[data-radix-select-viewport]{scrollbar-width:none;-ms-overflow-style:none;-webkit-overflow-scrolling:touch;}[data-radix-select-viewport]::-webkit-scrollbar{display:none}';
const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
const RADIX_STYLE_HASHES = `${styleHash(RADIX_SCROLL_AREA_STYLE)} ${styleHash(RADIX_SELECT_STYLE)}`;

/**
 * Headers of every page and asset of the web console. Scripts and styles load only from this
 * origin; the exceptions are the nonce a page is served with, which Radix's scroll lock puts on
 * the small <style> element it adds while a dialog is open, and the two hashes above. Style attributes
 * React sets through the CSSOM need no exception. Nothing may frame the console.
 */
export function consoleHeaders(opts: { nonce?: string; https: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${RADIX_STYLE_HASHES}${opts.nonce ? ` 'nonce-${opts.nonce}'` : ''}`,
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
