/**
 * SHA-256, synchronous, for the cache key (a salted digest of the token: the token itself is never
 * kept). Web Crypto's digest is asynchronous, and a cache hit must not wait for a promise. FIPS
 * 180-4, ASCII/UTF-8 input; checked against known vectors and node:crypto in the tests.
 * Arithmetic is on int32 (`| 0`), which V8 keeps unboxed; the digest is the same.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);
const encoder = new TextEncoder();

/** One block (W[0..15], big-endian words) into the state H. */
function compress(H: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!, b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0; H[1] = (H[1]! + b) | 0; H[2] = (H[2]! + c) | 0; H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0; H[5] = (H[5]! + f) | 0; H[6] = (H[6]! + g) | 0; H[7] = (H[7]! + h) | 0;
}

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
  const H = new Int32Array(8);
  return (token) => {
    const n = token.length;
    // The message after the salt block: the token, 0x80, zeros, then the bit length of salt ‖
    // token in the last 8 bytes of the last block.
    const blocks = (n + 9 + 63) >> 6;
    H.set(midstate);
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
