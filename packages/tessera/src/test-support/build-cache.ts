import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds that many test files need (the `tessera` binary, the console) are made once per state of
 * their sources and shared: by every test file and both projects of a run, and by later runs while
 * the sources are unchanged. The output folder is named for a hash of the inputs, so a changed
 * source file always gets a fresh build and no test ever runs a stale one. The first process to
 * need a build takes a lock and builds into a temporary folder, which is renamed into place when
 * complete; the others wait for it. Nothing in the folder is written after that: tests must
 * treat it as read-only.
 */
export const cacheRoot = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

const SKIPPED = /^(node_modules|dist|test-support)$|\.test\.tsx?$/;

/**
 * A build's inputs: files and folders relative to the repo root, walked, skipping node_modules,
 * dist, test files and test-support (never part of a build: a changed test reuses the build).
 */
export function hashInputs(inputs: readonly string[]): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!SKIPPED.test(name)) add(join(path, name));
    } else if (st.isFile()) {
      hash.update(`${relative(repoRoot, path)}\0${st.size}\0`).update(readFileSync(path));
    }
  };
  for (const input of inputs) add(join(repoRoot, input));
  return hash.digest('hex').slice(0, 16);
}

/** A lock held longer than this by a process that is still alive is taken as stuck. */
const STUCK_MS = 10 * 60_000;
/** Builds of other source states are removed once this old. */
const PRUNE_AFTER_MS = 24 * 60 * 60_000;

/**
 * The folder holding `name`'s build for these inputs, built by `build(into)` if no process has
 * built it yet (`build` must leave `check` existing in `into`, a path relative to it).
 */
export async function cachedBuild(name: string, inputs: readonly string[], check: string, build: (into: string) => Promise<void>, signal?: AbortSignal): Promise<string> {
  mkdirSync(cacheRoot, { recursive: true });
  const dir = join(cacheRoot, `${name}-${hashInputs(inputs)}`);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, check))) return dir;
    signal?.throwIfAborted();
    let locked = false;
    try {
      mkdirSync(lock);
      locked = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!locked) {
      if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), `${process.pid}\n`);
      if (existsSync(join(dir, check))) return dir; // finished by another process between the check and the lock
      rmSync(dir, { recursive: true, force: true }); // an incomplete folder (cannot happen with rename, but costs nothing)
      const staging = mkdtempSync(`${dir}.staging-`);
      try {
        await build(staging);
        if (!existsSync(join(staging, check))) throw new Error(`the ${name} build produced no ${check}`);
        renameSync(staging, dir);
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
      prune(name, dir);
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function lockIsStale(lock: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(lock, 'pid'), 'utf8'), 10);
  } catch {
    // Just created, pid not written yet; or left without a pid by a process killed at that instant.
    const st = statSync(lock, { throwIfNoEntry: false });
    return !!st && Date.now() - st.mtimeMs > 30_000;
  }
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true; // its builder died
  }
  const st = statSync(lock, { throwIfNoEntry: false });
  return !!st && Date.now() - st.mtimeMs > STUCK_MS;
}

/** Removes this build's older versions (other hashes, left by earlier source states) once stale. */
function prune(name: string, keep: string): void {
  const pattern = new RegExp(`^${name}-[0-9a-f]{16}(\\.staging-.*)?$`);
  for (const entry of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, entry);
    if (path === keep || !pattern.test(entry)) continue;
    const st = statSync(path, { throwIfNoEntry: false });
    if (st && Date.now() - st.mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}
