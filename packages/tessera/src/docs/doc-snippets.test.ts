import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../cli/program.js';
import { loadConfig } from '../config/load-config.js';
import { buildBinary, envWith, type BinaryHarness } from '../test-support/built-binary.js';
import { codeBlocks, exactPairs, problemsWith, shellSteps, shellWords, tesseraCommands, type CodeBlock } from '../test-support/doc-snippets.js';
import { readRepoFile, repoPath } from '../test-support/repo-files.js';
import { OWNER, startInstance, type ServedInstance } from '../test-support/served-instance.js';

/**
 * Issue 16: the docs are checked, not trusted. Every fenced block of README.md and docs/*.md:
 * YAML parses; JSON parses unless it elides with `…`, and a config file example is one Tessera
 * accepts; every `tessera …` line (in shell snippets, in YAML `run:` steps, in synopses) names a
 * command and options the CLI has; and every shell snippet made only of `curl` and `tessera`
 * commands runs against a real server, answer by answer as the `# → …` comments promise.
 */
const FILES = ['README.md', ...readdirSync(repoPath('docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const BLOCKS: CodeBlock[] = FILES.flatMap((f) => codeBlocks(f, readRepoFile(f)));
const at = (b: CodeBlock) => `${b.file}:${b.line}`;
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const program = buildProgram();

/** Every string of a parsed YAML document (a workflow's `run:` steps among them). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('the docs: what can be checked without running anything', () => {
  it('finds the blocks (a sanity check of the extraction)', () => {
    expect(BLOCKS.filter((b) => b.lang === 'yaml').length).toBeGreaterThanOrEqual(5);
    expect(BLOCKS.filter((b) => SHELL.has(b.lang)).length).toBeGreaterThanOrEqual(15);
  });

  it('every YAML block parses', () => {
    for (const b of BLOCKS.filter((x) => x.lang === 'yaml' || x.lang === 'yml')) {
      for (const d of parseAllDocuments(b.text) as unknown as { errors: { message: string }[] }[]) {
        expect(d.errors.map((e) => e.message), at(b)).toEqual([]);
      }
    }
  });

  it('every JSON block without an elision (…) parses, and the config file example is a valid configuration', () => {
    const json = BLOCKS.filter((b) => b.lang === 'json' && !b.text.includes('…'));
    expect(json.length).toBeGreaterThanOrEqual(2);
    for (const b of json) expect(() => JSON.parse(b.text), at(b)).not.toThrow();
    const configExample = json.find((b) => b.file === 'docs/configuration.md' && /"public_url"/.test(b.text))!;
    expect(configExample, 'docs/configuration.md has a config file example').toBeDefined();
    const dir = mkdtempDir();
    writeFileSync(join(dir, 'tessera.json'), configExample.text);
    expect(() => loadConfig({ file: join(dir, 'tessera.json'), env: {} })).not.toThrow();
  });

  it('every tessera command line names a command and options the CLI has', () => {
    const lines = BLOCKS.flatMap((b) => {
      if (SHELL.has(b.lang)) return tesseraCommands(at(b), b.text);
      if (b.lang === 'yaml' || b.lang === 'yml') {
        return (parseAllDocuments(b.text) as unknown as { toJS(): unknown }[]).flatMap((d) => strings(d.toJS()).flatMap((s) => tesseraCommands(at(b), s)));
      }
      // A synopsis or a transcript in an untagged block.
      return b.lang === '' ? tesseraCommands(at(b), b.text, { synopsis: true }) : [];
    });
    expect(lines.length).toBeGreaterThanOrEqual(30);
    const problems = lines.flatMap((l) => problemsWith(program, l.args).map((p) => `${l.where}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('the check above refuses what the CLI does not have (so it can fail)', () => {
    expect(problemsWith(program, ['token', 'create', '--name', 'x', '--kindd', 'project'])).toEqual(['tessera token create: no option --kindd']);
    expect(problemsWith(program, ['token', 'creat', '--name', 'x'])[0]).toMatch(/^tessera token: no command "creat"/);
    expect(problemsWith(program, ['audit', '[--workspace', 'W', '|', '--instance]', '[--json]'])).toEqual([]);
    expect(problemsWith(program, ['member', 'list', '[--kind', 'human|service]', '[--everyone]'])).toEqual(['tessera member list: no option --everyone']);
  });
});

let tmpRoot = '';
function mkdtempDir(): string {
  tmpRoot ||= mkdtempSync(join(tmpdir(), 'tessera-doc-'));
  return mkdtempSync(join(tmpRoot, 'd'));
}
afterAll(() => {
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
});

/**
 * The runnable snippets: shell blocks whose every command is `curl`, `tessera` (a shim on PATH
 * runs the built binary) or a variable assignment. What the reader would fill in is filled in:
 * the documented server addresses become the test server's; `VAR=tsrs_…` is the session from
 * setup, `VAR=tsr?_…` the last secret an answer showed, `VAR=tok_…` the last token id;
 * `tessera login` gets its password on stdin (the snippet runs with no terminal). Each curl must
 * answer 2xx unless its `# →` says another status, and each exact pair of a `# → {…}` answer
 * must be in the real answer; each tessera command must exit 0.
 */
let harness: BinaryHarness | undefined;
const NOT_HERE: Record<string, string> = {
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'needs a GitHub Actions runner (its OIDC token endpoint); cli/e2e/oidc.test.ts exercises the exchange with a loopback issuer',
};
const SERVER_URLS = /https?:\/\/(?:127\.0\.0\.1:7420|tessera\.example\.com|tokens\.example\.com)/g;

function runnable(b: CodeBlock): boolean {
  if (!SHELL.has(b.lang)) return false;
  if (Object.keys(NOT_HERE).some((k) => b.text.includes(k))) return false;
  const steps = shellSteps(b.text);
  return steps.length > 0 && steps.every((s) => {
    const w = shellWords(s.command.replace(/\$\([^)]*\)/g, 'X'));
    let i = 0;
    while (i < w.length && /^[A-Z_][A-Z0-9_]*=/.test(w[i]!)) i++;
    return i === w.length || w[i] === 'curl' || w[i] === 'tessera';
  }) && steps.some((s) => /\b(curl|tessera)\b/.test(s.command));
}

describe('the docs: their curl and tessera snippets, run against a real server', () => {
  const RUNNABLE = BLOCKS.filter(runnable);
  let binDir = '';

  beforeAll(async () => {
    harness = await buildBinary();
    binDir = harness.tempDir('tessera-doc-bin-');
    writeFileSync(join(binDir, 'tessera'), `#!/bin/sh\nexec "${process.execPath}" "${harness.bin}" "$@"\n`);
    // `… | gh secret set NAME` (docs/ci.md): keeps what it was given.
    writeFileSync(join(binDir, 'gh'), '#!/bin/sh\ncat > "$DOC_GH_SECRET"\n');
    for (const f of ['tessera', 'gh']) chmodSync(join(binDir, f), 0o755);
  }, 240_000);
  afterAll(async () => {
    await harness?.cleanup();
  });

  it('finds the snippets that should run here', () => {
    const names = RUNNABLE.map(at).map((w) => w.split(':')[0]);
    for (const f of ['README.md', 'docs/cli.md', 'docs/ci.md', 'docs/tokens.md', 'docs/verifiers.md', 'docs/api.md']) expect(names, f).toContain(f);
  });

  // One server; each snippet gets its own workspace (its `acme` renamed), so none sees another's projects and tokens.
  let instance: ServedInstance;
  beforeAll(async () => {
    instance = await startInstance(harness!);
  }, 120_000);
  afterAll(() => instance?.stop());

  BLOCKS.filter(runnable).forEach((block, i) => {
    it(`${at(block)} runs as written`, async () => {
      const slug = i === 0 ? 'acme' : `acme${i}`;
      if (i > 0) expect((await instance.api('POST', '/v1/workspaces', { token: instance.session, body: { name: `Acme ${i}`, slug } })).status).toBe(201);
      await runBlock(block, instance, slug, binDir);
    }, 120_000);
  });
});

async function runBlock(block: CodeBlock, instance: ServedInstance, slug: string, binDir: string): Promise<void> {
  const h = harness!;
  const cwd = h.tempDir('tessera-doc-cwd-');
  // What the snippets read from the working folder: a git checkout and a coverage report.
  mkdirSync(join(cwd, 'coverage'));
  writeFileSync(join(cwd, 'coverage/lcov.info'), 'TN:\nSF:src/a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n');
  writeFileSync(join(cwd, 'coverage.xml'), '<?xml version="1.0"?><coverage line-rate="0.5" lines-covered="1" lines-valid="2" version="1"><packages/></coverage>\n');
  const git = (...args: string[]) => promisify(execFile)('git', args, { cwd });
  await git('init', '-q');
  await git('-c', 'user.email=d@example.com', '-c', 'user.name=Docs', 'commit', '-q', '--allow-empty', '-m', 'docs');
  const head = (await git('rev-parse', 'HEAD')).stdout.trim();

  // The reader's own state: a project "web" (docs/ci.md) beside the ones snippets create, a
  // project token that may upload and read, a workspace verifier.
  // (A project the snippet creates itself is not made beforehand.)
  const creates = /tessera project create|\/projects -H/.test(block.text);
  for (const project of ['web', 'web-app'].filter((p) => p === 'web' || !creates)) {
    const made = await instance.api('POST', `/v1/workspaces/${slug}/projects`, { token: instance.session, body: { name: project, slug: project } });
    expect(made.status).toBe(201);
  }
  const uploader = await instance.api('POST', `/v1/workspaces/${slug}/tokens`, { token: instance.session, body: { kind: 'project', project: 'web', name: 'docs uploader', scopes: ['upload', 'read'] } });
  const verifier = await instance.api('POST', `/v1/workspaces/${slug}/verifiers`, { token: instance.session, body: { name: 'docs gateway' } });
  expect(verifier.status).toBe(201);
  const configDir = h.tempDir('tessera-doc-config-');
  const vars: Record<string, string> = {
    SESSION: instance.session, API: instance.url, TESSERA_URL: instance.url, TOKEN: uploader.body.secret,
    // A CI snippet has its token in TESSERA_TOKEN (docs/ci.md says so); a person at a terminal uses their login.
    ...(shellSteps(block.text).some((st) => st.command.includes('$TESSERA_TOKEN') || /^tessera upload\b/.test(st.command)) ? { TESSERA_TOKEN: uploader.body.secret } : {}),
    TESSERA_VERIFIER: verifier.body.secret, GIT_COMMIT: head, COMMIT: head, GIT_BRANCH: 'main', BRANCH: 'main', BUILD: '42', GITHUB_SHA: head,
  };
  let lastSecret: string | undefined;
  let lastId: string | undefined;

  for (const step of shellSteps(block.text)) {
    const where = `${at(block)}: ${step.command}`;
    const shown = (value: string | undefined, what: string): string => {
      if (value === undefined) throw new Error(`${where}: no answer showed ${what} yet`);
      return value;
    };
    const fillIn = (placeholder: string): string => {
      if (placeholder.startsWith('tsrs_')) return instance.session;
      if (/^tsr[a-z]_/.test(placeholder)) return shown(lastSecret, 'a secret');
      if (placeholder.startsWith('tok_')) return shown(lastId, 'a token id');
      throw new Error(`${where}: no rule fills in ${placeholder}`);
    };
    const assignment = /^([A-Z_][A-Z0-9_]*)=(\S+)$/.exec(step.command);
    if (assignment) {
      const [, name, value] = assignment as unknown as [string, string, string];
      vars[name] = value.includes('…') ? fillIn(value) : value.replace(SERVER_URLS, instance.url).replace(/\bacme\b/g, slug);
      continue;
    }
    let command = step.command.replace(SERVER_URLS, instance.url).replace(/\b[a-z]{3,4}_…/g, fillIn).replace(/\bacme\b/g, slug);
    const isCurl = /^curl\b/.test(command);
    if (isCurl) command = command.replace(/^curl\b/, `curl -w '\\n%{http_code}'`);
    let input: string | undefined;
    if (/^tessera login\b/.test(command)) {
      command += ` --email ${OWNER.email} --password-stdin`;
      input = OWNER.password;
    }
    // The reader's workspace: theirs is the only one they have; this server has one per snippet.
    const env = envWith({ ...vars, TESSERA_WORKSPACE: slug, PATH: `${binDir}:${process.env.PATH}`, TESSERA_CONFIG_DIR: configDir, DOC_GH_SECRET: join(cwd, 'gh-secret') });
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile('bash', ['-o', 'pipefail', '-c', command], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
      if (input !== undefined) child.stdin!.end(input);
      else child.stdin!.end();
    });
    expect(r.code, `${where}\n${r.stderr}`).toBe(0);
    let out = r.stdout;
    if (isCurl) {
      const nl = out.lastIndexOf('\n');
      const status = Number(out.slice(nl + 1));
      out = out.slice(0, nl);
      const promised = /^(\d{3})\b/.exec(step.expect ?? '')?.[1] ?? /→\s*(\d{3})\b/.exec(step.expect ?? '')?.[1];
      if (promised) expect(status, `${where}\n${out}`).toBe(Number(promised));
      else expect(status, `${where}\n${out}`).toBeLessThan(300);
      if (out.trim().startsWith('{')) {
        const body = JSON.parse(out) as Record<string, unknown>;
        if (typeof body.secret === 'string') lastSecret = body.secret;
        if (typeof body.id === 'string' && body.id.startsWith('tok_')) lastId = body.id;
        for (const [k, v] of exactPairs(step.expect ?? '')) expect(findKey(body, k), `${where}: the docs promise "${k}": ${JSON.stringify(v)}\n${out}`).toContainEqual(v);
      }
    } else {
      const secret = /\btsr[a-z]_[0-9A-Za-z]{46}\b/.exec(out)?.[0];
      if (secret) lastSecret = secret;

    }
  }
}

/** Every value of `key` anywhere in a JSON answer. */
function findKey(v: unknown, key: string): unknown[] {
  if (Array.isArray(v)) return v.flatMap((x) => findKey(x, key));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => (k === key ? [x, ...findKey(x, key)] : findKey(x, key)));
  }
  return [];
}
