import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TokenCache } from '../validation-cache/token-cache.js';
import { createValidationService, type TokenEntry } from './validation-service.js';
import { VALID_ANSWER_BYTES } from './validation-routes.js';

describe("the token cache's byte bound and the validate route's serialized answers", () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    secret = (await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read', 'write'] })).secret;
  });
  afterAll(() => t?.close());

  async function cachedBytes(retainedBytesPerEntry?: number): Promise<number> {
    const cache = new TokenCache<TokenEntry>({ maxEntries: 10, maxBytes: 1_000_000, maxNegative: 10, maxStalenessMs: 30_000 });
    cache.setTrusted(true);
    const service = createValidationService({
      db: t.ctx.db, keyring: t.ctx.keyring, brand: 'tsr', usage: t.ctx.usage, denials: t.ctx.denials, cache, ...(retainedBytesPerEntry === undefined ? {} : { retainedBytesPerEntry }),
    });
    expect((await service.validate(secret)).valid).toBe(true);
    return cache.bytes;
  }

  it('counts the bytes the caller declares it keeps per cached identity (the edge owns the number, the service counts it)', async () => {
    expect(await cachedBytes(VALID_ANSWER_BYTES) - await cachedBytes()).toBe(VALID_ANSWER_BYTES);
  });

  it("VALID_ANSWER_BYTES covers the route's serialized valid answer for a workspace token", async () => {
    const r = await t.app.inject({ method: 'POST', url: '/v1/auth/validate', payload: { token: secret } });
    expect(r.json()).toMatchObject({ valid: true });
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(VALID_ANSWER_BYTES);
  });
});
