import { describe, expect, it } from 'vitest';
import { generateToken } from '../../tessera/src/tokens/token-format.js';
import { createVerifier, parseToken, type VerifierOptions } from './index.js';

const CRED = generateToken('tsr', 'verifier').token;
const valid = (o: Record<string, unknown> = {}) => ({
  valid: true, token_id: 'tok_1', kind: 'personal', display_prefix: 'tsru_x', workspace_id: null, project_id: null, user_id: 'usr_1',
  scopes: ['read'], granted_scopes: ['read', 'write'], role: null, status: 'active', grace_ends_at: null, expires_at: null,
  workspaces: [{ workspace_id: 'ws_a', role: 'member', scopes: ['read', 'write'] }, { workspace_id: 'ws_b', role: 'viewer', scopes: ['read'] }], ...o,
});

/** A fake server for /v1/auth/validate only (no stream: these checks are about verify itself). */
function fakeFetch(answer: (token: string) => { status: number; body?: unknown }) {
  const calls: string[] = [];
  const f: typeof fetch = async (input, init) => {
    calls.push(String(input));
    const token = JSON.parse(String(init?.body)).token as string;
    const a = answer(token);
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
  };
  return { f, calls };
}

const base = (o: Partial<VerifierOptions> = {}): VerifierOptions => ({ url: 'https://tokens.example.com/', credential: CRED, stream: false, ...o });

describe('createVerifier: options are checked, misuse throws TypeError', () => {
  it.each([
    ['no options', undefined],
    ['a relative url', { url: '/x', credential: CRED }],
    ['a non-http url', { url: 'ftp://x', credential: CRED }],
    ['a url with a query', { url: 'https://x/?a=1', credential: CRED }],
    ['an API token as credential', { url: 'https://x', credential: generateToken('tsr', 'workspace').token }],
    ['a bad brand', { url: 'https://x', credential: CRED, brand: 'TSR' }],
    ['a negative cache size', { url: 'https://x', credential: CRED, cache: { maxEntries: -1 } }],
    ['a fractional timeout', { url: 'https://x', credential: CRED, timeoutMs: 1.5 }],
    ['reconnect max below min', { url: 'https://x', credential: CRED, reconnect: { minMs: 100, maxMs: 10 } }],
  ])('%s', (_name, o) => {
    expect(() => createVerifier(o as VerifierOptions)).toThrow(TypeError);
  });

  it('verify: a non-string token or bad options throw TypeError', () => {
    const v = createVerifier(base({ fetch: fakeFetch(() => ({ status: 200, body: valid() })).f }));
    expect(() => v.verify(42 as unknown as string)).toThrow(TypeError);
    expect(() => v.verify('x', { scope: 1 as unknown as string })).toThrow(TypeError);
  });
});

