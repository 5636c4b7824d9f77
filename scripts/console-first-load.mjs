#!/usr/bin/env node
// `node scripts/console-first-load.mjs [dir]`: what a browser transfers to show the console's
// first page, a signed-in workspace's API tokens (/w/<ws>/tokens), from a built console (default
// packages/tessera/dist/web). It follows Vite's manifest from index.html: the entry script and
// everything it imports statically, its CSS, then the tokens page's lazily loaded chunk and
// everything that one imports. Each file counts as the brotli twin the server sends (.br) when
// the build wrote one, else as is. HTTP headers and the API's JSON answers are not counted.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's own budget for that first load, in bytes (issue 17). */
export const FIRST_LOAD_BUDGET = 250 * 1024;
const FIRST_ROUTE = 'src/pages/TokensPage.tsx';

/**
 * @param {string} dir a built console (index.html, assets/, .vite/manifest.json)
 * @returns {{ files: { file: string, bytes: number, encoding: 'br' | 'identity', raw: number, gzip: number }[], total: number, totalGzip: number, totalRaw: number }}
 */
export function firstLoad(dir) {
  /** @type {Record<string, { file: string, imports?: string[], css?: string[], isEntry?: boolean }>} */
  const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error('no entry in the manifest');
  if (!manifest[FIRST_ROUTE]) throw new Error(`no chunk for ${FIRST_ROUTE}: is it still loaded lazily?`);
  const wanted = new Set(['index.html']);
  const walk = (key) => {
    const chunk = manifest[key];
    if (!chunk || wanted.has(chunk.file)) return;
    wanted.add(chunk.file);
    for (const css of chunk.css ?? []) wanted.add(css);
    for (const child of chunk.imports ?? []) walk(child);
  };
  walk(entry);
  walk(FIRST_ROUTE);
  const files = [...wanted].map((file) => {
    const path = join(dir, file);
    const raw = statSync(path).size;
    const br = existsSync(`${path}.br`) ? statSync(`${path}.br`).size : undefined;
    const gz = existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : raw;
    return { file, bytes: br ?? raw, encoding: /** @type {const} */ (br === undefined ? 'identity' : 'br'), raw, gzip: gz };
  });
  const sum = (/** @type {'bytes' | 'gzip' | 'raw'} */ k) => files.reduce((n, f) => n + f[k], 0);
  return { files, total: sum('bytes'), totalGzip: sum('gzip'), totalRaw: sum('raw') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../packages/tessera/dist/web/', import.meta.url));
  const load = firstLoad(dir);
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of load.files.sort((a, b) => b.bytes - a.bytes)) console.log(`${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)} (${f.encoding}; gzip ${kb(f.gzip)}, raw ${kb(f.raw)})`);
  console.log(`first load (tokens page): ${load.total} bytes = ${kb(load.total)} with brotli; ${kb(load.totalGzip)} with gzip; ${kb(load.totalRaw)} uncompressed; budget ${kb(FIRST_LOAD_BUDGET)}`);
  if (load.total > FIRST_LOAD_BUDGET) process.exitCode = 1;
}
