import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/**
 * `tessera token check`: each offline diagnosis with the malformed input it catches, its fix and
 * its exit code, then the online answer. The real binary against a real server process.
 */
let harness: BinaryHarness;
let instance: ServedInstance;
let cli: ReturnType<typeof cliFor>;
let token: { id: string; secret: string; display_prefix: string };

beforeAll(async () => {
  harness = await buildBinary();
  instance = await startInstance(harness);
  cli = cliFor(harness, instance);
  await instance.api('POST', '/v1/workspaces/acme/projects', { token: instance.session, body: { name: 'Web', slug: 'web' } });
  const r = await instance.api('POST', '/v1/workspaces/acme/tokens', { token: instance.session, body: { kind: 'project', project: 'web', name: 'checked', scopes: ['upload'], expires_in_days: 30 } });
  token = r.body;
}, 240_000);
afterAll(async () => {
  await instance?.stop();
  await harness?.cleanup();
});

const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'a' ? 'b' : 'a') + s.slice(at + 1);

async function check(input: { arg?: string; stdin?: string; env?: Record<string, string> }, ...flags: string[]) {
  const args = ['token', 'check', ...(input.stdin !== undefined ? ['-'] : input.arg !== undefined ? [input.arg] : []), ...flags];
  const r = await cli.run(args, { ...(input.stdin !== undefined ? { input: input.stdin } : {}), ...(input.env ? { env: input.env } : {}) });
  expect(r.stdout + r.stderr).not.toContain(token.secret); // never echoed, whatever the damage
  return r;
}

describe('tessera token check: offline diagnosis, each with its fix (exit 2)', () => {
  const cases: [string, () => { arg?: string; stdin?: string }, string, RegExp][] = [
    ['a trailing newline from stdin (read raw, not trimmed)', () => ({ stdin: `${token.secret}\n` }), 'trailing_newline', /fix: remove the line break/],
    ['a CRLF line ending', () => ({ stdin: `${token.secret}\r\n` }), 'trailing_newline', /ends with a trailing CRLF line ending/],
    ['leading and trailing spaces', () => ({ arg: `  ${token.secret} ` }), 'surrounding_whitespace', /leading and trailing whitespace \[surrounding_whitespace\]\s+fix: remove the spaces around the token/],
    ['quotes', () => ({ arg: `"${token.secret}"` }), 'quoted', /fix: remove the quotes around the token/],
    ['"Bearer " pasted with it', () => ({ arg: `Bearer ${token.secret}` }), 'bearer_prefix_included', /fix: store only the token itself/],
    ['truncation', () => ({ arg: token.secret.slice(0, 45) }), 'truncated', /the token is 45 characters, 6 short of 51 \[truncated\]\s+fix: copy the complete token; it was cut off/],
    ['a token of another brand', () => ({ arg: `ghp_${token.secret.slice(5)}` }), 'wrong_brand', /expected a token starting with "tsr" but found "ghp_"/],
    ['a typo (checksum mismatch)', () => ({ arg: flip(token.secret, 20) }), 'checksum_mismatch', /checksum does not match.*\n\s+fix: copy the token again/],
    ['an extra character', () => ({ arg: `${token.secret}x` }), 'too_long', /1 characters too long/],
    ['a character an editor changed', () => ({ arg: `${token.secret.slice(0, 30)}–${token.secret.slice(31)}` }), 'invalid_characters', /other than letters and digits/],
  ];
  for (const [what, input, code, fix] of cases) {
    it(`${what}: ${code}`, async () => {
      const r = await check(input());
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(`[${code}]`);
      expect(r.stdout).toMatch(fix);
    });
  }

  it('reports every problem, not just the first: quotes and a newline', async () => {
    const r = await check({ stdin: `"${token.secret}"\n` });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('[quoted]');
    expect(r.stdout).toContain('[trailing_newline]');
    expect(r.stdout).toContain('Once fixed, the server says: valid project token'); // the repaired token is checked too
  });

  it('an empty TESSERA_TOKEN says the variable is empty', async () => {
    const r = await check({ env: { TESSERA_TOKEN: '' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('[empty]');
    expect(r.stdout).toContain('check that the variable holding the token is set');
  });

  it('a token of the wrong kind for what you are doing (--kind)', async () => {
    const r = await check({ arg: token.secret }, '--kind', 'workspace');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('this is a project token, not a workspace token [wrong_kind]');
    expect(r.stdout).toContain('tessera token create --kind workspace');
    const session = await check({ arg: instance.session }, '--kind', 'project');
    expect(session.stdout).toContain('this is a sign-in session (from tessera login), not an API token');
  });

  it('JSON lists each problem with its code and fix', async () => {
    const r = await check({ stdin: ` ${token.secret.slice(0, 40)}\n` }, '--json', '--offline');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ source: 'standard input', well_formed: false, token: `${token.display_prefix}…`, exit_code: 2 });
    expect(out.problems.map((p: { code: string }) => p.code)).toEqual(['trailing_newline', 'surrounding_whitespace', 'truncated']);
    expect(out.problems.every((p: { fix: string }) => p.fix.length > 0)).toBe(true);
  });
});

describe('tessera token check: online validation', () => {
  it('a good token: well-formed, then valid with kind, scopes and expiry (exit 0); read from TESSERA_TOKEN by default', async () => {
    const r = await check({ env: { TESSERA_TOKEN: token.secret } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Checking ${token.display_prefix}… (51 characters, from TESSERA_TOKEN)`);
    expect(r.stdout).toContain('well-formed');
    expect(r.stdout).toContain(`valid project token ${token.display_prefix} (${token.id})`);
    expect(r.stdout).toMatch(/; expires .*\(in 30 days\)/);
    expect(r.stdout).toMatch(/ {4}role: member\n {4}status: active\n {4}scopes: upload\n/);
    const json = JSON.parse((await check({ arg: token.secret }, '--json')).stdout);
    expect(json.online).toMatchObject({ valid: true, result: { kind: 'project', scopes: ['upload'] } });
  });

  it('a well-formed token the server does not know: invalid (exit 2)', async () => {
    const r = await check({ arg: 'tsrp_H0X702u7m3uUnwxbkRaCcoau1buX06r7fMFQd03p2AGdzI' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('not valid (invalid)');
    expect(r.stdout).toContain('check that --url / TESSERA_URL is the server that issued it');
  });

  it('a revoked token: revoked, with the fix (exit 2)', async () => {
    const t = (await instance.api('POST', '/v1/workspaces/acme/tokens', { token: instance.session, body: { kind: 'workspace', name: 'gone', scopes: ['read'] } })).body;
    await instance.api('DELETE', `/v1/tokens/${t.id}`, { token: instance.session });
    const r = await cli.run(['token', 'check', t.secret]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('not valid (revoked)');
    expect(r.stdout).toContain('create a new token');
  });

  it('a session is checked as a session', async () => {
    const r = await check({ arg: instance.session });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('a valid session of Olivia Owner');
  });

  it('the server down: the offline verdict, then exit 4; --offline skips the server', async () => {
    const r = await harness.runToEnd(['token', 'check', token.secret, '--url', 'http://127.0.0.1:9'], cli.env);
    expect(r.stdout).toContain('well-formed');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('cannot reach http://127.0.0.1:9');
    const offline = await harness.runToEnd(['token', 'check', token.secret, '--offline', '--url', 'http://127.0.0.1:9'], cli.env);
    expect(offline.code).toBe(0);
  });

  it('no token at all is a usage error (exit 1)', async () => {
    const r = await cli.run(['token', 'check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no token to check');
  });
});
