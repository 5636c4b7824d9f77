import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, envWith, onPostgres, type BinaryHarness } from '../test-support/built-binary.js';

/**
 * The real `tessera` binary (test-support/built-binary.ts compiles it once per run) run as a child
 * process: what `npm start` runs. These tests start from empty data folders: a first start
 * creates and migrates the database itself.
 */
let harness: BinaryHarness;

beforeAll(async () => {
  harness = await buildBinary();
}, 240_000);

afterAll(() => harness.cleanup());

const run = (args: string[], env: NodeJS.ProcessEnv) => harness.run(args, env);
const runToEnd = (args: string[], env: NodeJS.ProcessEnv) => harness.runToEnd(args, env);
const instanceEnv = () => harness.instanceEnv({ fresh: true });

describe('tessera serve (the built binary)', () => {
  it('prints a one-time setup code on first run, completes setup over HTTP, stops cleanly on SIGTERM, and prints no code once set up', async () => {
    const instance = await instanceEnv();
    const env = envWith(instance);

    const first = run(['serve', '--port', '0'], env);
    const [, port] = await first.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const [, code] = await first.waitFor(/Setup code: +([0-9A-Za-z]+)/);
    const base = `http://127.0.0.1:${port}`;
    // The banner goes to stderr: stdout is the JSON log stream.
    expect(first.stderr()).toContain(`Setup link:  ${base}/setup?code=${code}`);
    expect(first.stderr()).toContain(`curl -s -X POST ${base}/v1/setup`);
    expect(first.stderr()).toContain(onPostgres ? 'Database:  PostgreSQL at postgres://' : `Database:  embedded PGlite in ${instance.TESSERA_DATA_DIR}`);
    if (onPostgres) expect(first.stderr()).not.toContain(instance.TESSERA_SECRET);
    else expect(statSync(join(instance.TESSERA_DATA_DIR!, 'secret')).mode & 0o777).toBe(0o600);
    expect(first.stdout()).not.toContain(code);

    const openapi = await fetch(`${base}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    const page = await fetch(`${base}/setup?code=${code}`); // the printed link opens the setup form
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');

    const setup = await fetch(`${base}/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setup_code: code, email: 'first@example.com', password: 'a long enough password', name: 'First Owner', workspace: { name: 'Acme', slug: 'acme' } }),
    });
    expect(setup.status).toBe(201);
    const session = ((await setup.json()) as { token: string }).token;
    expect((await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${session}` } })).status).toBe(200);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stderr().trim().split('\n').at(-1)).toMatch(/The response holds a session token/); // the banner, nothing after it
    if (!onPostgres) expect(existsSync(join(instance.TESSERA_DATA_DIR!, 'tessera.pid'))).toBe(false);

    const second = run(['serve', '--port', '0'], env);
    const [, port2] = await second.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const status = await fetch(`http://127.0.0.1:${port2}/v1/setup`);
    expect(await status.json()).toEqual({ setup_required: false });
    expect(second.stderr()).not.toMatch(/Setup code|setup\?code=/);
    // The session issued before the restart still works: same data, same pepper.
    expect((await fetch(`http://127.0.0.1:${port2}/v1/me`, { headers: { authorization: `Bearer ${session}` } })).status).toBe(200);

    if (!onPostgres) {
      // PGlite is single-process: a second server on the same data folder is refused, not allowed to corrupt it.
      const intruder = await runToEnd(['serve', '--port', '0'], env);
      expect(intruder.code).toBe(1);
      expect(intruder.stderr).toMatch(/is in use by another tessera process \(pid \d+\)/);
    }

    second.proc.kill('SIGINT');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 90_000); // three server starts; under a loaded CI machine each can take several seconds

  it('writes only JSON lines to stdout (the banner goes to stderr); each request line carries its request id and the caller\'s trace id', async () => {
    const env = envWith({ ...(await instanceEnv()), TESSERA_LOG_LEVEL: 'info' });
    const child = run(['serve', '--port', '0'], env);
    const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const base = `http://127.0.0.1:${port}`;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await fetch(`${base}/v1/setup`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const requestId = traced.headers.get('x-request-id');
    expect(requestId).toMatch(/^req_/);
    expect(traced.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect((await fetch(`${base}/no/such/page`, { headers: { accept: 'application/json' } })).status).toBeGreaterThanOrEqual(200);
    expect((await fetch(`${base}/v1/me`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    // Wait until the request lines are out, then stop (the shutdown lines are JSON too).
    await child.waitFor(new RegExp(`"reqId":"${requestId}"`));
    child.proc.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    const lines = child.stdout().split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const records = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${l}`);
      }
    });
    expect(records.find((r) => r.msg === 'listening')).toMatchObject({ listening: `127.0.0.1:${port}`, url: base, setup_required: true });
    expect(records.find((r) => r.reqId === requestId)).toMatchObject({ msg: 'request', trace_id: traceId, route: '/v1/setup', status: 200 });
    expect(records.filter((r) => r.msg === 'request' && r.reqId !== requestId).every((r) => r.trace_id === undefined)).toBe(true);
    expect(child.stdout()).not.toMatch(/Setup code/);
    expect(child.stderr()).toMatch(/Setup code: +[0-9A-Za-z]+/);
  }, 60_000);

  it('tessera migrate applies the migrations once, then has nothing to do', async () => {
    const env = envWith(await instanceEnv());
    const first = await runToEnd(['migrate'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/Applied \d+ migrations?:\n {2}0001-initial/);
    const again = await runToEnd(['migrate'], env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('Already up to date');
  });
});

describe('tessera with a bad configuration', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

  it('exits 1 naming every bad variable, without a stack trace', async () => {
    const dataDir = harness.tempDir('tessera-data-');
    const r = await runToEnd(['serve'], envWith({ TESSERA_DATA_DIR: dataDir, TESSERA_PORT: 'abc', TESSERA_TOKEN_BRAND: 'Bad1' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TESSERA_PORT: must be a whole number');
    expect(r.stderr).toContain('TESSERA_TOKEN_BRAND: must be 2 to 8 lowercase letters');
    expect(r.stdout).not.toContain('listening');
    noStack(r.stderr);
  });

  it('names the flag when a command-line value is bad', async () => {
    const r = await runToEnd(['serve', '--port', '70000'], envWith({ TESSERA_DATA_DIR: join(tmpdir(), 'never-created') }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--port: must be between 0 and 65535');
  });

  it('refuses DATABASE_URL without TESSERA_SECRET, naming TESSERA_SECRET and never echoing the URL password', async () => {
    const r = await runToEnd(['serve'], envWith({ DATABASE_URL: 'postgres://tessera:hunter2-password@127.0.0.1:5432/tessera' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TESSERA_SECRET: required when DATABASE_URL is set');
    expect(r.stderr + r.stdout).not.toContain('hunter2');
    noStack(r.stderr);
  });

  it('says an unknown command is unknown', async () => {
    const r = await runToEnd(['serv'], envWith({}));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'serv'");
  });
});
