import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './password-hash.js';
import { createTestApp, TEST_PASSWORD, TEST_PASSWORD_HASH_PARAMS, type TestApp } from '../test-support/test-app.js';

describe('what an anonymous POST /v1/setup costs', () => {
  // Counts the password hashes POST /v1/setup computes (scrypt: ~100 ms of CPU and 32 MiB each).
  let hashes = 0;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { hashPassword: (password) => (hashes++, hashPassword(password, TEST_PASSWORD_HASH_PARAMS)) });
  });
  afterAll(() => t?.close());

  const body = (code: string) => ({ setup_code: code, email: 'a@example.com', password: TEST_PASSWORD, name: 'A', workspace: { name: 'A', slug: 'a' } });

  it('regression: a wrong setup code, or setup already done, never costs a password hash (it used to hash first)', async () => {
    hashes = 0;
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/v1/setup', { body: body('wrong-code') })).body.error.code).toBe('invalid_setup_code');
    expect(hashes).toBe(0);
    expect((await t.request('POST', '/v1/setup', { body: body(t.setupCode) })).status).toBe(201);
    expect(hashes).toBe(1);
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/v1/setup', { body: body(t.setupCode) })).body.error.code).toBe('already_set_up');
    expect(hashes).toBe(1);
  });
});
