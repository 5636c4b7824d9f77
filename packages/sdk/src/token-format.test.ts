import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { parseToken } from './token-format.js';
import { createSaltedDigest, keyToHex, sha256Hex } from './sha256.js';
import { generateToken, parseToken as serverParse } from '../../tessera/src/tokens/token-format.js';

describe('offline token checks agree with the server', () => {
  it('accepts what the server generates and finds the same public id', () => {
    for (const kind of ['workspace', 'project', 'personal', 'ci'] as const) {
      for (let i = 0; i < 50; i++) {
        const { token, parsed } = generateToken('tsr', kind);
        expect(parseToken(token, 'tsr')).toEqual({ kind, publicId: parsed.publicId, displayPrefix: parsed.displayPrefix });
      }
    }
  });

  it('refuses typos, truncation, whitespace, other brands and non-API credentials, as the server does', () => {
    const { token } = generateToken('tsr', 'project');
    const typo = token.slice(0, 20) + (token[20] === 'a' ? 'b' : 'a') + token.slice(21);
    const cases: [string, string][] = [
      [typo, 'checksum_mismatch'], [token.slice(0, -1), 'wrong_length'], [`${token}\n`, 'whitespace'], [` ${token}`, 'whitespace'],
      ['', 'empty'], [token.replace(/^tsr/, 'abc'), 'wrong_prefix'], [generateToken('tsr', 'verifier').token, 'not_an_api_token'],
      [generateToken('tsr', 'session').token, 'not_an_api_token'], [`${token.slice(0, 30)}-${token.slice(31)}`, 'bad_characters'],
    ];
    for (const [t, problem] of cases) {
      expect(parseToken(t, 'tsr')).toEqual({ problem });
      if (problem !== 'not_an_api_token') expect(serverParse(t, 'tsr')).toBeNull();
    }
  });
});

describe('the synchronous SHA-256', () => {
  it('matches known vectors and node:crypto', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = 'x'.repeat(n) + 'é';
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });

  it("the cache key: SHA-256 of salt ‖ token from the salt block's midstate, every length across block ends; not ASCII is no key", () => {
    const salt = randomBytes(32).toString('hex');
    const digest = createSaltedDigest(salt);
    for (let n = 0; n <= 130; n++) {
      const token = randomBytes(n).toString('base64').slice(0, n);
      expect(keyToHex(digest(token)!)).toBe(createHash('sha256').update(salt + token).digest('hex'));
    }
    const token = generateToken('tsr', 'workspace').token;
    expect(digest(token)).toBe(digest(token));
    expect(digest(token)).not.toBe(createSaltedDigest(randomBytes(32).toString('hex'))(token));
    expect(digest(`${token.slice(0, -1)}é`)).toBeUndefined();
    expect(() => createSaltedDigest('short')).toThrow(TypeError);
  });
});
