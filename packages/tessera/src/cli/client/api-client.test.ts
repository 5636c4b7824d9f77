import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, NetworkError, createApiClient } from './api-client.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; auth?: string; body?: string; type?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body, type: req.headers['content-type'] });
      if (req.url?.startsWith('/ok')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/denied') return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_token', message: 'token (tsrp_Ab3dE5fG) is revoked', request_id: 'req-1', reason: 'revoked' } }));
      if (req.url === '/proxy') return res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the API client', () => {
  it('sends the bearer token and JSON, and parses JSON answers', async () => {
    const client = createApiClient({ baseUrl: `${base}/`, token: 'tsrp_secret' });
    expect(await client.post('/ok', { a: 1 })).toEqual({ hello: 'world' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/ok', auth: 'Bearer tsrp_secret', body: '{"a":1}', type: 'application/json' });
    await client.get('/ok', { status: 'active', skipped: undefined, n: 2 });
    expect(seen.at(-1)!.url).toBe('/ok?status=active&n=2');
    expect(await client.delete('/empty')).toBeUndefined();
  });

  it('sends no Authorization header without a token', async () => {
    await createApiClient({ baseUrl: base }).get('/ok');
    expect(seen.at(-1)!.auth).toBeUndefined();
  });

  it("turns the server's error into an ApiError with status, code, request id and details", async () => {
    const err = await createApiClient({ baseUrl: base, token: 't' }).get('/denied').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'invalid_token', message: 'token (tsrp_Ab3dE5fG) is revoked', requestId: 'req-1', details: { reason: 'revoked' }, method: 'GET', path: '/denied' });
  });

  it('an answer that is not a Tessera error is still an ApiError, saying so', async () => {
    const err = await createApiClient({ baseUrl: base }).get('/proxy').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: 'unexpected_response' });
    expect((err as Error).message).toMatch(/HTTP 502 .*is this URL a Tessera server/);
  });

  it('a server that is not there is a NetworkError, not an ApiError', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await createApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'tsrp_secret' }).get('/ok').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ reason: 'ECONNREFUSED' });
    expect((err as Error).message).toContain(`cannot reach http://127.0.0.1:${port}: connection refused`);
    expect((err as Error).message).not.toContain('tsrp_secret');
  });
});
