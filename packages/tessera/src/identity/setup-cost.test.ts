import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test-support/test-app.js';

// Counts the password hashes POST /v1/setup computes (scrypt: ~100 ms of CPU and 32 MiB each).
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('./password-hash.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./password-hash.js')>();
  return { ...real, hashPassword: async (...args: Parameters<typeof real.hashPassword>) => { hashes.count++; return real.hashPassword(...args); } };
});

describe('what an anonymous POST /v1/setup costs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const body = (code: string) => ({ setup_code: code, email: 'a@example.com', password: TEST_PASSWORD, name: 'A', workspace: { name: 'A', slug: 'a' } });

  it('regression: a wrong setup code, or setup already done, never costs a password hash (it used to hash first)', async () => {
    hashes.count = 0;
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/v1/setup', { body: body('wrong-code') })).body.error.code).toBe('invalid_setup_code');
    expect(hashes.count).toBe(0);
    expect((await t.request('POST', '/v1/setup', { body: body(t.setupCode) })).status).toBe(201);
    expect(hashes.count).toBe(1);
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/v1/setup', { body: body(t.setupCode) })).body.error.code).toBe('already_set_up');
    expect(hashes.count).toBe(1);
  });
});
