import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('GET /healthz and /readyz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('/healthz answers without credentials and without touching the database', async () => {
    const r = await t.request('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 with each check when the database answers and the listener is connected', async () => {
    const r = await t.request('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, listener: { ok: true, detail: 'connected' } } });
    expect(r.body.failing).toBeUndefined();
  });

  it('/readyz answers 503 naming the database when it does not answer, and /healthz stays 200', async () => {
    const other = await createTestApp();
    try {
      await other.ctx.db.destroy(); // the pool is gone: every query fails
      const r = await other.request('GET', '/readyz');
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: 'not_ready', failing: ['database'], checks: { database: { ok: false, detail: 'unreachable' } } });
      expect(JSON.stringify(r.body)).not.toMatch(/postgres:\/\/|127\.0\.0\.1:5432/);
      expect((await other.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await other.app.close();
      await other.ctx.invalidation.stop();
      await other.ctx.usage.stop().catch(() => {});
    }
  });

  it('are not part of the API reference', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).not.toContain('/healthz');
    expect(Object.keys(doc.paths)).not.toContain('/readyz');
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});
