import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.ts';
import { radixCssSubset } from './build/radix-css-subset.ts';

/**
 * The console builds into the tessera package (dist/web), which is what `tessera serve` serves
 * and what `npm pack` of tessera ships. `npm run dev` serves it with hot reload and proxies the
 * API to a running `tessera serve` (TESSERA_URL, default http://127.0.0.1:7420).
 */
const target = process.env.TESSERA_URL ?? 'http://127.0.0.1:7420';

export default defineConfig({
  plugins: [react(), radixCssSubset(), precompress()],
  // Vite puts this placeholder on the page's script and style tags; the server swaps in a fresh nonce per page.
  html: { cspNonce: '__CSP_NONCE__' },
  build: {
    outDir: fileURLToPath(new URL('../tessera/dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json (never served: only /assets/ is) maps each route's chunk to what it loads; scripts/console-first-load.mjs reads it.
    manifest: true,
  },
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: { '/v1': { target }, '/docs': { target }, '/openapi.json': { target } },
  },
});
