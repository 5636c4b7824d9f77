import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, envWith, onPostgres, type BinaryHarness, type Child } from '../../tessera/src/test-support/built-binary.js';
import { startTcpProxy, type TcpProxy } from '../../tessera/src/test-support/tcp-proxy.js';
import { openSse } from '../../tessera/src/test-support/sse-reader.js';
import { createVerifier, type Verifier } from './index.js';

/**
 * The SDK against two real `tessera serve` processes sharing one PostgreSQL schema: changes are
 * made through node A, the SDK verifies on node B and hears node B's event stream through a TCP
 * proxy the test can cut (silently, or with resets).
 */
const skipReason = !process.env.TESSERA_TEST_DATABASE_URL ? 'no PostgreSQL: set TESSERA_TEST_DATABASE_URL' : !onPostgres ? 'runs in the postgres project only' : null;
const OWNER = { email: 'owner@example.com', password: 'a long enough password', name: 'Olivia Owner' };

describe.skipIf(skipReason !== null)(`the SDK with two tessera nodes on PostgreSQL${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let harness: BinaryHarness;
  const nodes: { url: string; child: Child }[] = [];
  let proxy: TcpProxy;
  let a = '';
  let b = '';
  let session = '';
  let acme = { id: '', slug: 'acme' };
  let bravo = { id: '', slug: 'bravo' };
  let instanceVerifier = '';
  let acmeVerifier = '';
  const verifiers: Verifier[] = [];

  async function call(base: string, method: string, path: string, body?: unknown, token = session) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  }
  const token = async (workspace: string, scopes = ['read']) => {
    const r = await call(a, 'POST', `/v1/workspaces/${workspace}/tokens`, { kind: 'workspace', name: `t${Math.random()}`, scopes, expires_in_days: 30 });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body as { id: string; secret: string };
  };
  const revoke = async (id: string) => expect((await call(a, 'DELETE', `/v1/tokens/${id}`)).status).toBe(204);

  /** Counts the SDK's requests, and sends its event stream (only) through the proxy to node B. */
  function sdk(credential: string, extra: Parameters<typeof createVerifier>[0] extends infer O ? Partial<O> : never = {}) {
    const calls = { validate: 0, events: 0 };
    const proxied: typeof fetch = (input, init) => {
      const u = String(input);
      if (u.endsWith('/v1/verifiers/events')) {
        calls.events++;
        return fetch(u.replace(b, `http://127.0.0.1:${proxy.port}`), init);
      }
      if (u.endsWith('/v1/auth/validate')) calls.validate++;
      return fetch(input, init);
    };
    const v = createVerifier({ url: b, credential, fetch: proxied, staleAfterMs: 1_000, reconnect: { minMs: 50, maxMs: 500 }, ...extra });
    verifiers.push(v);
    return { v, calls };
  }
  /** Verifies until the answer comes from the cache (a load that overlaps an eviction, e.g. the token's own creation event, is not stored). */
  const warm = (v: Verifier, calls: { validate: number }, secret: string) => expect.poll(async () => {
    const n = calls.validate;
    expect((await v.verify(secret)).valid).toBe(true);
    return calls.validate === n;
  }, { timeout: 5_000 }).toBe(true);
  const untilTrusted = (v: Verifier) => expect.poll(() => v.trusted(), { timeout: 15_000 }).toBe(true);

  beforeAll(async () => {
    harness = await buildBinary();
    const instance = await harness.instanceEnv();
    const start = async (extra: Record<string, string> = {}) => {
      const child = harness.run(['serve', '--port', '0'], envWith({ ...instance, TESSERA_DATA_DIR: harness.tempDir('tessera-node-'), TESSERA_VERIFIER_EVENTS_HEARTBEAT: '200ms', ...extra }));
      const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
      const node = { url: `http://127.0.0.1:${port}`, child };
      nodes.push(node);
      return { node, child };
    };
    const first = await start();
    a = first.node.url;
    const [, code] = await first.child.waitFor(/Setup code: +([0-9A-Za-z]+)/);
    const setup = await call(a, 'POST', '/v1/setup', { setup_code: code, ...OWNER, workspace: { name: 'Acme', slug: 'acme' } });
    session = setup.body.token;
    acme = { id: setup.body.workspace.id, slug: 'acme' };
    b = (await start()).node.url;
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(b).port) });
    bravo = { id: (await call(a, 'POST', '/v1/workspaces', { name: 'Bravo', slug: 'bravo' })).body.id, slug: 'bravo' };
    instanceVerifier = (await call(a, 'POST', '/v1/verifiers', { name: 'all' })).body.secret;
    acmeVerifier = (await call(a, 'POST', '/v1/workspaces/acme/verifiers', { name: 'acme' })).body.secret;
  }, 240_000);

  afterAll(async () => {
    for (const v of verifiers) v.close();
    await proxy?.close();
    await Promise.all(nodes.map(async (n) => {
      if (n.child.proc.exitCode === null) {
        n.child.proc.kill('SIGTERM');
        await n.child.exited;
      }
    }));
    await harness?.cleanup();
  });

  it('revoked through node A while the stream is on node B: the SDK refuses it at once, not at cache expiry', async () => {
    const { v, calls } = sdk(instanceVerifier);
    await untilTrusted(v);
    const tok = await token('acme');
    expect(await v.verify(tok.secret)).toMatchObject({ valid: true, kind: 'workspace', workspaceId: acme.id, scopes: ['read'], role: 'admin' });
    await warm(v, calls, tok.secret);
    const asked = calls.validate;
    for (let i = 0; i < 5; i++) expect((await v.verify(tok.secret)).valid).toBe(true);
    expect(calls.validate).toBe(asked); // from the cache (5 min maximum age)

    await revoke(tok.id);
    const started = performance.now();
    await expect.poll(async () => (await v.verify(tok.secret)).valid, { timeout: 2_000, interval: 5 }).toBe(false);
    expect(await v.verify(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("a new token is cached from its first answer: its creation is not an invalidation the SDK hears, so no settle window holds it back", async () => {
    // A long settle window, and a clock jumped past the one the stream's opening flush started.
    let offset = 0;
    const heard: string[] = [];
    const { v, calls } = sdk(instanceVerifier, { cache: { settleMs: 60_000 }, now: () => performance.now() + offset, onInvalidate: (e) => void heard.push(...e.keys) });
    await untilTrusted(v);
    offset = 120_000;
    await untilTrusted(v);
    const marker = await token('acme');
    const tok = await token('acme');
    // Notifications reach the stream in order: once the marker's revocation is heard, the new token's creation would have been.
    await revoke(marker.id);
    await expect.poll(() => heard.includes(`t:${marker.secret.slice(5, 13)}`), { timeout: 5_000 }).toBe(true);
    expect(heard.join(' ')).not.toContain(tok.secret.slice(5, 13));
    expect(await v.verify(tok.secret)).toMatchObject({ valid: true });
    const asked = calls.validate;
    const again = v.verify(tok.secret);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ valid: true });
    expect(calls.validate).toBe(asked);
  });

  it('a typo or a random string never makes a request; concurrent misses make one', async () => {
    const { v, calls } = sdk(instanceVerifier);
    const tok = await token('acme');
    const typo = tok.secret.slice(0, 20) + (tok.secret[20] === 'a' ? 'b' : 'a') + tok.secret.slice(21);
    for (const t of [typo, 'tsrw_random', `${tok.secret}\n`, tok.secret.slice(0, -2)]) expect(v.verify(t)).toMatchObject({ valid: false, code: 'malformed' });
    expect(calls.validate).toBe(0);
    const answers = await Promise.all(Array.from({ length: 25 }, () => v.verify(tok.secret)));
    expect(answers.every((r) => r.valid)).toBe(true);
    expect(calls.validate).toBe(1);
    // Refusals are kept too: a revoked token asked for again costs no request.
    await revoke(tok.id);
    await expect.poll(async () => (await v.verify(tok.secret)).valid, { timeout: 2_000, interval: 5 }).toBe(false);
    const n = calls.validate;
    expect(await v.verify(tok.secret)).toMatchObject({ valid: false, code: 'revoked' });
    expect(calls.validate).toBe(n);
  });

  it('stream cut silently (the proxy stops forwarding): the SDK stops trusting its cache, asks the server, never accepts the revoked token; it resynchronises when the stream is back', async () => {
    const { v, calls } = sdk(instanceVerifier);
    await untilTrusted(v);
    const tok = await token('acme');
    await warm(v, calls, tok.secret);
    proxy.partition();
    await expect.poll(() => v.trusted(), { timeout: 5_000 }).toBe(false);
    const before = calls.validate;
    expect((await v.verify(tok.secret)).valid).toBe(true);
    expect(calls.validate).toBe(before + 1); // the cache is bypassed
    await revoke(tok.id);
    // Node B hears the revocation through PostgreSQL; the SDK asks node B directly.
    await expect.poll(async () => (await v.verify(tok.secret)).valid, { timeout: 2_000, interval: 5 }).toBe(false);
    await proxy.resume();
    await untilTrusted(v);
    // Cached again (once what the partition held back has drained: a load that overlaps an eviction is not stored).
    const other = await token('acme');
    await expect.poll(async () => {
      const n = calls.validate;
      expect((await v.verify(other.secret)).valid).toBe(true);
      return calls.validate === n;
    }, { timeout: 5_000 }).toBe(true);
  });

  it('stream reset (the proxy goes down, as a killed node would): untrusted at once; on reconnect Last-Event-ID replays what was missed, with no flush', async () => {
    const { v, calls } = sdk(instanceVerifier);
    await untilTrusted(v);
    const kept = await token('acme');
    const missed = await token('acme');
    await warm(v, calls, kept.secret);
    await warm(v, calls, missed.secret);
    const flushes = v.stats.flushes;
    const connects = calls.events;
    await proxy.down();
    await expect.poll(() => v.trusted(), { timeout: 2_000 }).toBe(false);
    await revoke(missed.id); // while the SDK is not listening
    await proxy.resume();
    await untilTrusted(v);
    expect(calls.events).toBeGreaterThan(connects);
    expect(v.stats.flushes).toBe(flushes); // resumed, not flushed
    const n = calls.validate;
    expect((await v.verify(kept.secret)).valid).toBe(true);
    expect(calls.validate).toBe(n); // still cached
    expect(await v.verify(missed.secret)).toMatchObject({ valid: false, code: 'revoked' }); // evicted by the replay
    expect(calls.validate).toBe(n + 1);
  });

  it("a workspace-bound verifier hears only its workspace's events across nodes, and answers for its workspace only", async () => {
    const events = await openSse(`http://127.0.0.1:${new URL(b).port}/v1/verifiers/events`, { authorization: `Bearer ${acmeVerifier}` });
    await events.next((e) => e.event === 'flush');
    const theirs = await token('bravo');
    const ours = await token('acme');
    await revoke(theirs.id);
    await revoke(ours.id);
    await events.next((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${ours.secret.slice(5, 13)}`));
    expect(JSON.stringify(events.events)).not.toContain(theirs.secret.slice(5, 13));
    expect(JSON.stringify(events.events)).not.toContain(bravo.id);
    events.close();

    const { v } = sdk(acmeVerifier);
    await untilTrusted(v);
    expect(v.workspaceId).toBe(acme.id);
    expect(await v.verify((await token('bravo')).secret)).toMatchObject({ valid: false, code: 'wrong_workspace' });
    const good = await token('acme', ['read', 'write']);
    expect(await v.verify(good.secret, { scope: 'write' })).toMatchObject({ valid: true, workspaceId: acme.id });
    expect(await v.verify(good.secret, { scope: 'admin' })).toMatchObject({ valid: false, code: 'insufficient_scope' });
  });

  it('a revoked verifier credential is refused by the stream: the SDK never trusts its cache', async () => {
    const created = await call(a, 'POST', '/v1/workspaces/acme/verifiers', { name: 'soon-revoked' });
    const statuses: string[] = [];
    const { v } = sdk(created.body.secret, { onStatus: (s) => statuses.push(s) });
    await untilTrusted(v);
    expect((await call(a, 'DELETE', `/v1/verifiers/${created.body.id}`)).status).toBe(204);
    await expect.poll(() => statuses.includes('refused'), { timeout: 10_000 }).toBe(true);
    expect(v.trusted()).toBe(false);
  });

  // Last: it stops node B.
  it('node B shut down (SIGTERM) with streams attached: it exits promptly (streams do not hold a graceful stop) and the SDK stops trusting at once', async () => {
    const direct = createVerifier({ url: b, credential: instanceVerifier, staleAfterMs: 60_000, reconnect: { minMs: 50, maxMs: 500 } });
    verifiers.push(direct);
    await untilTrusted(direct);
    const node = nodes.find((n) => n.url === b)!;
    const started = performance.now();
    node.child.proc.kill('SIGTERM');
    const exit = await node.child.exited;
    expect(exit.code).toBe(0);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Its window is a minute: only the stream's end can have told it.
    await expect.poll(() => direct.trusted(), { timeout: 2_000 }).toBe(false);
    const tok = await token('acme');
    expect(await direct.verify(tok.secret)).toMatchObject({ valid: false, code: 'unavailable' });
  });
});
