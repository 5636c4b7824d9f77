import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { OWNER, cliFor, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/** `tessera login`, `whoami`, `auth status` and `logout`: the real binary against a real server process. */
let harness: BinaryHarness;
let instance: ServedInstance;

beforeAll(async () => {
  harness = await buildBinary();
  instance = await startInstance(harness);
}, 240_000);
afterAll(async () => {
  await instance?.stop();
  await harness?.cleanup();
});

const ESC = String.fromCharCode(27);

describe('tessera login', () => {
  it('signs in with --password-stdin and stores the session with mode 0600 in a 0700 folder', async () => {
    const cli = cliFor(harness, instance);
    const r = await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: `${OWNER.password}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Logged in to ${instance.url} as ${OWNER.name} <${OWNER.email}>`);
    const path = join(cli.configDir, 'credentials.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(cli.configDir).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    expect(stored).toMatchObject({ url: instance.url, user: { email: OWNER.email } });
    expect(stored.token).toMatch(/^tsrs_/);
    expect(r.stdout).not.toContain(stored.token); // the session is never printed

    const who = await cli.run(['whoami']);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain(`${OWNER.name} <${OWNER.email}>`);
    expect(who.stdout).toMatch(/acme +Acme +owner/);
    expect(who.stdout).toContain('from the stored login');
    expect(who.stdout).not.toContain(stored.token);

    const status = await cli.run(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ server: instance.url, credential_source: 'login', principal: 'session', workspaces: [{ slug: 'acme', role: 'owner' }] });
  });

  it('a wrong password exits 2 and stores nothing', async () => {
    const cli = cliFor(harness, instance);
    const r = await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: 'wrong password!' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid_credentials');
    expect(() => statSync(join(cli.configDir, 'credentials.json'))).toThrow();
  });

  it('without a terminal and without --password-stdin, says how to pass the password (exit 1)', async () => {
    const r = await cliFor(harness, instance).run(['login', '--email', OWNER.email]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--password-stdin');
  });

  it('never sends the stored session to another server than the one it signed in to', async () => {
    const cli = cliFor(harness, instance);
    await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: OWNER.password });
    const other = await cli.run(['whoami', '--url', instance.url.replace('127.0.0.1', 'localhost')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('not signed in to http://localhost');
    expect(other.stderr).toContain('tessera login');
  });
});

describe('tessera logout', () => {
  it('revokes the session on the server, then forgets it', async () => {
    const cli = cliFor(harness, instance);
    await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: OWNER.password });
    const session = JSON.parse(readFileSync(join(cli.configDir, 'credentials.json'), 'utf8')).token as string;
    const r = await cli.run(['logout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the session is revoked and forgotten');
    expect(() => statSync(join(cli.configDir, 'credentials.json'))).toThrow();
    expect((await instance.api('GET', '/v1/me', { token: session })).status).toBe(401);

    const again = await cli.run(['logout']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Not logged in');
    const who = await cli.run(['whoami']);
    expect(who.code).toBe(2);
    expect(who.stderr).toContain('run `tessera login`');
  });

  it('forgets the session even when the server is unreachable, says it stays valid there, and exits 4', async () => {
    const cli = cliFor(harness, instance);
    await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: OWNER.password });
    const path = join(cli.configDir, 'credentials.json');
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    // The stored login now points at a server that is not running.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, JSON.stringify({ ...stored, url: await closedPortUrl() }), { mode: 0o600 });
    const r = await cli.run(['logout']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/could not revoke the session on the server \(cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused/);
    expect(r.stderr).toContain('stays valid');
    expect(() => statSync(path)).toThrow();
  });
});

describe('tessera whoami', () => {
  it('shows a token: kind, workspace, project, scopes and expiry, never the token itself', async () => {
    await instance.api('POST', `/v1/workspaces/acme/projects`, { token: instance.session, body: { name: 'Who', slug: 'who' } });
    const created = await instance.api('POST', '/v1/workspaces/acme/tokens', { token: instance.session, body: { kind: 'project', project: 'who', name: 'whoami test', scopes: ['upload', 'read'], expires_in_days: 30 } });
    const secret = created.body.secret as string;
    const cli = cliFor(harness, instance);
    const r = await cli.run(['whoami'], { env: { TESSERA_TOKEN: secret } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`project token "whoami test" (${created.body.display_prefix}) from TESSERA_TOKEN`);
    expect(r.stdout).toContain(`Project     ${created.body.project_id}`);
    expect(r.stdout).toMatch(/Scopes +read, upload/);
    expect(r.stdout).toMatch(/Expires +\d{4}-\d\d-\d\d .*\(in 30 days\)/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout).not.toContain(ESC);

    const flag = await cli.run(['whoami', '--json', '--token', secret]);
    expect(JSON.parse(flag.stdout)).toMatchObject({ credential_source: 'flag', principal: 'token', token: { kind: 'project', scopes: ['read', 'upload'] } });
  });

  it('with the server down, exits 4 and names the URL to check', async () => {
    const url = await closedPortUrl();
    const r = await cliFor(harness, { url }).run(['whoami']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`cannot reach ${url}: connection refused`);
    expect(r.stderr).toContain('(from TESSERA_URL)');
  });
});

describe('an expired or signed-out stored session', () => {
  it('exits 2 and says to sign in again', async () => {
    const cli = cliFor(harness, instance);
    await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: OWNER.password });
    const session = JSON.parse(readFileSync(join(cli.configDir, 'credentials.json'), 'utf8')).token as string;
    expect((await instance.api('DELETE', '/v1/sessions/current', { token: session })).status).toBe(204); // signed out elsewhere
    const r = await cli.run(['token', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the session from the stored login \(tessera login\) \(tsrs_[0-9A-Za-z]{8}\) has expired or was signed out/);
    expect(r.stderr).toContain('fix: sign in again: `tessera login`');
    expect(r.stderr).not.toContain(session);
  });
});

