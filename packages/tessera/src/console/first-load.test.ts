import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '../test-support/browser.js';
import { FIRST_LOAD_BUDGET, firstLoad } from '../../../../scripts/console-first-load.mjs';

/**
 * The console's first load (index.html, the entry chunk and its CSS, the tokens page's chunk) stays
 * within 250 KB as the server sends it, brotli or gzip: more than that and a slow link waits seconds
 * for the first table. `node scripts/console-first-load.mjs` prints the same figure file by file.
 */
describe('the console\'s first load', () => {
  it('is at most 250 KB transferred, with brotli and with gzip, and every sizeable asset has both twins', async () => {
    const dir = await buildConsole();
    const load = firstLoad(dir);
    console.log(`console first load: ${load.total} bytes brotli, ${load.totalGzip} gzip, ${load.totalRaw} raw, ${load.files.length} files`);
    expect(load.total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    expect(load.totalGzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
    // Code-splitting is in place: the first load is a fraction of everything the build made.
    const assets = readdirSync(join(dir, 'assets')).filter((f) => !/\.(br|gz)$/.test(f));
    expect(load.files.length).toBeLessThan(assets.length);
    for (const f of load.files.filter((f) => f.raw >= 1024)) {
      expect(existsSync(join(dir, `${f.file}.br`)), `${f.file}.br`).toBe(f.file !== 'index.html');
      if (f.file !== 'index.html') expect(existsSync(join(dir, `${f.file}.gz`)), `${f.file}.gz`).toBe(true);
    }
  });
});
