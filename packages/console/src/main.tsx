import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setNonce } from 'get-nonce';
import '@radix-ui/themes/styles.css';
import './console.css';
import { App } from './App';

// The page's CSP allows inline <style> elements only with this page's nonce: Radix's scroll lock
// (react-style-singleton) reads it from get-nonce when a dialog opens.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
if (nonce) setNonce(nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
