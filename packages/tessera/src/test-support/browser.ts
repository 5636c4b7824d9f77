import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download). .ci/run installs it when missing. */
export const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Builds the console (packages/console) into a fresh folder, so tests never serve a stale build. */
export async function buildConsole(): Promise<string> {
  const cache = join(repoRoot, 'packages/tessera/node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'tessera-console-test-'));
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: join(repoRoot, 'packages/console') });
  if (!existsSync(join(out, 'index.html'))) throw new Error(`vite build produced no ${out}/index.html`);
  return out;
}

/**
 * Flags without which headless Chromium stalls on a machine with no outside network. Playwright
 * runs it headless with a fresh temporary profile of its own (it refuses --user-data-dir here).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
