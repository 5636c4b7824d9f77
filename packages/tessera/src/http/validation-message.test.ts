import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/**
 * Issue 16: raw validator text leaked to people (`params.id must match pattern "^tok_…"`). Each
 * kind of failure now reads as a sentence naming the field as the caller wrote it.
 */
describe('validation failures in plain words', () => {
  let t: TestApp;
  let owner: { token: string; slug: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.bootstrap();
  });
  afterAll(() => t?.close());

  const message = async (method: string, url: string, body?: object) => {
    const r = await t.request(method, url, { token: owner.token, ...(body ? { body } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    return r.body.error.message as string;
  };

  it.each([
    ['a path id', 'GET', '/v1/tokens/not-an-id', undefined, 'path segment "id" is not valid: expected a token id (tok_…) or its display prefix (tsrp_Ab3dE5fG)'],
    ['a query number', 'GET', '/v1/workspaces/W/tokens?limit=0', undefined, 'query parameter "limit" must be at least 1'],
    ['a query enum', 'GET', '/v1/workspaces/W/tokens?status=sleeping', undefined, 'query parameter "status" must be one of "active", "rotating", "expired", "revoked"'],
    ['a missing field', 'POST', '/v1/workspaces/W/tokens', { kind: 'workspace', scopes: ['read'] }, 'body.name is required'],
    ['a wrong type', 'POST', '/v1/workspaces/W/tokens', { kind: 'workspace', name: 7, scopes: ['read'] }, 'body.name must be a string'],
    ['an empty list', 'POST', '/v1/workspaces/W/tokens', { kind: 'workspace', name: 'x', scopes: [] }, 'body.scopes must not be empty'],
    ['an array item', 'POST', '/v1/workspaces/W/trust-policies', { name: 'p', provider: 'github', conditions: { repository: 'acme/web', refs: ['refs/heads/main', 7] } }, 'body.conditions.refs[1] must be a string'],
    ['an unknown field', 'POST', '/v1/workspaces/W/tokens', { kind: 'workspace', name: 'x', scopes: ['read'], admin: true }, 'body: unknown field "admin"'],
    ['a date-time', 'POST', '/v1/workspaces/W/tokens', { kind: 'workspace', name: 'x', scopes: ['read'], expires_at: 'tomorrow' }, 'body.expires_at must be a date-time like'],
  ])('%s', async (_what, method, url, body, expected) => {
    const text = await message(method, url.replace('/W/', `/${owner.slug}/`), body);
    expect(text.startsWith(expected), text).toBe(true);
    expect(text).not.toMatch(/must match pattern|must NOT|\^|\$\)/);
  });

  it('never quotes the value that failed', async () => {
    const secret = 'tsrw_SECRETSECRETSECRETSECRET';
    const text = await message('POST', `/v1/workspaces/${owner.slug}/tokens`, { kind: secret, name: 'x', scopes: ['read'] });
    expect(text).not.toContain('SECRET');
  });
});
