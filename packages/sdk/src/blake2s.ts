/**
 * BLAKE2s (RFC 7693), synchronous, for the cache key: keyed BLAKE2s of the token under a random
 * per-verifier key (the token itself is never kept). Web Crypto's digest is asynchronous, and a
 * cache hit must not wait for a promise.
 *
 * Why keyed BLAKE2s and not the salted SHA-256 it replaced: keyed BLAKE2s is a MAC, i.e. a
 * pseudorandom function of the token under the key, by design (RFC 7693: the key is hashed as a
 * padded first block; prefix-keying is sound for BLAKE2, where for SHA-256 it is not a PRF because of
 * length extension, which the cache never exposed but which is one argument less to make), and its
 * compression is about half the arithmetic of SHA-256's in 32-bit software (80 G steps of
 * add/xor/rotate against 64 rounds plus a 48-word message schedule): about half the time of a warm
 * `verify` went to that one compression. What the cache key must give holds:
 * - a heap dump shows the key and 128-bit outputs, never a token: BLAKE2s is preimage-resistant,
 *   and a token carries 190 random bits besides;
 * - without the key (32 random bytes made per verifier, never leaving the process) an output is
 *   unpredictable: a forged token lands on a given cached key with probability 2⁻¹²⁸ per try and
 *   cached entry, so no feasible number of tries makes a forged token answer as a cached one;
 * - 128 bits (BLAKE2s-128: `nn` = 16 in the parameter block, its own function, not a truncated
 *   BLAKE2s-256): n real tokens collide with probability about n²/2¹²⁹.
 * The compression function is in blake2s-block.ts; the tests check both against RFC 7693's vectors
 * and self-test, the reference keyed vectors (blake2s-kat) and node:crypto's blake2s256.
 */
import { compressBlock } from './blake2s-block.js';

/** SHA-256's initial hash value, which BLAKE2s uses as its IV. */
const IV = [0x6a09e667, 0xbb67ae85 | 0, 0x3c6ef372, 0xa54ff53a | 0, 0x510e527f, 0x9b05688c | 0, 0x1f83d9ab, 0x5be0cd19];
/** The message block being compressed (a call never yields: one buffer serves every digest). */
const M = new Int32Array(16);

/** Loads 64 bytes (zero-padded past the end) as little-endian words. */
function load(bytes: Uint8Array, off: number): void {
  for (let w = 0; w < 16; w++, off += 4) M[w] = (bytes[off] ?? 0) | ((bytes[off + 1] ?? 0) << 8) | ((bytes[off + 2] ?? 0) << 16) | ((bytes[off + 3] ?? 0) << 24);
}

/** The state after the parameter block: digest length `outlen`, key length `keyLength`, sequential mode. */
function initialState(outlen: number, keyLength: number): Int32Array {
  const H = Int32Array.from(IV);
  H[0] = H[0]! ^ 0x01010000 ^ (keyLength << 8) ^ outlen;
  return H;
}

/** BLAKE2s of bytes: `outlen` 1–32 bytes, `key` 0–32 bytes (RFC 7693's `blake2s(out, outlen, key, keylen, in, inlen)`). */
export function blake2s(input: Uint8Array, outlen = 32, key: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (!Number.isInteger(outlen) || outlen < 1 || outlen > 32) throw new RangeError('outlen must be 1–32 bytes');
  if (key.length > 32) throw new RangeError('the key must be at most 32 bytes');
  // A key is the first block, zero-padded, and counts in the byte counter.
  const data = key.length ? new Uint8Array(64 + input.length) : input;
  if (key.length) {
    data.set(key);
    data.set(input, 64);
  }
  const n = data.length;
  if (n >= 2 ** 32) throw new RangeError('BLAKE2s here counts bytes in 32 bits');
  const H = initialState(outlen, key.length);
  let off = 0;
  // Every block but the last (a message of exactly k blocks is final at its kth; the empty message
  // is one final block of zeros).
  for (; n - off > 64; off += 64) {
    load(data, off);
    compressBlock(H, M, off + 64, false);
  }
  load(data.subarray(off), 0);
  compressBlock(H, M, n, true);
  const out = new Uint8Array(outlen);
  for (let i = 0; i < outlen; i++) out[i] = H[i >> 2]! >>> (8 * (i & 3));
  return out;
}