describe('verify (stream off: nothing valid is cached)', () => {
  it('refuses a malformed token offline, with the reason, and no request', () => {
    const { f, calls } = fakeFetch(() => ({ status: 200, body: valid() }));
    const v = createVerifier(base({ fetch: f }));
    expect(v.verify('tsrw_nope')).toMatchObject({ valid: false, code: 'malformed', reason: 'wrong_length' });
    expect(calls).toEqual([]);
    expect(v.stats.offlineRejections).toBe(1);
  });

  it("returns the server's answer as data, and the check asked for: scope, workspace (an unrestricted personal token's role there), project", async () => {
    const tok = generateToken('tsr', 'personal').token;
    const { f, calls } = fakeFetch(() => ({ status: 200, body: valid() }));
    const v = createVerifier(base({ fetch: f }));
    const r = await v.verify(tok);
    expect(r).toMatchObject({ valid: true, tokenId: 'tok_1', kind: 'personal', userId: 'usr_1', scopes: ['read'], grantedScopes: ['read', 'write'], role: null });
    expect(calls).toEqual(['https://tokens.example.com/v1/auth/validate']);
    expect(await v.verify(tok, { workspace: 'ws_a', scope: 'write' })).toMatchObject({ valid: true, role: 'member', scopes: ['read', 'write'], workspaceId: 'ws_a' });
    expect(await v.verify(tok, { workspace: 'ws_b', scope: 'write' })).toMatchObject({ valid: false, code: 'insufficient_scope' });
    expect(await v.verify(tok, { workspace: 'ws_c' })).toMatchObject({ valid: false, code: 'wrong_workspace' });
    expect(await v.verify(tok, { scope: 'write' })).toMatchObject({ valid: false, code: 'insufficient_scope' });
    expect(calls).toHaveLength(5); // no stream: every verify asks
  });

  it('a project-bound token of another project is wrong_project; a workspace token is not project-bound', async () => {
    const { f } = fakeFetch((t) => ({ status: 200, body: t.startsWith('tsrp_') ? valid({ kind: 'project', project_id: 'prj_1', workspaces: undefined, workspace_id: 'ws_a', role: 'member' }) : valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_a', role: 'admin', user_id: null }) }));
    const v = createVerifier(base({ fetch: f }));
    expect(await v.verify(generateToken('tsr', 'project').token, { project: 'prj_2' })).toMatchObject({ valid: false, code: 'wrong_project' });
    expect(await v.verify(generateToken('tsr', 'project').token, { project: 'prj_1' })).toMatchObject({ valid: true });
    expect(await v.verify(generateToken('tsr', 'workspace').token, { project: 'prj_2', workspace: 'ws_a' })).toMatchObject({ valid: true });
  });

  it('keeps refusals (revoked, unknown, expired) and answers them again without a request; the server down is "unavailable", not kept', async () => {
    let status = 200;
    const { f, calls } = fakeFetch(() => ({ status, body: status === 200 ? { valid: false, code: 'revoked' } : { error: {} } }));
    const v = createVerifier(base({ fetch: f }));
    const tok = generateToken('tsr', 'workspace').token;
    expect(await v.verify(tok)).toMatchObject({ valid: false, code: 'revoked' });
    expect(await v.verify(tok)).toMatchObject({ valid: false, code: 'revoked' });
    expect(calls).toHaveLength(1);
    status = 503;
    const other = generateToken('tsr', 'workspace').token;
    expect(await v.verify(other)).toMatchObject({ valid: false, code: 'unavailable' });
    expect(await v.verify(other)).toMatchObject({ valid: false, code: 'unavailable' });
    expect(calls).toHaveLength(3);
  });

  it('concurrent verifies of one token share one request', async () => {
    const { f, calls } = fakeFetch(() => ({ status: 200, body: valid() }));
    const v = createVerifier(base({ fetch: f }));
    const tok = generateToken('tsr', 'personal').token;
    const all = await Promise.all(Array.from({ length: 10 }, () => v.verify(tok)));
    expect(all.every((r) => r.valid)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('a credential bound to a workspace (given here; otherwise learned from the stream) answers for that workspace only', async () => {
    const { f } = fakeFetch((t) => ({ status: 200, body: t.startsWith('tsru_') ? valid() : valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_b', role: 'admin', user_id: null }) }));
    const v = createVerifier(base({ fetch: f, workspace: 'ws_a' }));
    expect(await v.verify(generateToken('tsr', 'personal').token)).toMatchObject({ valid: true, workspaceId: 'ws_a', role: 'member', scopes: ['read', 'write'] });
    expect(await v.verify(generateToken('tsr', 'workspace').token)).toMatchObject({ valid: false, code: 'wrong_workspace' });
    expect(await v.verify(generateToken('tsr', 'personal').token, { workspace: 'ws_b' })).toMatchObject({ valid: false, code: 'wrong_workspace' });
  });
});

/** A stream that connects, synchronises and beats once, with a long heartbeat: the cache is trusted until close. */
function withStream(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    if (!String(input).endsWith('/v1/verifiers/events')) return inner(input, init);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('event: ready\ndata: {"epoch":"e","workspace_id":null,"heartbeat_ms":60000}\n\nevent: flush\ndata: {}\n\nevent: heartbeat\ndata: {}\n\n'));
        init?.signal?.addEventListener('abort', () => c.error(new Error('closed')));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

describe('verify with a trusted cache', () => {
  it('a warm verify is synchronous: the answer itself (not a promise), the check applied, no request', async () => {
    const { f, calls } = fakeFetch(() => ({ status: 200, body: valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_a', role: 'admin', user_id: null }) }));
    const v = createVerifier({ url: 'https://tokens.example.com', credential: CRED, fetch: withStream(f), cache: { settleMs: 0 } });
    await expect.poll(() => v.trusted()).toBe(true);
    const tok = generateToken('tsr', 'workspace').token;
    expect(await v.verify(tok)).toMatchObject({ valid: true, workspaceId: 'ws_a' });
    const hit = v.verify(tok);
    expect(hit).not.toBeInstanceOf(Promise);
    expect(hit).toMatchObject({ valid: true, tokenId: 'tok_1', scopes: ['read'] });
    expect(v.verify(tok, { scope: 'read', workspace: 'ws_a' })).toMatchObject({ valid: true, role: 'admin' });
    expect(v.verify(tok, { scope: 'write' })).toMatchObject({ valid: false, code: 'insufficient_scope' });
    expect(v.verify(tok, { workspace: 'ws_b' })).toMatchObject({ valid: false, code: 'wrong_workspace' });
    expect(calls).toHaveLength(1);
    expect(v.stats).toMatchObject({ hits: 4, requests: 1 });
    // The right length but not ASCII: malformed offline (there is no digest for it), no request.
    expect(v.verify(`${tok.slice(0, -1)}é`)).toMatchObject({ valid: false, code: 'malformed', reason: 'bad_characters' });
    expect(calls).toHaveLength(1);
    v.close();
  });
});

/** Like withStream, with a handle to send more events on the open stream. */
function withLiveStream(inner: typeof fetch) {
  const enc = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const f: typeof fetch = async (input, init) => {
    if (!String(input).endsWith('/v1/verifiers/events')) return inner(input, init);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(enc.encode('event: ready\ndata: {"epoch":"e","workspace_id":null,"heartbeat_ms":60000}\n\nid: e:0\nevent: flush\ndata: {}\n\nevent: heartbeat\ndata: {}\n\n'));
        init?.signal?.addEventListener('abort', () => c.error(new Error('closed')));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { f, send: (frame: string) => controller!.enqueue(enc.encode(frame)) };
}

describe('onInvalidate: what each invalidation did, once the cache has done it', () => {
  it('is called with the keys and the count dropped, after the eviction (a verify inside it already misses); a flush says so', async () => {
    const { f, calls } = fakeFetch(() => ({ status: 200, body: valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_a', role: 'admin', user_id: null }) }));
    const live = withLiveStream(f);
    const tok = generateToken('tsr', 'workspace').token;
    const publicId = parseToken(tok, 'tsr');
    if ('problem' in publicId) throw new Error('test token malformed');
    const seen: { type: string; keys: readonly string[]; evicted: number; cachedThen: boolean }[] = [];
    const v = createVerifier({
      url: 'https://tokens.example.com', credential: CRED, fetch: live.f, cache: { settleMs: 0 },
      onInvalidate: (e) => {
        const r = v.verify(tok);
        if (r instanceof Promise) r.catch(() => {});
        seen.push({ ...e, cachedThen: !(r instanceof Promise) });
      },
    });
    await expect.poll(() => v.trusted()).toBe(true);
    expect(seen).toEqual([{ type: 'flush', keys: ['*'], evicted: 0, cachedThen: false }]);
    seen.length = 0;
    await v.verify(tok);
    expect(v.verify(tok)).not.toBeInstanceOf(Promise);
    live.send(`id: e:1\nevent: invalidate\ndata: {"keys":["t:someoneelse"]}\n\nid: e:2\nevent: invalidate\ndata: {"keys":["t:${publicId.publicId}","u:usr_9"]}\n\n`);
    await expect.poll(() => seen.length).toBe(2);
    // The first left the token cached; by the time the second was reported, the token was gone.
    expect(seen).toEqual([
      { type: 'invalidate', keys: ['t:someoneelse'], evicted: 0, cachedThen: true },
      { type: 'invalidate', keys: [`t:${publicId.publicId}`, 'u:usr_9'], evicted: 1, cachedThen: false },
    ]);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    v.close();
  });

  it('a hook that throws does not end the stream: later invalidations still evict, and the cache stays trusted', async () => {
    const { f } = fakeFetch(() => ({ status: 200, body: valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_a', role: 'admin', user_id: null }) }));
    const live = withLiveStream(f);
    const statuses: string[] = [];
    let n = 0;
    const v = createVerifier({
      url: 'https://tokens.example.com', credential: CRED, fetch: live.f, cache: { settleMs: 0 }, onStatus: (s) => statuses.push(s),
      onInvalidate: () => {
        n++;
        throw new Error('a broken metrics hook');
      },
    });
    await expect.poll(() => v.trusted()).toBe(true);
    const tok = generateToken('tsr', 'workspace').token;
    await v.verify(tok);
    expect(v.verify(tok)).not.toBeInstanceOf(Promise);
    live.send('id: e:1\nevent: invalidate\ndata: {"keys":["w:ws_a"]}\n\n');
    await expect.poll(() => n).toBe(2);
    expect(v.verify(tok)).toBeInstanceOf(Promise);
    expect(v.trusted()).toBe(true);
    expect(statuses).not.toContain('down');
    v.close();
  });

  it('an invalidation it cannot read (a key of a kind it does not know, a key that is not a string) drops every cached answer', async () => {
    const { f } = fakeFetch(() => ({ status: 200, body: valid({ kind: 'workspace', workspaces: undefined, workspace_id: 'ws_a', role: 'admin', user_id: null }) }));
    const live = withLiveStream(f);
    const v = createVerifier({ url: 'https://tokens.example.com', credential: CRED, fetch: live.f, cache: { settleMs: 0 } });
    await expect.poll(() => v.trusted()).toBe(true);
    const tok = generateToken('tsr', 'workspace').token;
    let id = 0;
    for (const keys of ['["z:ws_a"]', '[42]', '"w:ws_a"']) {
      await v.verify(tok);
      expect(v.verify(tok), keys).not.toBeInstanceOf(Promise);
      const flushes = v.stats.flushes;
      live.send(`id: e:${++id}\nevent: invalidate\ndata: {"keys":${keys}}\n\n`);
      await expect.poll(() => v.stats.flushes).toBe(flushes + 1);
      const r = v.verify(tok);
      expect(r, keys).toBeInstanceOf(Promise);
      await r;
    }
    v.close();
  });

  it('must be a function', () => {
    expect(() => createVerifier(base({ onInvalidate: 'log' as unknown as () => void }))).toThrow(TypeError);
  });
});
