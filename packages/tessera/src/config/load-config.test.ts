import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';
import { configSchema } from './config-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function configFile(content: unknown): string {
  const path = join(dir, `config-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const SECRET = 'a-pepper-that-is-long-enough-0123456789';

describe('loadConfig', () => {
  it('gives every setting its documented default when nothing is set', () => {
    const c = loadConfig({ env: {} });
    expect(c).toMatchObject({
      host: '127.0.0.1', port: 7420, public_url: 'http://127.0.0.1:7420', data_dir: './.tessera', token_brand: 'tsr',
      log_level: 'info', previous_secrets: [], trust_proxy: false, project_token_limit: 100,
    });
    expect(c.database_url).toBeUndefined();
    expect(c.secret).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes a value from the override over the environment, the environment over the file, the file over the default', () => {
    const file = configFile({ port: 1111, host: '0.0.0.0', token_brand: 'acme', log_level: 'debug' });
    const c = loadConfig({
      env: { TESSERA_PORT: '2222', TESSERA_HOST: '10.0.0.1', TESSERA_TOKEN_BRAND: 'envy' },
      file,
      overrides: { port: '3333' },
    });
    expect(c.port).toBe(3333); // override > env > file
    expect(c.host).toBe('10.0.0.1'); // env > file
    expect(c.token_brand).toBe('envy'); // env > file
    expect(c.log_level).toBe('debug'); // file > default
    expect(c.session_ttl_seconds).toBe(30 * 86400); // default
  });

  it('treats an empty environment variable as unset', () => {
    const file = configFile({ port: 1111 });
    expect(loadConfig({ env: { TESSERA_PORT: '' }, file }).port).toBe(1111);
  });

  it('reads the config file named by TESSERA_CONFIG when no file is given', () => {
    const file = configFile({ token_brand: 'fromfile' });
    expect(loadConfig({ env: { TESSERA_CONFIG: file } }).token_brand).toBe('fromfile');
  });

  it('derives the default public URL from the host and port actually configured', () => {
    expect(loadConfig({ env: { TESSERA_HOST: '0.0.0.0', TESSERA_PORT: '8080' } }).public_url).toBe('http://0.0.0.0:8080');
    expect(loadConfig({ env: { TESSERA_PUBLIC_URL: 'https://tokens.example.com' } }).public_url).toBe('https://tokens.example.com');
  });

  it('parses durations, booleans and lists', () => {
    const c = loadConfig({
      env: { TESSERA_SESSION_TTL: '12h', TESSERA_USAGE_FLUSH: '30s', TESSERA_TRUST_PROXY: 'yes', TESSERA_PREVIOUS_SECRETS: ` ${SECRET}1 , ${SECRET}2 ` },
    });
    expect(c.session_ttl_seconds).toBe(12 * 3600);
    expect(c.usage_flush_seconds).toBe(30);
    expect(c.trust_proxy).toBe(true);
    expect(c.previous_secrets).toEqual([`${SECRET}1`, `${SECRET}2`]);
  });

  it('reads the outbound allow-list as host names and addresses, refusing URLs and ports', () => {
    const c = loadConfig({ env: { TESSERA_OUTBOUND_ALLOWED_HOSTS: ' GitLab.Corp.Internal , 10.20.0.15,[fd00::1], ghes.corp.internal. ' } });
    expect(c.outbound_allowed_hosts).toEqual(['gitlab.corp.internal', '10.20.0.15', 'fd00::1', 'ghes.corp.internal.']);
    for (const bad of ['https://gitlab.corp.internal', 'gitlab.corp.internal:443', 'gitlab/x', '*.corp.internal']) {
      expect(problemsOf(() => loadConfig({ env: { TESSERA_OUTBOUND_ALLOWED_HOSTS: bad } }))).toEqual([expect.stringContaining('TESSERA_OUTBOUND_ALLOWED_HOSTS: ')]);
    }
  });

  it('reads the upload parse limits: workers (at most 2 by default), queue, time in ms or with a unit, heap in MiB', () => {
    const d = loadConfig({ env: {} });
    expect(d).toMatchObject({ upload_parse_queue: 8, upload_parse_timeout_ms: 30_000, upload_parse_memory_mb: 512 });
    expect([1, 2]).toContain(d.upload_parse_workers);
    const c = loadConfig({ env: { TESSERA_UPLOAD_PARSE_WORKERS: '4', TESSERA_UPLOAD_PARSE_QUEUE: '0', TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '500ms', TESSERA_UPLOAD_PARSE_MEMORY_MB: '256' } });
    expect(c).toMatchObject({ upload_parse_workers: 4, upload_parse_queue: 0, upload_parse_timeout_ms: 500, upload_parse_memory_mb: 256 });
    expect(loadConfig({ env: { TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '2m' } }).upload_parse_timeout_ms).toBe(120_000);
    expect(loadConfig({ env: { TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '45' } }).upload_parse_timeout_ms).toBe(45);
    expect(problemsOf(() => loadConfig({ env: { TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '1h', TESSERA_UPLOAD_PARSE_WORKERS: '0' } }))).toEqual([
      'TESSERA_UPLOAD_PARSE_WORKERS: must be between 1 and 64 (got "0")',
      'TESSERA_UPLOAD_PARSE_TIMEOUT_MS: must be a duration like 500ms, 30s or 2m (got "1h")',
    ]);
  });

  it('reports every bad value at once, each with the variable that carried it and the value it got', () => {
    const problems = problemsOf(() => loadConfig({ env: { TESSERA_PORT: 'abc', TESSERA_TOKEN_BRAND: 'Bad1', TESSERA_LOG_LEVEL: 'loud', TESSERA_SESSION_TTL: 'forever' } }));
    expect(problems).toEqual([
      'TESSERA_PORT: must be a whole number between 0 and 65535 (got "abc")',
      'TESSERA_TOKEN_BRAND: must be 2 to 8 lowercase letters a-z (got "Bad1")',
      expect.stringMatching(/^TESSERA_LOG_LEVEL: must be one of fatal, error, .* \(got "loud"\)$/),
      'TESSERA_SESSION_TTL: must be a duration like 30s, 15m, 12h or 90d (got "forever")',
    ]);
  });

  it('names the flag for a bad override and the file and key for a bad file value', () => {
    expect(problemsOf(() => loadConfig({ env: {}, overrides: { port: '70000' } }))).toEqual(['--port: must be between 0 and 65535 (got "70000")']);
    const file = configFile({ database_pool_size: 0 });
    expect(problemsOf(() => loadConfig({ env: {}, file }))).toEqual([`${file}: database_pool_size: must be between 1 and 200 (got "0")`]);
  });

  it('refuses unknown keys in the config file, listing the known ones', () => {
    const file = configFile({ prot: 7420, port: 7421 });
    const [problem, ...rest] = problemsOf(() => loadConfig({ env: {}, file }));
    expect(rest).toEqual([]);
    expect(problem).toContain(`config file ${file}: unknown setting "prot"`);
    expect(problem).toContain('known: host, port,');
  });

  it('says when the config file is missing, not JSON, or not an object', () => {
    expect(problemsOf(() => loadConfig({ env: {}, file: join(dir, 'missing.json') }))[0]).toMatch(/^config file .*missing\.json: ENOENT/);
    expect(problemsOf(() => loadConfig({ env: {}, file: configFile('{"port": ') }))[0]).toMatch(/^config file .*: .*JSON/);
    expect(problemsOf(() => loadConfig({ env: {}, file: configFile([1, 2]) }))[0]).toMatch(/must hold a JSON object$/);
  });

  it('requires TESSERA_SECRET with DATABASE_URL', () => {
    const problems = problemsOf(() => loadConfig({ env: { DATABASE_URL: 'postgres://tessera:pw@db.internal:5432/tessera' } }));
    expect(problems).toEqual([expect.stringMatching(/^TESSERA_SECRET: required when DATABASE_URL is set/)]);
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://tessera:pw@db.internal:5432/tessera', TESSERA_SECRET: SECRET } });
    expect(c.database_url).toBe('postgres://tessera:pw@db.internal:5432/tessera');
    expect(c.secret).toBe(SECRET);
  });

  it('never echoes a secret value in a message: not the secret, the previous secrets, nor the database URL', () => {
    const shortSecret = 'short-but-private';
    const badUrl = 'mysql://admin:hunter2@db.internal/tessera';
    const err = (() => {
      try {
        loadConfig({ env: { TESSERA_SECRET: shortSecret, TESSERA_PREVIOUS_SECRETS: `${SECRET},tiny-old-secret`, DATABASE_URL: badUrl } });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'TESSERA_SECRET', 'TESSERA_PREVIOUS_SECRETS']);
    for (const text of [err.message, ...err.problems]) {
      expect(text).not.toContain(shortSecret);
      expect(text).not.toContain('tiny-old-secret');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(SECRET);
    }
  });

  it('marks as secret every setting that can carry a credential', () => {
    const secretKeys = Object.entries(configSchema).filter(([, spec]) => 'secret' in spec && spec.secret).map(([k]) => k);
    expect(secretKeys.sort()).toEqual(['database_url', 'metrics_token', 'previous_secrets', 'secret']);
  });
});

describe('platform-defined scopes (TESSERA_SCOPES, the config file\'s `scopes`)', () => {
  it('declares none by default', () => {
    expect(loadConfig({ env: {} }).scopes).toEqual([]);
  });

  it('parses declarations from the environment, filling in the default kinds and lowest role', () => {
    const c = loadConfig({ env: { TESSERA_SCOPES: JSON.stringify([
      { name: 'deploy', description: 'Deploy releases', kinds: ['ci', 'workspace'], min_role: 'admin' },
      { name: 'reports:read', description: ' Read reports ' },
    ]) } });
    expect(c.scopes).toEqual([
      { name: 'deploy', description: 'Deploy releases', kinds: ['workspace', 'ci'], min_role: 'admin' },
      { name: 'reports:read', description: 'Read reports', kinds: ['workspace', 'project', 'personal'], min_role: 'member' },
    ]);
    expect(Object.isFrozen(c.scopes)).toBe(true);
  });

  it('takes the config file\'s `scopes` as a JSON array', () => {
    const file = configFile({ scopes: [{ name: 'execute', description: 'Run analyses (nolapse)', kinds: ['project'] }] });
    expect(loadConfig({ env: {}, file }).scopes).toEqual([{ name: 'execute', description: 'Run analyses (nolapse)', kinds: ['project'], min_role: 'member' }]);
  });

  it('reports every bad declaration at once, naming it: a built-in name, a bad name, a duplicate, bad kinds and roles, unknown fields', () => {
    const problems = problemsOf(() => loadConfig({ env: { TESSERA_SCOPES: JSON.stringify([
      { name: 'write', description: 'mine' },
      { name: 'Deploy', description: 'capitals' },
      { name: 'ok', description: 'first' },
      { name: 'ok', description: 'second' },
      { name: 'k', description: 'x', kinds: ['robot'] },
      { name: 'r', description: 'x', min_role: 'root' },
      { name: 'd', description: '' },
      { name: 'f', description: 'x', scope: 'y' },
      'deploy',
    ]) } }));
    expect(problems).toHaveLength(1);
    const [p] = problems as [string];
    expect(p).toMatch(/^TESSERA_SCOPES: /);
    for (const part of [
      'scope "write": collides with the built-in scope "write"',
      'scope "Deploy": "name" must be',
      'scope "ok": is declared twice',
      'scope "k": "kinds" must be a non-empty list of workspace, project, personal, ci',
      'scope "r": "min_role" must be one of viewer, member, admin, owner',
      'scope "d": "description" must be a non-empty string',
      'scope "f": unknown field "scope"',
      'scope #9: must be an object',
    ]) expect(p).toContain(part);
  });

  it('refuses what is not a JSON array, from the file too', () => {
    expect(problemsOf(() => loadConfig({ env: { TESSERA_SCOPES: 'deploy,execute' } }))[0]).toMatch(/^TESSERA_SCOPES: must be a JSON array/);
    const file = configFile({ scopes: { name: 'deploy' } });
    expect(problemsOf(() => loadConfig({ env: {}, file }))[0]).toMatch(/: scopes: must be a JSON array/);
  });
});
