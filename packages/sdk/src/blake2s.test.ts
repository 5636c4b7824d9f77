import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { blake2s, createKeyedDigest, keyBytes } from './blake2s.js';
import { generateToken } from '../../tessera/src/tokens/token-format.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
/** 00 01 02 … (n bytes), the reference vectors' keys and inputs. */
const seq = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

describe('BLAKE2s (RFC 7693)', () => {
  it('BLAKE2s-256("abc") of RFC 7693 Appendix B', () => {
    expect(hex(blake2s(ascii('abc')))).toBe('508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982');
  });

  it("the keyed reference vectors (blake2s-kat: key 00…1f, input 00 01 …)", () => {
    const kat = [
      '48a8997da407876b3d79c0d92325ad3b89cbb754d86ab71aee047ad345fd2c49',
      '40d15fee7c328830166ac3f918650f807e7e01e177258cdc0a39b11f598066f1',
      '6bb71300644cd3991b26ccd4d274acd1adeab8b1d7914546c1198bbe9fc9d803',
      '1d220dbe2ee134661fdf6d9e74b41704710556f2f6e5a091b227697445dbea6b',
      'f6c3fbadb4cc687a0064a5be6e791bec63b868ad62fba61b3757ef9ca52e05b2',
      '49c1f21188dfd769aea0e911dd6b41f14dab109d2b85977aa3088b5c707e8598',
      'fdd8993dcd43f696d44f3cea0ff35345234ec8ee083eb3cada017c7f78c17143',
      'e6c8125637438d0905b749f46560ac89fd471cf8692e28fab982f73f019b83a9',
    ];
    kat.forEach((expected, n) => expect(hex(blake2s(seq(n), 32, seq(32)))).toBe(expected));
  });

  it("RFC 7693 Appendix E's self-test: digest lengths 16–32, inputs 0–1024 bytes across block ends, unkeyed and keyed", () => {
    // selftest_seq: a Fibonacci-like sequence, the high byte of each term.
    const selftestSeq = (len: number, seed: number) => {
      const out = new Uint8Array(len);
      let a = Math.imul(0xdead4bad, seed) >>> 0;
      let b = 1;
      for (let i = 0; i < len; i++) {
        const t = (a + b) >>> 0;
        a = b;
        b = t;
        out[i] = t >>> 24;
      }
      return out;
    };
    const hashes: Uint8Array[] = [];
    for (const outlen of [16, 20, 28, 32]) {
      for (const inlen of [0, 3, 64, 65, 255, 1024]) {
        const input = selftestSeq(inlen, inlen);
        hashes.push(blake2s(input, outlen));
        hashes.push(blake2s(input, outlen, selftestSeq(outlen, outlen)));
      }
    }
    const all = new Uint8Array(hashes.reduce((n, h) => n + h.length, 0));
    hashes.reduce((off, h) => (all.set(h, off), off + h.length), 0);
    expect(hex(blake2s(all))).toBe('6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe');
  });

  it("matches node:crypto's blake2s256 at every length across the block ends", () => {
    for (let n = 0; n <= 200; n++) {
      const input = new Uint8Array(randomBytes(n));
      expect(hex(blake2s(input))).toBe(createHash('blake2s256').update(input).digest('hex'));
    }
  });

  it('refuses digest and key lengths BLAKE2s has not', () => {
    expect(() => blake2s(seq(1), 0)).toThrow(RangeError);
    expect(() => blake2s(seq(1), 33)).toThrow(RangeError);
    expect(() => blake2s(seq(1), 32, seq(33))).toThrow(RangeError);
  });
});

describe('the cache key: keyed BLAKE2s-128 of the token', () => {
  it("equals BLAKE2s-128 keyed with the verifier's key at every length across the block ends; not ASCII is no key", () => {
    const key = new Uint8Array(randomBytes(32));
    const digest = createKeyedDigest(key);
    for (let n = 0; n <= 200; n++) {
      const token = randomBytes(n).toString('base64').slice(0, n);
      const k = digest(token)!;
      expect(k).toHaveLength(8);
      expect(hex(keyBytes(k))).toBe(hex(blake2s(ascii(token), 16, key)));
    }
    const token = generateToken('tsr', 'workspace').token;
    expect(digest(token)).toBe(digest(token));
    expect(digest(token)).not.toBe(createKeyedDigest(new Uint8Array(randomBytes(32)))(token));
    expect(digest(`${token.slice(0, -1)}é`)).toBeUndefined();
    expect(digest(`${token.slice(0, -1)}\u{1F600}`)).toBeUndefined();
    expect(() => createKeyedDigest(new Uint8Array(16))).toThrow(TypeError);
  });

  it('known answers for keyed BLAKE2s-128 (key 00…1f; from Python hashlib.blake2s(m, key=…, digest_size=16), an independent implementation)', () => {
    const digest = createKeyedDigest(seq(32));
    const chars = (n: number) => String.fromCharCode(...seq(n));
    const cases: [string, string][] = [
      ['abc', '61ba5f165c194692e09d12520cc4c74a'],
      // A token's length (51 characters: one block after the key's).
      ['tsrw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij', '19a7f3d08fd4fff4e30572aaec468cf4'],
      [chars(64), 'f1efa90d2547036841ecd3627fafbc36'],
      [chars(65), '811ff8686d23a435ecbd0bdafcd27b1b'],
    ];
    for (const [token, expected] of cases) {
      expect(hex(keyBytes(digest(token)!))).toBe(expected);
      expect(hex(blake2s(ascii(token), 16, seq(32)))).toBe(expected);
    }
  });
});
