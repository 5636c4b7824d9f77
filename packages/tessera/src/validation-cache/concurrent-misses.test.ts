import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createValidationService, type TokenEntry } from '../tokens/validation-service.js';
import { TokenCache } from './token-cache.js';

describe('concurrent validations of a token that is not cached', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    secret = (await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] })).secret;
  });
  afterAll(() => t?.close());

  function serviceCountingReads(trusted: boolean) {
    let reads = 0;
    const db = t.ctx.db.withPlugin({
      transformQuery: (a) => {
        if (a.node.kind === 'SelectQueryNode') reads++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const cache = new TokenCache<TokenEntry>({ maxEntries: 100, maxBytes: 1_000_000, maxNegative: 100, maxStalenessMs: 30_000 });
    cache.setTrusted(trusted);
    const service = createValidationService({ db, keyring: t.ctx.keyring, brand: 'tsr', usage: t.ctx.usage, denials: t.ctx.denials, cache });
    return { service, reads: () => reads };
  }

  it('share one database read', async () => {
    const { service, reads } = serviceCountingReads(true);
    const results = await Promise.all(Array.from({ length: 25 }, () => service.validate(secret)));
    expect(results.every((r) => r.valid)).toBe(true);
    expect(reads()).toBe(1);
    await service.validate(secret);
    expect(reads()).toBe(1);
  });

  it('a wrong secret sharing the read is still refused', async () => {
    const { service, reads } = serviceCountingReads(true);
    const wrong = `${secret.slice(0, 13)}${'A'.repeat(32)}`;
    const { checksum } = await import('../tokens/token-format.js');
    const [good, bad] = await Promise.all([service.validate(secret), service.validate(wrong + checksum(wrong))]);
    expect(good.valid).toBe(true);
    expect(bad).toEqual({ valid: false, code: 'invalid' });
    expect(reads()).toBe(1);
  });

  it('each read alone while the cache is not trusted (listener down)', async () => {
    const { service, reads } = serviceCountingReads(false);
    await Promise.all(Array.from({ length: 5 }, () => service.validate(secret)));
    expect(reads()).toBe(5);
  });
});
