import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../cli/program.js';
import { onPostgres } from '../test-support/built-binary.js';
import { readRepoFile, repoPath, yamlDocuments } from '../test-support/repo-files.js';

/**
 * The GitHub Action (integrations/github-action/action.yml) and the GitLab CI/CD component
 * (templates/tessera-upload.yml) run `tessera upload` with flags and variables: each must be one
 * the CLI has. Then the CLI package as it would be published (npm pack) is installed into a
 * temporary prefix the way the action installs it, and answers --version and upload --help.
 */
const run = promisify(execFile);
const uploadCommand = buildProgram().commands.find((c: Command) => c.name() === 'upload')!;
const UPLOAD_FLAGS = new Set(uploadCommand.options.map((o) => o.long!));
const PACKAGE = JSON.parse(readRepoFile('packages/tessera/package.json')) as { name: string; version: string; bin: Record<string, string> };

/** The TESSERA_* variables the CLI reads (its sources, tests aside). */
function cliEnvVars(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\b(TESSERA_[A-Z_]+)\b/g)) names.add(m[1]!);
    }
  };
  walk(repoPath('packages/tessera/src/cli'));
  return names;
}

/** The `--flags` a shell script passes to `tessera upload` (its own lines and the argument list it builds). */
const flagsIn = (script: string) => [...new Set([...script.matchAll(/(?:^|[\s(])(--[a-z][a-z-]*)/g)].map((m) => m[1]!))];

describe('integrations/github-action/action.yml', () => {
  const [action] = yamlDocuments('integrations/github-action/action.yml');
  const steps = action.runs.steps as { id?: string; name?: string; uses?: string; run?: string; env?: Record<string, string> }[];
  const upload = steps.find((s) => s.run?.includes('tessera upload'))!;
  const install = steps.find((s) => s.id === 'install')!;

  it('is a composite action whose every ${{ inputs.x }} is declared, and whose every input is used', () => {
    expect(action.runs.using).toBe('composite');
    const text = readRepoFile('integrations/github-action/action.yml');
    const used = new Set([...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    expect(Object.entries(action.inputs).filter(([, i]: [string, any]) => i.required).map(([k]) => k).sort()).toEqual(['files', 'url']);
    for (const s of steps.filter((x) => x.run)) expect(s.run && (s as { shell?: string }).shell, s.name).toBe('bash');
  });

  it('passes `tessera upload` only flags it has, and only variables the CLI reads', () => {
    const flags = flagsIn(upload.run!);
    expect(flags.sort()).toEqual(['--format', '--kind', '--project', '--retries']);
    for (const f of flags) expect(UPLOAD_FLAGS, f).toContain(f);
    const cliVars = cliEnvVars();
    for (const name of Object.keys(upload.env!).filter((n) => n.startsWith('TESSERA_'))) expect(cliVars, name).toContain(name);
    expect(upload.env).toMatchObject({ TESSERA_URL: '${{ inputs.url }}', TESSERA_TOKEN: '${{ inputs.token }}' });
    expect(action.inputs.token.default).toBe(''); // tokenless unless a token is given
  });

  it('installs the package by the name and bin this repository publishes', () => {
    expect(action.inputs.package.default).toBe(PACKAGE.name);
    expect(action.inputs.version.default).toBe(PACKAGE.version);
    expect(Object.keys(PACKAGE.bin)).toEqual(['tessera']);
    expect(install.run).toMatch(/npm install --global .*"\$spec"/);
    expect(steps[0]!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(Number(action.inputs['node-version'].default)).toBeGreaterThanOrEqual(22);
  });
});

describe('templates/tessera-upload.yml (GitLab CI/CD component)', () => {
  const [header, jobs] = yamlDocuments('templates/tessera-upload.yml');
  const inputs = header.spec.inputs as Record<string, { default?: unknown; options?: unknown[] }>;
  const [jobName, job] = Object.entries(jobs as Record<string, any>)[0]!;

  it('declares its inputs in spec:inputs, uses each, and references none that is not declared', () => {
    expect(jobName).toBe('$[[ inputs.job-name ]]');
    const text = readRepoFile('templates/tessera-upload.yml').split('\n---\n')[1]!;
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(inputs).sort());
    for (const [name, i] of Object.entries(inputs)) if (i.options) expect(i.options, name).toContain(i.default);
    expect(Object.keys(inputs).filter((k) => inputs[k]!.default === undefined).sort()).toEqual(['files', 'url']);
  });

  it('asks GitLab for an ID token with the server as audience, in the variable the CLI reads', () => {
    expect(job.id_tokens).toEqual({ TESSERA_ID_TOKEN: { aud: '$[[ inputs.url ]]' } });
    expect(job.variables.TESSERA_URL).toBe('$[[ inputs.url ]]');
    const cliVars = cliEnvVars();
    expect(cliVars).toContain('TESSERA_ID_TOKEN');
    for (const name of Object.keys(job.variables).filter((n) => n.startsWith('TESSERA_') && !n.startsWith('TESSERA_CLI_'))) expect(cliVars, name).toContain(name);
  });

  it('passes `tessera upload` only flags it has', () => {
    const script = (job.script as string[]).find((s) => s.includes('tessera upload'))!;
    const flags = flagsIn(script);
    expect(flags.sort()).toEqual(['--format', '--kind', '--project', '--retries']);
    for (const f of flags) expect(UPLOAD_FLAGS, f).toContain(f);
    expect(inputs.package!.default).toBe(PACKAGE.name);
    expect(inputs.version!.default).toBe(PACKAGE.version);
  });
});

describe('docs/ci.md uses the action and the component with inputs they declare', () => {
  const doc = readRepoFile('docs/ci.md');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const [action] = yamlDocuments('integrations/github-action/action.yml');
  const [header] = yamlDocuments('templates/tessera-upload.yml');

  it('every recipe step that uses the action passes declared inputs, and every include of the component too', async () => {
    const { parse } = await import('yaml');
    let actionUses = 0;
    let componentUses = 0;
    for (const block of blocks) {
      const y = parse(block) as any;
      for (const job of Object.values((y?.jobs ?? {}) as Record<string, any>)) {
        for (const step of job.steps ?? []) {
          // A fork guard on the head repository alone skips every push (there is no pull_request then).
          if (String(step.if ?? '').includes('head.repo.full_name')) expect(step.if).toMatch(/^github\.event_name != 'pull_request' \|\| /);
          if (!String(step.uses ?? '').includes('integrations/github-action@')) continue;
          actionUses++;
          for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), key).toContain(key);
          for (const [key, i] of Object.entries(action.inputs as Record<string, { required?: boolean }>)) if (i.required) expect(step.with, key).toHaveProperty(key);
          expect(job['runs-on'] ?? y.permissions).toBeDefined();
        }
      }
      for (const inc of y?.include ?? []) {
        if (!String(inc.component ?? '').includes('/tessera-upload@')) continue;
        componentUses++;
        for (const key of Object.keys(inc.inputs ?? {})) expect(Object.keys(header.spec.inputs), key).toContain(key);
      }
    }
    expect(actionUses).toBeGreaterThanOrEqual(2);
    expect(componentUses).toBeGreaterThanOrEqual(2);
    expect(doc).not.toMatch(/node-version: 20\b|image: node:20\b/);
  });
});

const built = existsSync(repoPath('packages/tessera/dist/bin/tessera.js'));
describe.skipIf(onPostgres || !built)('the CLI package as published (npm pack, then npm install --global)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('installs into an empty prefix from its tarball and answers --version and upload --help with the flags the integrations use', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-pack-'));
    dirs.push(dir);
    await run('npm', ['pack', '--ignore-scripts', '--silent', '--workspace', 'packages/tessera', '--pack-destination', dir], { cwd: repoPath('.'), timeout: 120_000 });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    expect(tgz).toBe(`${PACKAGE.name}-${PACKAGE.version}.tgz`);
    const prefix = join(dir, 'prefix');
    // The dependencies come from npm's cache (npm ci filled it) or the registry; offline without them, skip.
    const installed = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, tgz)], { timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } })
      .then(() => null, (err: { stderr?: string }) => err.stderr ?? String(err));
    if (installed !== null) {
      if (/ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(installed)) {
        console.warn(`skipped: npm could not fetch the CLI's dependencies (offline, and not in npm's cache):\n${installed}`);
        ctx.skip();
      }
      throw new Error(`npm install --global failed:\n${installed}`);
    }
    const bin = join(prefix, 'bin', 'tessera');
    const version = await run(bin, ['--version'], { env: { PATH: process.env.PATH, HOME: dir } });
    expect(version.stdout.trim()).toBe(PACKAGE.version);
    const help = await run(bin, ['upload', '--help'], { env: { PATH: process.env.PATH, HOME: dir } });
    for (const flag of ['--project', '--kind', '--format', '--retries', '--token', '--url']) expect(help.stdout, flag).toContain(flag);
  }, 300_000);
});
