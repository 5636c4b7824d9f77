import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { cachedBuild } from './build-cache.js';

/** Debian's Chromium, driven by playwright-core (no browser download). .ci/run installs it when missing. */
export const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The console (packages/console) built by vite, once per state of its sources and shared by every
 * test (build-cache.ts), so tests never serve a stale build. The folder is read-only: never remove it.
 */
export async function buildConsole(signal?: AbortSignal): Promise<string> {
  // The console imports a few of the server's modules (API types, scopes): their sources are inputs too.
  const inputs = ['packages/console', 'packages/tessera/src', 'package-lock.json'];
  return cachedBuild('tessera-console', inputs, 'index.html', async (out) => {
    const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
    // vitest sets NODE_ENV=test, which vite would pass on to React (its development build): test what ships.
    await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: join(repoRoot, 'packages/console'), env: { ...process.env, NODE_ENV: 'production' }, ...(signal ? { signal } : {}) });
  }, signal);
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
