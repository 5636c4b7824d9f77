import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** Sends raw bytes to the listening app and reads everything until the server closes the connection. */
function rawRequest(port: number, bytes: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' && chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
    socket.end(bytes);
  });
}

/**
 * Regression for issue 11 defect 9: what Node's HTTP parser refuses (headers too large, a bad
 * request line or header) was answered in Fastify's own shape
 * (`{"error":"Bad Request","message":"Client Error","statusCode":400}`), not the documented one.
 */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  const expectShape = (r: { status: number; headers: string; body: string }, status: number, code: string) => {
    expect(r.status, r.headers).toBe(status);
    expect(r.headers.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(r.body)).toEqual({ error: { code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) } });
  };

  it('regression: 431 for headers over the limit was not in the error shape', async () => {
    const r = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectShape(r, 431, 'headers_too_large');
    expect(JSON.parse(r.body).error.message).toMatch(/limit of \d+ bytes/);
  });

  it.each([
    ['a bad request line', 'NOT A REQUEST\r\n\r\n'],
    ['a header name with a space', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n'],
    ['a NUL in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: a\u0000b\r\n\r\n'],
    ['a bad chunked body', 'POST /v1/auth/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['both Content-Length and Transfer-Encoding', 'POST /v1/auth/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}'],
  ])('regression: the parser-level 400 for %s was not in the error shape', async (_what, bytes) => {
    expectShape(await rawRequest(port, bytes), 400, 'malformed_request');
  });

  it('leaves the credentials of a refused request out of the answer', async () => {
    const r = await rawRequest(port, `GET /healthz HTTP/1.1\r\nAuthorization: Bearer tsrs_secret_value\r\nBad Header: x\r\n\r\n`);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('tsrs_secret_value');
  });

  it('still serves well-formed requests on the same listener', async () => {
    const r = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(r.status).toBe(200);
  });
});
