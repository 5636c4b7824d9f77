import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_URL, configDir, credentialsPath, forgetLogin, readStoredLogin, resolveCredentials, saveLogin, type StoredLogin } from './credentials.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-cli-creds-'));
  dirs.push(d);
  return d;
};
const login = (url = 'http://tessera.example:7420'): StoredLogin => ({
  url, token: 'tsrs_session', expires_at: '2030-01-01T00:00:00.000Z', user: { id: 'usr_1', email: 'a@example.com', name: 'A' }, created_at: '2026-01-01T00:00:00.000Z',
});

describe('the config folder', () => {
  it('is TESSERA_CONFIG_DIR, else $XDG_CONFIG_HOME/tessera, else ~/.config/tessera', () => {
    expect(configDir({ TESSERA_CONFIG_DIR: '/x', XDG_CONFIG_HOME: '/y', HOME: '/h' })).toBe('/x');
    expect(configDir({ XDG_CONFIG_HOME: '/y', HOME: '/h' })).toBe('/y/tessera');
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/tessera');
  });
});

describe('the stored login', () => {
  it('is written with mode 0600 in a 0700 folder, read back, and forgotten', () => {
    const env = { TESSERA_CONFIG_DIR: join(tempDir(), 'nested', 'tessera') };
    const path = saveLogin(login(), env);
    expect(path).toBe(credentialsPath(env));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(env.TESSERA_CONFIG_DIR).mode & 0o777).toBe(0o700);
    expect(readStoredLogin(env)).toEqual(login());
    expect(forgetLogin(env)).toBe(true);
    expect(forgetLogin(env)).toBe(false);
    expect(readStoredLogin(env)).toBeNull();
  });

  it('replaces an existing file (atomically) and tightens a wide mode', () => {
    const dir = tempDir();
    const env = { TESSERA_CONFIG_DIR: dir };
    writeFileSync(join(dir, 'credentials.json'), '{}', { mode: 0o644 });
    saveLogin(login('http://other:1'), env);
    expect(statSync(credentialsPath(env)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(credentialsPath(env), 'utf8')).url).toBe('http://other:1');
  });

  it('a corrupt file is ignored with a warning rather than blocking every command', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'credentials.json'), 'not json');
    const c = resolveCredentials({}, { TESSERA_CONFIG_DIR: dir });
    expect(c.login).toBeNull();
    expect(c.loginProblem).toMatch(/is not a stored login/);
  });
});

describe('resolving server and token', () => {
  it('server: --url > TESSERA_URL > stored > default', () => {
    const dir = tempDir();
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: dir })).toMatchObject({ url: DEFAULT_URL, urlSource: 'default', token: undefined });
    saveLogin(login(), { TESSERA_CONFIG_DIR: dir });
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: dir })).toMatchObject({ url: 'http://tessera.example:7420', urlSource: 'login' });
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: dir, TESSERA_URL: 'http://env:1/' })).toMatchObject({ url: 'http://env:1', urlSource: 'env' });
    expect(resolveCredentials({ url: 'https://flag:2' }, { TESSERA_CONFIG_DIR: dir, TESSERA_URL: 'http://env:1' })).toMatchObject({ url: 'https://flag:2', urlSource: 'flag' });
  });

  it('token: --token > TESSERA_TOKEN > stored session', () => {
    const dir = tempDir();
    saveLogin(login(), { TESSERA_CONFIG_DIR: dir });
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: dir })).toMatchObject({ token: 'tsrs_session', tokenSource: 'login' });
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: dir, TESSERA_TOKEN: 'env-token' })).toMatchObject({ token: 'env-token', tokenSource: 'env' });
    expect(resolveCredentials({ token: 'flag-token' }, { TESSERA_CONFIG_DIR: dir, TESSERA_TOKEN: 'env-token' })).toMatchObject({ token: 'flag-token', tokenSource: 'flag' });
  });

  it('keeps a set-but-empty TESSERA_TOKEN, so the diagnosis can name it', () => {
    expect(resolveCredentials({}, { TESSERA_CONFIG_DIR: tempDir(), TESSERA_TOKEN: '' })).toMatchObject({ token: '', tokenSource: 'env' });
  });

  it('never sends the stored session to another server than the one that issued it', () => {
    const dir = tempDir();
    saveLogin(login(), { TESSERA_CONFIG_DIR: dir });
    expect(resolveCredentials({ url: 'http://elsewhere:7420' }, { TESSERA_CONFIG_DIR: dir })).toMatchObject({ url: 'http://elsewhere:7420', token: undefined });
    expect(resolveCredentials({ url: 'http://tessera.example:7420/' }, { TESSERA_CONFIG_DIR: dir })).toMatchObject({ token: 'tsrs_session' });
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => resolveCredentials({ url: 'ftp://x' }, { TESSERA_CONFIG_DIR: tempDir() })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveCredentials({}, { TESSERA_CONFIG_DIR: tempDir(), TESSERA_URL: 'nope' })).toThrow(/TESSERA_URL: "nope" is not a URL/);
  });
});
