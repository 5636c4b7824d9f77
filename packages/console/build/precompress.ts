import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

/** Files smaller than this are not worth a compressed twin (the headers cost more than they save). */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /\.(js|css|svg|json|html|txt|map)$/;

/**
 * Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) next to every compressible
 * asset once the bundle is written, with node:zlib only (no native dependency). The server
 * (@fastify/static `preCompressed`) sends whichever the browser's Accept-Encoding allows.
 */
export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tessera-precompress',
    apply: 'build',
    configResolved(resolved) { config = resolved; },
    closeBundle(error) {
      const dir = join(config.build.outDir, config.build.assetsDir);
      if (error || !existsSync(dir)) return; // the build failed: its own error says why
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (!COMPRESSIBLE.test(name) || statSync(path).size < MIN_BYTES) continue;
        const bytes = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
