import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TLS } from '../test-support/tls-fixture.js';
import { normalizeAllowedHost } from './address-policy.js';
import { createGuardedFetch, type GuardedFetchOptions } from './guarded-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** An https server on 127.0.0.1 with the test certificate, counting the requests it got per path. */
async function serve(routes: Record<string, Handler>, opts: { tls?: boolean } = {}) {
  const hits: Record<string, number> = {};
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    hits[req.url ?? ''] = (hits[req.url ?? ''] ?? 0) + 1;
    const route = routes[req.url ?? ''];
    if (route) route(req, res);
    else res.writeHead(404).end();
  };
  const server: Server = opts.tls === false ? createHttpServer(handler) : createHttpsServer({ key: TEST_TLS.key, cert: TEST_TLS.cert }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port, hits,
    total: () => Object.values(hits).reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

const json = (body: unknown): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('guarded outbound fetch', () => {
  let issuer: Awaited<ReturnType<typeof serve>>;
  let other: Awaited<ReturnType<typeof serve>>;
  const open: Array<{ destroy(): void }> = [];
  const allowLoopback = ['127.0.0.1', 'issuer.tessera.test'].map(normalizeAllowedHost);
  const client = (o: GuardedFetchOptions = {}) => createGuardedFetch({ ca: TEST_TLS.cert, timeoutMs: 2000, ...o });

  beforeAll(async () => {
    other = await serve({ '/jwks': json({ keys: [] }) });
    issuer = await serve({
      '/ok': json({ hello: 'world' }),
      '/redirect': (_req, res) => res.writeHead(302, { location: `https://127.0.0.1:${other.port}/jwks` }).end(),
      '/error': (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('SECRET-INTERNAL-ERROR at /srv/app.js:12'),
      '/not-json': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('SECRET-INTERNAL <html>'),
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent < 64) res.once('drain', pump);
          else res.end();
        };
        pump();
      },
      '/declared-huge': (_req, res) => res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).write('{'),
      '/slow-body': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":'); // and never the rest
        open.push(req.socket);
      },
      '/slow-headers': (req) => {
        open.push(req.socket);
      },
    });
  });
  afterAll(async () => {
    for (const s of open) s.destroy();
    await issuer?.close();
    await other?.close();
  });

  it('fetches JSON over https from an allow-listed loopback host', async () => {
    expect(await client({ allowedHosts: allowLoopback }).getJson(`https://127.0.0.1:${issuer.port}/ok`)).toEqual({ ok: true, status: 200, value: { hello: 'world' } });
  });

  it('refuses loopback without the allow-list, before connecting', async () => {
    const before = issuer.total();
    for (const url of [`https://127.0.0.1:${issuer.port}/ok`, `https://localhost:${issuer.port}/ok`, `https://[::1]:${issuer.port}/ok`]) {
      expect({ url, r: await client().getJson(url) }).toEqual({ url, r: { ok: false, reason: 'forbidden_address' } });
    }
    expect(issuer.total()).toBe(before);
  });

  it('catches loopback and private addresses written in odd numeric forms', async () => {
    for (const host of ['2130706433', '0x7f000001', '0177.0.0.1', '0x7f.1', '127.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:0:0:1]', '0xa9fea9fe', '012.0.0.1', '0']) {
      const r = await client().getJson(`https://${host}:${issuer.port}/ok`);
      expect({ host, r }).toEqual({ host, r: { ok: false, reason: 'forbidden_address' } });
    }
  });

  it('checks every address a name resolves to, and connects only to the checked ones (no DNS rebinding)', async () => {
    const calls: string[] = [];
    let answer = [{ address: '8.8.8.8', family: 4 }, { address: '127.0.0.1', family: 4 }];
    const resolve = async (host: string) => {
      calls.push(host);
      return answer;
    };
    const before = issuer.total();
    expect(await client({ resolve }).getJson(`https://issuer.tessera.test:${issuer.port}/ok`)).toEqual({ ok: false, reason: 'forbidden_address' });
    expect(issuer.total()).toBe(before);
    // Allow-listed by name: one resolution, and the connection goes to its answer (the name exists in no real DNS).
    answer = [{ address: '127.0.0.1', family: 4 }];
    calls.length = 0;
    expect(await client({ resolve, allowedHosts: allowLoopback }).getJson(`https://issuer.tessera.test:${issuer.port}/ok`)).toMatchObject({ ok: true, value: { hello: 'world' } });
    expect(calls).toEqual(['issuer.tessera.test']);
  });

  it('refuses redirects, and never follows them to the other host', async () => {
    const before = other.total();
    expect(await client({ allowedHosts: allowLoopback }).getJson(`https://127.0.0.1:${issuer.port}/redirect`)).toEqual({ ok: false, reason: 'redirect', status: 302 });
    expect(other.total()).toBe(before);
  });

  it('aborts a body past the size limit, whether declared or streamed', async () => {
    const c = client({ allowedHosts: allowLoopback, maxBytes: 256 * 1024 });
    expect(await c.getJson(`https://127.0.0.1:${issuer.port}/huge`)).toEqual({ ok: false, reason: 'too_large' });
    expect(await c.getJson(`https://127.0.0.1:${issuer.port}/declared-huge`)).toEqual({ ok: false, reason: 'too_large' });
  });

  it('gives up on a slow body or slow headers within the time limit', async () => {
    const c = client({ allowedHosts: allowLoopback, timeoutMs: 300 });
    for (const path of ['/slow-body', '/slow-headers']) {
      const started = performance.now();
      expect(await c.getJson(`https://127.0.0.1:${issuer.port}${path}`)).toEqual({ ok: false, reason: 'timeout' });
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(1000);
    }
  });

  it('answers a failure as a reason, never with what came back', async () => {
    const c = client({ allowedHosts: allowLoopback });
    const error = await c.getJson(`https://127.0.0.1:${issuer.port}/error`);
    expect(error).toEqual({ ok: false, reason: 'bad_status', status: 500 });
    const notJson = await c.getJson(`https://127.0.0.1:${issuer.port}/not-json`);
    expect(notJson).toEqual({ ok: false, reason: 'invalid_json' });
    expect(JSON.stringify([error, notJson])).not.toContain('SECRET');
  });

  it('refuses other schemes, credentials, and plain http unless allowed for a loopback host', async () => {
    const plain = await serve({ '/ok': json({ plain: true }) }, { tls: false });
    try {
      const c = client({ allowedHosts: allowLoopback });
      for (const url of [`http://127.0.0.1:${plain.port}/ok`, 'ftp://127.0.0.1/x', 'file:///etc/passwd', `https://u:p@127.0.0.1:${issuer.port}/ok`, 'not a url']) {
        expect({ url, r: await c.getJson(url) }).toEqual({ url, r: { ok: false, reason: 'forbidden_url' } });
      }
      const insecure = client({ allowedHosts: allowLoopback, allowInsecureLoopback: true });
      expect(await insecure.getJson(`http://127.0.0.1:${plain.port}/ok`)).toMatchObject({ ok: true, value: { plain: true } });
      expect(await insecure.getJson('http://issuer.example.com/ok')).toEqual({ ok: false, reason: 'forbidden_url' });
      // Insecure lifts the https rule for loopback, not the address rule.
      expect(await client({ allowInsecureLoopback: true }).getJson(`http://127.0.0.1:${plain.port}/ok`)).toEqual({ ok: false, reason: 'forbidden_address' });
      expect(plain.total()).toBe(1);
    } finally {
      await plain.close();
    }
  });

  it('reports a refused connection and a name that does not resolve as connect_failed', async () => {
    const closed = await serve({});
    await closed.close();
    expect(await client({ allowedHosts: allowLoopback }).getJson(`https://127.0.0.1:${closed.port}/ok`)).toEqual({ ok: false, reason: 'connect_failed' });
    expect(await client({ resolve: () => Promise.reject(new Error('ENOTFOUND')) }).getJson('https://nowhere.tessera.test/ok')).toEqual({ ok: false, reason: 'connect_failed' });
  });
});
