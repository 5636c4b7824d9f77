import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { openSse, type SseReader } from '../test-support/sse-reader.js';
import { createVerifierEvents, routeKeys, type EventSink } from './verifier-events.js';
import type { CacheKey } from '../validation-cache/cache-keys.js';

type Owner = Awaited<ReturnType<TestApp['bootstrap']>>;
const publicIdOf = (secret: string) => secret.slice(5, 13);

describe('GET /v1/verifiers/events: the invalidation stream for SDK caches', () => {
  let t: TestApp;
  let owner: Owner;
  let base = '';
  let instanceVerifier = '';
  let wsVerifier = '';
  let bravo: { id: string; slug: string; owner: { token: string; userId: string } };
  const open: SseReader[] = [];
  const stream = async (cred: string | null, headers: Record<string, string> = {}) => {
    const r = await openSse(`${base}/v1/verifiers/events`, { ...(cred ? { authorization: `Bearer ${cred}` } : {}), ...headers });
    open.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp({ TESSERA_VERIFIER_EVENTS_HEARTBEAT: '200ms' });
    owner = await t.bootstrap();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    instanceVerifier = (await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'all' } })).body.secret;
    wsVerifier = (await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'acme' } })).body.secret;
    const b = await t.request('POST', '/v1/workspaces', { token: owner.token, body: { name: 'Bravo', slug: 'bravo' } });
    bravo = { id: b.body.id, slug: 'bravo', owner: await t.addMember(b.body.id, 'owner') };
    // The listener must be up (the node trusts its cache) before streams promise anything.
    for (let i = 0; i < 500 && !t.ctx.verifierEvents.stats().trusted; i++) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t?.close();
  });

  it('refuses anything but a live verifier credential: none, a session, an API token, a revoked verifier (401 invalid_client)', async () => {
    const api = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const revoked = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'gone' } });
    expect((await t.request('DELETE', `/v1/verifiers/${revoked.body.id}`, { token: owner.token })).status).toBe(204);
    for (const cred of [null, owner.token, api.secret, revoked.body.secret, 'tsrv_nonsense']) {
      const r = await fetch(`${base}/v1/verifiers/events`, { headers: cred ? { authorization: `Bearer ${cred}` } : {} });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('invalid_client');
    }
    expect((await t.request('GET', '/v1/verifiers/events', { headers: { 'last-event-id': 'x'.repeat(101) }, token: instanceVerifier })).body.error.code).toBe('invalid_request');
  });

  it('opens with ready and a flush, beats while the node trusts its listener, and carries a revocation with an id', async () => {
    const s = await stream(instanceVerifier);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const ready = await s.next((e) => e.event === 'ready');
    expect(ready.data).toMatchObject({ workspace_id: null, heartbeat_ms: 200 });
    expect((await s.next((e) => e.event === 'flush')).data).toEqual({ reason: 'new_stream' });
    const beats = s.events.filter((e) => e.event === 'heartbeat').length;
    await s.next(() => s.events.filter((e) => e.event === 'heartbeat').length >= beats + 2);

    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    expect((await t.request('DELETE', `/v1/tokens/${tok.id}`, { token: owner.token })).status).toBe(204);
    const ev = await s.next((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${publicIdOf(tok.secret)}`));
    expect(ev.id).toMatch(new RegExp(`^${ready.data.epoch.replace('.', '\\.')}:\\d+$`));
    // Its creation was not passed on (verifier-events.ts): the revocation is the only event naming it.
    expect(s.events.filter((e) => e.event === 'invalidate' && JSON.stringify(e.data).includes(publicIdOf(tok.secret)))).toHaveLength(1);
  });

  it('resumes with Last-Event-ID: replays what was missed; an unknown epoch gets a flush', async () => {
    const s = await stream(instanceVerifier);
    const first = await s.next((e) => e.event === 'flush');
    s.close();
    const a = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const b = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await t.request('DELETE', `/v1/tokens/${a.id}`, { token: owner.token });
    await t.request('DELETE', `/v1/tokens/${b.id}`, { token: owner.token });
    await expect.poll(() => t.ctx.verifierEvents.stats().seq, { timeout: 5000 }).toBeGreaterThanOrEqual(Number(first.id!.split(':')[1]) + 2);

    const resumed = await stream(instanceVerifier, { 'last-event-id': first.id! });
    await resumed.next((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${publicIdOf(b.secret)}`));
    const kinds = resumed.events.map((e) => e.event);
    expect(kinds).not.toContain('flush');
    expect(resumed.events.some((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${publicIdOf(a.secret)}`))).toBe(true);

    const stale = await stream(instanceVerifier, { 'last-event-id': 'someotherprocess.0:3' });
    expect((await stale.next((e) => e.event === 'flush')).data).toEqual({ reason: 'resume_unavailable' });
  });

  it("a workspace-bound verifier hears only its workspace's keys; a membership change anywhere reaches it only as u:*", async () => {
    const s = await stream(wsVerifier);
    expect((await s.next((e) => e.event === 'ready')).data.workspace_id).toBe(owner.workspaceId);
    const all = await stream(instanceVerifier);
    await all.next((e) => e.event === 'flush');
    await s.next((e) => e.event === 'flush');

    const theirs = await t.createToken(bravo.owner.token, bravo.slug, { kind: 'workspace', scopes: ['read'] });
    await t.request('DELETE', `/v1/tokens/${theirs.id}`, { token: bravo.owner.token });
    const ours = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    await t.request('DELETE', `/v1/tokens/${ours.id}`, { token: owner.token });

    await all.next((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${publicIdOf(theirs.secret)}`));
    await s.next((e) => e.event === 'invalidate' && e.data.keys.includes(`t:${publicIdOf(ours.secret)}`));
    const seen = JSON.stringify(s.events);
    expect(seen).not.toContain(publicIdOf(theirs.secret));
    expect(seen).not.toContain(bravo.id);

    const m = await t.addMember(bravo.id, 'member');
    expect((await t.request('PATCH', `/v1/workspaces/${bravo.slug}/members/${m.userId}`, { token: bravo.owner.token, body: { role: 'viewer' } })).status).toBe(200);
    await all.next((e) => e.event === 'invalidate' && e.data.keys.includes(`u:${m.userId}`));
    await s.next((e) => e.event === 'invalidate' && e.data.keys.includes('u:*'));
    expect(JSON.stringify(s.events)).not.toContain(m.userId);
  });

  it('closing the app ends open streams at once (they never hold a graceful stop)', async () => {
    const other = await createTestApp();
    try {
      const o = await other.bootstrap();
      await other.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(other.app.server.address() as { port: number }).port}/v1/verifiers/events`;
      const cred = (await other.request('POST', '/v1/verifiers', { token: o.token, body: { name: 'v' } })).body.secret;
      const s = await openSse(url, { authorization: `Bearer ${cred}` });
      await s.next((e) => e.event === 'ready');
      const started = performance.now();
      await other.app.close();
      await s.ended;
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await other.close();
    }
  });

  it('revoking the verifier ends its stream', async () => {
    const v = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'short-lived' } });
    const s = await stream(v.body.secret);
    await s.next((e) => e.event === 'flush');
    expect((await t.request('DELETE', `/v1/verifiers/${v.body.id}`, { token: owner.token })).status).toBe(204);
    await s.ended;
  });

  it('limits the streams of one verifier credential (429 too_many_streams with Retry-After)', async () => {
    const v = await t.request('POST', `/v1/workspaces/${owner.slug}/verifiers`, { token: owner.token, body: { name: 'greedy' } });
    const streams = await Promise.all(Array.from({ length: 8 }, () => stream(v.body.secret)));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const refused = await fetch(`${base}/v1/verifiers/events`, { headers: { authorization: `Bearer ${v.body.secret}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    streams[0]!.close();
    await expect.poll(async () => {
      const r = await fetch(`${base}/v1/verifiers/events`, { headers: { authorization: `Bearer ${v.body.secret}` } });
      const ok = r.status;
      await r.body?.cancel();
      return ok;
    }, { timeout: 5000 }).toBe(200);
  });
});

