/**
 * SHA-256, synchronous, for the cache key (a salted digest of the token: the token itself is never
 * kept). Web Crypto's digest is asynchronous, and a cache hit must not wait for a promise. FIPS
 * 180-4, ASCII/UTF-8 input; checked against known vectors and node:crypto in the tests.
 * The compression function is in sha256-block.ts.
 */
import { compressBlock } from './sha256-block.js';

const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(16);
const encoder = new TextEncoder();

const compress = (H: Int32Array): void => compressBlock(H, W);

export function sha256Hex(input: string): string {
  const bytes = encoder.encode(input);
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const H = IV.slice();
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getInt32(off + i * 4);
    compress(H);
  }
  return Array.from(H, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The 16 UTF-16 code units a salted digest key is made of, as hex (tests compare it with sha256Hex). */
export function keyToHex(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) out += key.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/**
 * SHA-256(salt ‖ token) for many tokens under one salt, the cache's key. The salt is exactly one
 * 64-byte block, compressed once here: a call compresses only the token's block (two for a token
 * over 55 characters), reading its characters straight into the message words (no encoder, no
 * buffer). The key is the whole 256-bit digest as 16 UTF-16 code units (not 64 hex digits: a
 * shorter string to hash and compare in the cache's Map). Only ASCII is hashed — every well-formed
 * token is ASCII — so anything else answers undefined (the caller refuses it as malformed).
 */
export function createSaltedDigest(salt: string): (token: string) => string | undefined {
  if (salt.length !== 64 || !/^[\x20-\x7e]+$/.test(salt)) throw new TypeError('the salt must be 64 printable ASCII characters (one SHA-256 block)');
  const midstate = IV.slice();
  for (let i = 0; i < 16; i++) W[i] = (salt.charCodeAt(4 * i) << 24) | (salt.charCodeAt(4 * i + 1) << 16) | (salt.charCodeAt(4 * i + 2) << 8) | salt.charCodeAt(4 * i + 3);
  compress(midstate);
  const m0 = midstate[0]!, m1 = midstate[1]!, m2 = midstate[2]!, m3 = midstate[3]!, m4 = midstate[4]!, m5 = midstate[5]!, m6 = midstate[6]!, m7 = midstate[7]!;
  const H = new Int32Array(8);
  return (token) => {
    const n = token.length;
    // The message after the salt block: the token, 0x80, zeros, then the bit length of salt ‖
    // token in the last 8 bytes of the last block.
    const blocks = (n + 9 + 63) >> 6;
    // The salt block's state (8 stores: cheaper than TypedArray#set for 8 words).
    H[0] = m0; H[1] = m1; H[2] = m2; H[3] = m3; H[4] = m4; H[5] = m5; H[6] = m6; H[7] = m7;
    let ascii = 0;
    let i = 0;
    for (let block = 0; block < blocks; block++) {
      let w = 0;
      // Whole words of the token, then the word holding its end (and 0x80), then zeros.
      for (; w < 16 && i + 3 < n; w++, i += 4) {
        const c0 = token.charCodeAt(i), c1 = token.charCodeAt(i + 1), c2 = token.charCodeAt(i + 2), c3 = token.charCodeAt(i + 3);
        ascii |= c0 | c1 | c2 | c3;
        W[w] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
      }
      if (w < 16 && i <= n) {
        let word = 0;
        for (let k = 0; k < 4; k++, i++) {
          let byte = 0;
          if (i < n) {
            byte = token.charCodeAt(i);
            ascii |= byte;
          } else if (i === n) {
            byte = 0x80;
          }
          word = (word << 8) | byte;
        }
        W[w++] = word;
      }
      for (; w < 16; w++) W[w] = 0;
      if (block === blocks - 1) {
        const bits = (64 + n) * 8;
        W[14] = Math.floor(bits / 0x100000000);
        W[15] = bits | 0;
      }
      compress(H);
    }
    if (ascii > 0x7f) return undefined;
    return String.fromCharCode(
      H[0]! >>> 16, H[0]! & 0xffff, H[1]! >>> 16, H[1]! & 0xffff, H[2]! >>> 16, H[2]! & 0xffff, H[3]! >>> 16, H[3]! & 0xffff,
      H[4]! >>> 16, H[4]! & 0xffff, H[5]! >>> 16, H[5]! & 0xffff, H[6]! >>> 16, H[6]! & 0xffff, H[7]! >>> 16, H[7]! & 0xffff,
    );
  };
}
