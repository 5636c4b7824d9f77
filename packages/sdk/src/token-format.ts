/**
 * Tessera's token format, checked offline: `<brand><kind>_<public id:8><secret:32><checksum:6>`,
 * base62, the checksum a CRC32 of everything before it (GitHub's scheme). A typo or a random string
 * fails here, before any request. Mirrors packages/tessera/src/tokens/token-format.ts (a test
 * checks the two agree on generated tokens).
 */
export type TokenKind = 'workspace' | 'project' | 'personal' | 'ci';

const KINDS: Record<string, TokenKind> = { w: 'workspace', p: 'project', u: 'personal', c: 'ci' };
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PUBLIC_ID_LENGTH = 8;
const CHECKSUM_LENGTH = 6;
const BODY_LENGTH = 46;

export interface ParsedToken {
  kind: TokenKind;
  publicId: string;
  /** brand + kind letter + `_` + public id: safe to log. */
  displayPrefix: string;
}

export type FormatProblem = 'empty' | 'whitespace' | 'wrong_prefix' | 'wrong_length' | 'bad_characters' | 'checksum_mismatch' | 'not_an_api_token';

let table: Uint32Array | undefined;
function crc32(s: string): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  // Tokens are ASCII: one byte per character.
  for (let i = 0; i < s.length; i++) crc = table[(crc ^ s.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

const BODY = /^[0-9A-Za-z]+$/;

/** The length of every well-formed token of `brand`. */
export const tokenLength = (brand: string): number => brand.length + 2 + BODY_LENGTH;

/** The token if it is well-formed for `brand` (checksum included), else why not. */
export function parseToken(token: string, brand: string): ParsedToken | { problem: FormatProblem } {
  if (token.length === 0) return { problem: 'empty' };
  if (token.trim() !== token || /\s/.test(token)) return { problem: 'whitespace' };
  const head = brand.length + 2;
  if (!token.startsWith(brand) || token[head - 1] !== '_') return { problem: 'wrong_prefix' };
  const letter = token[brand.length]!;
  if (token.length !== head + BODY_LENGTH) return { problem: 'wrong_length' };
  const body = token.slice(head);
  if (!BODY.test(body)) return { problem: 'bad_characters' };
  const payloadEnd = token.length - CHECKSUM_LENGTH;
  if (base62(crc32(token.slice(0, payloadEnd)), CHECKSUM_LENGTH) !== token.slice(payloadEnd)) return { problem: 'checksum_mismatch' };
  const kind = KINDS[letter];
  if (!kind) return { problem: letter === 'v' || letter === 's' ? 'not_an_api_token' : 'wrong_prefix' };
  const publicId = body.slice(0, PUBLIC_ID_LENGTH);
  return { kind, publicId, displayPrefix: `${brand}${letter}_${publicId}` };
}
