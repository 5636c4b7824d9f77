import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { REDACTED_PATHS } from '../server.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('request log', () => {
  let t: TestApp;
  let logged: Array<Record<string, unknown>>;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    t = await createTestApp();
    logged = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp(t.ctx, { logger: { level: 'info', stream, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } } });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('writes one line per request with the route pattern, never the query string that may carry a code', async () => {
    logged.length = 0;
    const code = 'SetupCodeThatMustNotBeLogged123';
    await app.inject({ method: 'GET', url: `/setup?code=${code}` });
    await app.inject({ method: 'GET', url: '/v1/workspaces/acme-x/tokens?cursor=abc', headers: { authorization: 'Bearer nope' } });
    const lines = logged.filter((l) => l.msg === 'request');
    expect(lines.map((l) => [l.method, l.route, l.status])).toEqual([['GET', '/setup', 200], ['GET', '/v1/workspaces/:workspace/tokens', 401]]);
    expect(lines.every((l) => typeof l.ms === 'number' && typeof l.reqId === 'string')).toBe(true);
    expect(JSON.stringify(logged)).not.toContain(code);
    expect(JSON.stringify(logged)).not.toContain('Bearer');
  });

  it('does not log each validation at info: the hot path is counted in /metrics instead', async () => {
    const { token } = await t.bootstrap();
    logged.length = 0;
    const r = await app.inject({ method: 'POST', url: '/v1/auth/validate', payload: { token } });
    expect(r.statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(logged.filter((l) => l.msg === 'request').map((l) => l.route)).toEqual(['/v1/me']);
    expect(JSON.stringify(logged)).not.toContain(token);
  });
});
