import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase } from '../db/database.js';
import { cachedBuild } from './build-cache.js';
import { migratedSchemaScript } from './pg-schema-script.js';
import { sql } from 'kysely';

/**
 * The real `tessera` binary, compiled by tsc from this package's tsconfig and run as a child
 * process: what `npm start` runs. It is compiled once per state of the sources and shared by every
 * test file and project (build-cache.ts): never a half-written build, nor a developer's stale
 * dist/. Every process and folder a harness creates is removed by its `cleanup()`.
 */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = join(packageRoot, '../..');
export const onPostgres = process.env.TESSERA_TEST_DB === 'postgres';

export interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin, which is then closed (stdin is otherwise closed at once). */
  input?: string;
  /** Working directory of the child (default: the test's). */
  cwd?: string;
}

export interface BinaryHarness {
  bin: string;
  run(args: string[], env: NodeJS.ProcessEnv, options?: RunOptions): Child;
  runToEnd(args: string[], env: NodeJS.ProcessEnv, options?: RunOptions): Promise<Finished>;
  /**
   * Where a served instance keeps its data: a temporary PGlite folder, or a fresh schema on
   * PostgreSQL. Both are already migrated and empty (a copy of a migrated PGlite folder, a schema
   * made by pg-schema-script.ts: no initdb and no migrations at the server's start, what most of
   * it costs) unless `fresh` asks for an empty folder or schema.
   */
  instanceEnv(opts?: { fresh?: boolean }): Promise<Record<string, string>>;
  /** A temporary folder removed at cleanup. */
  tempDir(prefix: string): string;
  onCleanup(fn: () => Promise<void> | void): void;
  cleanup(): Promise<void>;
}

/** A clean environment: nothing from the developer's shell leaks into the child's configuration. */
export function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TESSERA_LOG_LEVEL: 'warn', ...extra };
}

/** Compiles the package with tsc, once per state of its sources (see build-cache.ts); the path of the compiled bin/tessera.js. */
export async function compiledBinary(signal?: AbortSignal): Promise<string> {
  const inputs = ['packages/tessera/src', 'packages/tessera/tsconfig.json', 'packages/tessera/package.json', 'package-lock.json'];
  const dir = await cachedBuild('tessera-bin', inputs, 'dist/bin/tessera.js', async (into) => {
    // Inside the package's node_modules: the build resolves its dependencies exactly as dist/ does
    // (packages/tessera/node_modules, then the root's), and git and eslint never see it.
    copyFileSync(join(packageRoot, 'package.json'), join(into, 'package.json')); // "type": "module" and the version
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    // Type errors are `npm run typecheck`'s to report; tsc still emits, and the tests run what it emitted.
    const built = await promisify(execFile)(process.execPath, [tsc, '-p', join(packageRoot, 'tsconfig.json'), '--outDir', join(into, 'dist')], signal ? { signal } : {}).catch((err: { stdout?: string }) => err);
    signal?.throwIfAborted();
    if (!existsSync(join(into, 'dist/bin/tessera.js'))) throw new Error(`tsc produced no bin/tessera.js:\n${built.stdout ?? ''}`);
  }, signal);
  return join(dir, 'dist/bin/tessera.js');
}

/**
 * A PGlite data folder migrated by `tessera migrate` and never served (no secret, no users): made
 * once per state of the migrations and the PGlite version, copied for each served instance.
 */
export function migratedDataDir(bin: string, signal?: AbortSignal): Promise<string> {
  return cachedBuild('tessera-pgdata', ['packages/tessera/src/db', 'package-lock.json'], 'pgdata/PG_VERSION', async (into) => {
    const migrate = await promisify(execFile)(process.execPath, [bin, 'migrate'], { env: envWith({ TESSERA_DATA_DIR: into }), ...(signal ? { signal } : {}) }).catch((err: { stdout?: string; stderr?: string }) => err);
    signal?.throwIfAborted();
    if ('code' in migrate && migrate.code) throw new Error(`tessera migrate failed:\n${migrate.stdout ?? ''}${migrate.stderr ?? ''}`);
  }, signal);
}

export async function buildBinary(): Promise<BinaryHarness> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const bin = await compiledBinary();

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  const run: BinaryHarness['run'] = (args, env, options = {}) => {
    const proc = spawn(process.execPath, [bin, ...args], { env, ...(options.cwd ? { cwd: options.cwd } : {}), stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (options.input !== undefined) proc.stdin!.end(options.input);
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    // 'close', not 'exit': every byte the child wrote has been read by then.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
    cleanups.push(() => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    });
    return {
      proc, exited,
      stdout: () => out,
      stderr: () => err,
      async waitFor(pattern, timeoutMs = 45_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          // stdout holds the JSON log lines, stderr the start-up banner: either may hold what is awaited.
          const m = out.match(pattern) ?? err.match(pattern);
          if (m) return m;
          if (proc.exitCode !== null) throw new Error(`tessera exited with ${proc.exitCode} before printing ${pattern}:\n${out}\n${err}`);
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${out}\n${err}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    };
  };

  return {
    bin, run, tempDir,
    async runToEnd(args, env, options) {
      const child = run(args, env, options);
      const { code } = await child.exited;
      return { code, stdout: child.stdout(), stderr: child.stderr() };
    },
    async instanceEnv(opts = {}): Promise<Record<string, string>> {
      const dataDir = tempDir('tessera-data-');
      if (!onPostgres) {
        if (!opts.fresh) await cp(join(await migratedDataDir(bin), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
        return { TESSERA_DATA_DIR: dataDir };
      }
      const url = process.env.TESSERA_TEST_DATABASE_URL!;
      const schema = `bin_${randomBytes(6).toString('hex')}`;
      const admin = await openDatabase({ url, poolSize: 1 });
      if (opts.fresh) await admin.db.schema.createSchema(schema).execute();
      else await sql.raw(await migratedSchemaScript(schema)).execute(admin.db);
      await admin.db.destroy();
      cleanups.push(async () => {
        const a = await openDatabase({ url, poolSize: 1 });
        await a.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await a.db.destroy();
      });
      const withSchema = new URL(url);
      withSchema.searchParams.set('options', `-c search_path=${schema}`);
      return { TESSERA_DATA_DIR: dataDir, DATABASE_URL: withSchema.toString(), TESSERA_SECRET: randomBytes(32).toString('hex') };
    },
    onCleanup: (fn) => void cleanups.push(fn),
    async cleanup() {
      for (const c of cleanups.reverse()) await c();
      cleanups.length = 0;
    },
  };
}
