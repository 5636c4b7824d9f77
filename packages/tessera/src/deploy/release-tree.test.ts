import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../test-support/built-binary.js';
import { readRepoFile, repoPath } from '../test-support/repo-files.js';

/**
 * The container's runtime tree, built by scripts/build-release.sh (the Dockerfile's only build
 * step): it starts, answers /readyz, passes the Dockerfile's own HEALTHCHECK command, and writes
 * nothing outside its data folder (the image runs with a read-only root filesystem).
 *
 * CI builds the tree once (.ci/run) and names it in TESSERA_RELEASE_DIR; elsewhere this test
 * builds it from packages/tessera/dist (run `npm run build` first), or is skipped saying so.
 */
const given = process.env.TESSERA_RELEASE_DIR;
const built = existsSync(repoPath('packages/tessera/dist/bin/tessera.js')) && existsSync(repoPath('packages/tessera/dist/web/index.html'));
const skip = onPostgres || (!given && !built);
if (skip && !onPostgres) console.warn('release-tree.test.ts skipped: no TESSERA_RELEASE_DIR and no packages/tessera/dist (run npm run build first)');

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        const s = statSync(p);
        files.set(relative(dir, p), `${s.size}:${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return files;
}

describe.skipIf(skip)('the release tree (scripts/build-release.sh)', () => {
  let tree: string;
  const temps: string[] = [];
  const temp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };

  beforeAll(async () => {
    if (given) {
      tree = given;
      return;
    }
    tree = join(temp('tessera-release-'), 'tree');
    await promisify(execFile)(repoPath('scripts/build-release.sh'), ['--skip-build', tree], { cwd: repoPath('.'), timeout: 280_000 });
  }, 300_000);
  afterAll(() => {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('holds the package as published: no tests, no test support, no development dependencies', () => {
    const dist = join(tree, 'packages/tessera/dist');
    const files = [...snapshot(dist).keys()];
    expect(files).toContain('bin/tessera.js');
    expect(files).toContain('web/index.html');
    expect(files.filter((f) => /\.test\.js$|^test-support\//.test(f))).toEqual([]);
    for (const dev of ['vitest', 'typescript', 'eslint', 'vite', 'playwright-core', 'react']) expect(existsSync(join(tree, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(tree, 'node_modules/fastify/package.json'))).toBe(true);
  });

  it('serves on a free port with a temporary data folder, answers /readyz and the Dockerfile\'s HEALTHCHECK, and writes only to its data folder', async () => {
    const before = snapshot(tree);
    const dataDir = temp('tessera-release-data-');
    const cwd = temp('tessera-release-cwd-');
    const bin = join(tree, 'packages/tessera/dist/bin/tessera.js');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd, env: { PATH: process.env.PATH, TESSERA_DATA_DIR: dataDir, TESSERA_LOG_LEVEL: 'info', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await expect.poll(() => /listening on 127\.0\.0\.1:(\d+)/.exec(stderr)?.[1], { timeout: 60_000, interval: 100 }).toBeDefined();
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr)![1]!;
      await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status, { timeout: 30_000, interval: 200 }).toBe(200);

      // The HEALTHCHECK command of the Dockerfile, run as the image would run it.
      const check = /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(readRepoFile('deploy/container/Dockerfile'))![1]!;
      const [cmd, ...args] = JSON.parse(check) as string[];
      expect(cmd).toBe('node');
      const healthy = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH, TESSERA_PORT: port } }).then(() => 0, (e: { code: number }) => e.code);
      expect(healthy).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n').every((l) => l.startsWith('{'))).toBe(true);
    expect(snapshot(tree)).toEqual(before);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
  }, 120_000);
});
