import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerChallenge } from './bearer-challenge.js';

describe('the Bearer challenge header', () => {
  it('holds only what RFC 6750 allows in error_description, so no message can turn a 401 into a 500', () => {
    const h = bearerChallenge('invalid_token', 'token "x" was rotated: use tsrp_Ab3dE5fG… (naïve – 日本\\)', 'deploy')['www-authenticate']!;
    expect(() => validateHeaderValue('www-authenticate', h)).not.toThrow();
    expect(h).toBe('Bearer realm="tessera", error="invalid_token", error_description="token x was rotated: use tsrp_Ab3dE5fG... (na?ve - ??)", scope="deploy"');
    expect(/error_description="([^"]*)"/.exec(h)![1]).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/);
  });
});