/** A key of createKeyedDigest as its 16 bytes (little-endian code units), for the tests. */
export function keyBytes(key: string): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key.charCodeAt(i) & 0xff;
    out[2 * i + 1] = key.charCodeAt(i) >>> 8;
  }
  return out;
}

/**
 * BLAKE2s-128 keyed with `key` (32 bytes) for many tokens, the cache's key. The key block is
 * compressed once here: a call compresses only the token's block (more for a token over 64
 * characters; a well-formed token has one), reading its characters straight into the message words
 * (no encoder, no buffer). The result is the 128-bit digest as 8 UTF-16 code units (a short string
 * to hash and compare in the cache's Map; keyBytes gives its bytes). Only ASCII is hashed — every
 * well-formed token is ASCII — so anything else answers undefined (the caller refuses it as malformed).
 */
export function createKeyedDigest(key: Uint8Array): (token: string) => string | undefined {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('the key must be 32 bytes');
  const midstate = initialState(16, 32);
  load(key, 0);
  compressBlock(midstate, M, 64, false);
  const m0 = midstate[0]!, m1 = midstate[1]!, m2 = midstate[2]!, m3 = midstate[3]!, m4 = midstate[4]!, m5 = midstate[5]!, m6 = midstate[6]!, m7 = midstate[7]!;
  // The empty token: the key block is then the final one.
  const emptyBytes = blake2s(new Uint8Array(0), 16, key);
  let empty = '';
  for (let i = 0; i < 16; i += 2) empty += String.fromCharCode(emptyBytes[i]! | (emptyBytes[i + 1]! << 8));
  const H = new Int32Array(8);
  return (token) => {
    const n = token.length;
    if (n === 0) return empty;
    // The key block's state (8 stores: cheaper than TypedArray#set for 8 words).
    H[0] = m0; H[1] = m1; H[2] = m2; H[3] = m3; H[4] = m4; H[5] = m5; H[6] = m6; H[7] = m7;
    let ascii = 0;
    let i = 0;
    // Whole blocks before the last.
    while (n - i > 64) {
      for (let w = 0; w < 16; w++, i += 4) {
        const c0 = token.charCodeAt(i), c1 = token.charCodeAt(i + 1), c2 = token.charCodeAt(i + 2), c3 = token.charCodeAt(i + 3);
        ascii |= c0 | c1 | c2 | c3;
        M[w] = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
      }
      compressBlock(H, M, 64 + i, false);
    }
    // The last block: whole words, the word holding the end, zeros.
    let w = 0;
    for (; i + 3 < n; w++, i += 4) {
      const c0 = token.charCodeAt(i), c1 = token.charCodeAt(i + 1), c2 = token.charCodeAt(i + 2), c3 = token.charCodeAt(i + 3);
      ascii |= c0 | c1 | c2 | c3;
      M[w] = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    }
    if (i < n) {
      let word = 0;
      for (let shift = 0; i < n; i++, shift += 8) {
        const c = token.charCodeAt(i);
        ascii |= c;
        word |= c << shift;
      }
      M[w++] = word;
    }
    for (; w < 16; w++) M[w] = 0;
    compressBlock(H, M, 64 + n, true);
    if (ascii > 0x7f) return undefined;
    return String.fromCharCode(H[0]! & 0xffff, H[0]! >>> 16, H[1]! & 0xffff, H[1]! >>> 16, H[2]! & 0xffff, H[2]! >>> 16, H[3]! & 0xffff, H[3]! >>> 16);
  };
}