describe('the verifier event hub (no HTTP)', () => {
  const sink = () => {
    const chunks: string[] = [];
    let ended = false;
    const s: EventSink & { chunks: string[]; ended: () => boolean; events: () => string[] } = {
      chunks, ended: () => ended,
      events: () => chunks.join('').split('\n\n').map((b) => /event: (\w+)/.exec(b)?.[1]).filter((x): x is string => !!x),
      begin() {},
      write: (c) => (chunks.push(c), true),
      end: () => void (ended = true),
    };
    return s;
  };
  const verifier = { verifierId: 'vrf_1', name: 'x', displayPrefix: 'tsrv_abcdefgh', workspaceId: null };
  const flushed = () => new Promise((r) => setTimeout(r, 0));

  it('tells streams at once when the node stops trusting its listener, changes epoch, and flushes when it is back', async () => {
    let now = 0;
    const hub = createVerifierEvents({ db: null as never, brand: 'tsr', heartbeatMs: 60_000, maxStreams: 10, maxStreamsPerVerifier: 2, now: () => now, wallNow: () => Date.now(), onError: () => {} });
    hub.cache.setTrusted(true, 1000);
    await flushed();
    const s = sink();
    const stream = hub.open(verifier, null, s);
    expect(typeof stream).toBe('object');
    expect(s.events()).toEqual(['ready', 'flush', 'heartbeat']);
    const epoch = hub.stats().epoch;
    hub.cache.evict(['t:abc12345'] as CacheKey[]);
    hub.cache.setTrusted(false);
    await flushed();
    expect(s.events().slice(3)).toEqual(['invalidate', 'untrusted']);
    expect(hub.stats().epoch).not.toBe(epoch);
    now = 10;
    hub.cache.setTrusted(true, 1000);
    await flushed();
    expect(s.events().slice(5)).toEqual(['flush']);
    // A stream that resumes from before the loss cannot be served: a flush.
    const late = sink();
    hub.open(verifier, `${epoch}:1`, late);
    expect(late.events()).toEqual(['ready', 'flush', 'heartbeat']);
    expect(late.chunks.join('')).toContain('resume_unavailable');
    // A third stream for the same verifier: over its limit; and the node's own limit.
    expect(hub.open(verifier, null, sink())).toBe('too_many_streams_for_verifier');
    const small = createVerifierEvents({ db: null as never, brand: 'tsr', heartbeatMs: 60_000, maxStreams: 1, maxStreamsPerVerifier: 2, now: () => now, wallNow: () => Date.now(), onError: () => {} });
    small.open(verifier, null, sink());
    expect(small.open({ ...verifier, verifierId: 'vrf_2' }, null, sink())).toBe('too_many_streams');
    small.closeAll();
    hub.closeAll();
    expect(s.ended() && late.ended()).toBe(true);
  });

  it("does not pass on a creation's key (n:): an SDK cache holds nothing it makes stale, and would stop caching the new token for a while", async () => {
    const hub = createVerifierEvents({ db: null as never, brand: 'tsr', heartbeatMs: 60_000, maxStreams: 10, maxStreamsPerVerifier: 2, now: () => 0, wallNow: () => Date.now(), onError: () => {} });
    hub.cache.setTrusted(true, 1000);
    await flushed();
    const s = sink();
    hub.open(verifier, null, s);
    const seq = hub.stats().seq;
    hub.cache.evict(['n:new00000'] as CacheKey[]);
    await flushed();
    expect(s.events()).toEqual(['ready', 'flush', 'heartbeat']);
    expect(hub.stats().seq).toBe(seq);
    hub.cache.evict(['n:new00001', 't:old00000'] as CacheKey[]);
    await flushed();
    expect(s.events().slice(3)).toEqual(['invalidate']);
    expect(s.chunks.at(-1)).toContain('{"keys":["t:old00000"]}');
    hub.closeAll();
  });

  it('a silent listener (trust not renewed in time) opens with untrusted', async () => {
    let now = 0;
    const hub = createVerifierEvents({ db: null as never, brand: 'tsr', heartbeatMs: 60_000, maxStreams: 10, maxStreamsPerVerifier: 2, now: () => now, wallNow: () => Date.now(), onError: () => {} });
    hub.cache.setTrusted(true, 100);
    await flushed();
    now = 200;
    const s = sink();
    hub.open(verifier, null, s);
    expect(s.events()).toEqual(['ready', 'flush', 'untrusted']);
    hub.closeAll();
  });

  it('routes keys to workspaces, widening what it cannot place', () => {
    const owners = {
      publicIds: new Map([['tokA0000', { workspaceId: 'wsA', userId: null }], ['tokU0000', { workspaceId: null, userId: 'usr1' }], ['vrfI0000', { workspaceId: null, userId: null }]]),
      projects: new Map([['prjA', 'wsA']]),
      memberships: new Map([['usr1', ['wsA', 'wsB']]]),
    };
    const r = routeKeys(['t:tokA0000', 't:tokU0000', 't:vrfI0000', 't:gone0000', 'j:prjA', 'j:prjGone', 'u:usr9', 'w:wsC'] as CacheKey[], owners);
    expect(Object.fromEntries(r)).toEqual({ wsA: ['t:tokA0000', 't:tokU0000', 'j:prjA'], wsB: ['t:tokU0000'], '': ['*', 'j:*', 'u:*'], wsC: ['w:wsC'] });
  });
});
