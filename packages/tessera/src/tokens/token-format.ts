import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from '../crypto/base62.js';

/**
 * Token format: `<brand><kind>_<public id:8><secret:32><checksum:6>`, all base62.
 * The checksum is CRC32 over everything before it, base62, zero-padded, so typos and random
 * strings are rejected offline, before any database access (GitHub's scheme).
 * With the default brand `tsr` a token is 51 characters: `tsrp_` + 46. Verifier credentials
 * (`tsrv_`, verifiers/) and sessions (`tsrs_`) share the format but are not API tokens.
 */
export const TOKEN_KIND_LETTERS = { workspace: 'w', project: 'p', personal: 'u', ci: 'c', session: 's', verifier: 'v' } as const;
export type TokenKindName = keyof typeof TOKEN_KIND_LETTERS;

export const PUBLIC_ID_LENGTH = 8;
export const SECRET_LENGTH = 32; // 32 * log2(62) ≈ 190.5 bits
export const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
export const BODY_LENGTH = PUBLIC_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

const KIND_BY_LETTER = Object.fromEntries(Object.entries(TOKEN_KIND_LETTERS).map(([k, v]) => [v, k])) as Record<
  string,
  TokenKindName
>;

export interface ParsedToken {
  brand: string;
  kind: TokenKindName;
  publicId: string;
  /** brand + kind letter + "_" + public id: safe to show, log and search for. */
  displayPrefix: string;
}

export function checksum(payload: string): string {
  return encodeBase62(crc32(payload) >>> 0, CHECKSUM_LENGTH);
}

export function generateToken(brand: string, kind: TokenKindName): { token: string; parsed: ParsedToken } {
  const head = `${brand}${TOKEN_KIND_LETTERS[kind]}_`;
  const publicId = randomBase62(PUBLIC_ID_LENGTH);
  const payload = head + publicId + randomBase62(SECRET_LENGTH);
  const token = payload + checksum(payload);
  return { token, parsed: { brand, kind, publicId, displayPrefix: head + publicId } };
}

const SHAPE = new RegExp(`^([a-z]{2,8})([a-z])_([0-9A-Za-z]{${BODY_LENGTH}})$`);

/** Strict parse of a well-formed token of this deployment's brand; null for anything else. */
export function parseToken(token: string, brand: string): ParsedToken | null {
  if (token.length > 64) return null;
  const m = SHAPE.exec(token);
  if (!m || m[1] !== brand) return null;
  const kind = KIND_BY_LETTER[m[2]!];
  if (!kind) return null;
  const body = m[3]!;
  const payloadEnd = token.length - CHECKSUM_LENGTH;
  if (checksum(token.slice(0, payloadEnd)) !== token.slice(payloadEnd)) return null;
  const publicId = body.slice(0, PUBLIC_ID_LENGTH);
  return { brand, kind, publicId, displayPrefix: `${brand}${m[2]}_${publicId}` };
}

/** A regular expression secret scanners can use to find this deployment's tokens. */
export function scannerRegex(brand: string): string {
  return `\\b${brand}[wpucsv]_[0-9A-Za-z]{${BODY_LENGTH}}\\b`;
}
