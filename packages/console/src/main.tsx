import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setNonce } from 'get-nonce';
// Radix Themes' styles.css is tokens (every one of 31 colours) + components + utilities: the console
// takes the base tokens and only the colours it uses; build/radix-css-subset.ts drops the components it never renders.
import '@radix-ui/themes/tokens/base.css';
import '@radix-ui/themes/tokens/colors/gray.css';
import '@radix-ui/themes/tokens/colors/slate.css';
import '@radix-ui/themes/tokens/colors/indigo.css';
import '@radix-ui/themes/tokens/colors/red.css';
import '@radix-ui/themes/tokens/colors/amber.css';
import '@radix-ui/themes/tokens/colors/green.css';
import '@radix-ui/themes/components.css';
import '@radix-ui/themes/utilities.css';
import './console.css';
import { App } from './App';

// The page's CSP allows inline <style> elements only with this page's nonce: Radix's scroll lock
// (react-style-singleton) reads it from get-nonce when a dialog opens.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
if (nonce) setNonce(nonce);

// Radix's scroll areas (inside every table) scroll without being focusable, so a keyboard cannot
// scroll a wide table whose cells hold nothing focusable: make every such viewport a tab stop.
new MutationObserver(() => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-radix-scroll-area-viewport]:not([tabindex])')) el.tabIndex = 0;
}).observe(document.body, { childList: true, subtree: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