/**
 * On a real terminal (a pseudo-terminal from util-linux `script`): prompts, a password that is
 * not echoed, confirmations, and colour, which NO_COLOR turns off.
 */
describe.skipIf(!existsSync('/usr/bin/script'))('on a terminal', () => {
  /** Runs the CLI on a pseudo-terminal, answering each prompt when it appears. */
  async function onTerminal(args: string[], env: NodeJS.ProcessEnv, answers: [RegExp, string][]) {
    const command = [process.execPath, harness.bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const proc = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let next = 0;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      while (next < answers.length && answers[next]![0].test(out)) proc.stdin.write(`${answers[next++]![1]}\r`);
    });
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    proc.stdin.destroy();
    return { code, out };
  }

  it('login asks for the email and a hidden password, and colours its output', async () => {
    const cli = cliFor(harness, instance);
    const r = await onTerminal(['login'], cli.env, [[/Email: /, OWNER.email], [/Password: /, OWNER.password]]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(OWNER.email); // echoed as typed
    expect(r.out).not.toContain(OWNER.password); // never echoed
    expect(r.out).toContain(`${ESC}[32m`); // a terminal gets colour
    expect(statSync(join(cli.configDir, 'credentials.json')).mode & 0o777).toBe(0o600);

    const plain = await onTerminal(['whoami'], { ...cli.env, NO_COLOR: '1' }, []);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('WORKSPACE');
    expect(plain.out).not.toContain(`${ESC}[1m`);
  });

  it('token revoke asks first, and answering no keeps the token', async () => {
    const cli = cliFor(harness, instance);
    const t = (await instance.api('POST', '/v1/workspaces/acme/tokens', { token: instance.session, body: { kind: 'workspace', name: 'kept', scopes: ['read'] } })).body;
    const r = await onTerminal(['token', 'revoke', t.id], { ...cli.env, TESSERA_TOKEN: instance.session }, [[/\[y\/N\]/, 'n']]);
    expect(r.out).toContain(`Revoke workspace token ${t.display_prefix} "kept"?`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('not revoked');
    expect((await instance.api('GET', `/v1/tokens/${t.id}`, { token: instance.session })).body.status).toBe('active');
    const yes = await onTerminal(['token', 'revoke', t.id], { ...cli.env, TESSERA_TOKEN: instance.session }, [[/\[y\/N\]/, 'y']]);
    expect(yes.code).toBe(0);
    expect((await instance.api('GET', `/v1/tokens/${t.id}`, { token: instance.session })).body.status).toBe('revoked');
  });
});

/** The URL of a port nothing listens on (just freed). */
async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('issue 16: a default workspace', () => {
  it('TESSERA_WORKSPACE and `workspace use` choose the workspace for a user in several', async () => {
    const cli = cliFor(harness, instance);
    const login = await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: `${OWNER.password}\n` });
    expect(login.code, login.stderr).toBe(0);
    const made = await cli.run(['workspace', 'create', '--name', 'Second Co', '--slug', 'second-co']);
    expect(made.code, made.stderr).toBe(0);

    // Two workspaces and no choice: exit 1, naming both ways to choose.
    const ambiguous = await cli.run(['workspace', 'show']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/member of \d+ workspaces .*--workspace/);
    expect(ambiguous.stderr).toContain('tessera workspace use <slug>');

    const fromEnv = await cli.run(['workspace', 'show', '--json'], { env: { TESSERA_WORKSPACE: 'second-co' } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout).slug).toBe('second-co');

    const use = await cli.run(['workspace', 'use', 'acme']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toContain(`Commands on ${instance.url} now act in acme`);
    const saved = JSON.parse(readFileSync(join(cli.configDir, 'defaults.json'), 'utf8'));
    expect(saved).toEqual({ [instance.url]: { workspace: 'acme' } });
    expect(statSync(join(cli.configDir, 'defaults.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await cli.run(['workspace', 'show', '--json'])).stdout).slug).toBe('acme');
    // The environment and the flag still win over the saved choice.
    expect(JSON.parse((await cli.run(['workspace', 'show', '--json'], { env: { TESSERA_WORKSPACE: 'second-co' } })).stdout).slug).toBe('second-co');
    expect(JSON.parse((await cli.run(['workspace', 'show', 'second-co', '--json'])).stdout).slug).toBe('second-co');

    // A workspace you cannot act in is not remembered.
    const nope = await cli.run(['workspace', 'use', 'no-such-workspace']);
    expect(nope.code).toBe(3);
    expect(JSON.parse(readFileSync(join(cli.configDir, 'defaults.json'), 'utf8'))).toEqual({ [instance.url]: { workspace: 'acme' } });

    expect((await cli.run(['workspace', 'use', '--clear'])).code).toBe(0);
    expect((await cli.run(['workspace', 'show'])).code).toBe(1);
  });
});
