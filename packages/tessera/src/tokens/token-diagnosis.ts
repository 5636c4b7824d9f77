import { BODY_LENGTH, CHECKSUM_LENGTH, TOKEN_KIND_LETTERS, checksum } from './token-format.js';

/**
 * Says precisely what is wrong with a string that should have been a token: the troubleshooting
 * list of Qlty's docs (stray spaces, line breaks, truncation, wrong type) turned into checks.
 * Never echoes the token: messages name positions and lengths, not characters of the secret.
 */
export type DiagnosisCode =
  | 'empty'
  | 'surrounding_whitespace'
  | 'trailing_newline'
  | 'quoted'
  | 'bearer_prefix_included'
  | 'wrong_brand'
  | 'unknown_kind'
  | 'truncated'
  | 'too_long'
  | 'invalid_characters'
  | 'checksum_mismatch';

export interface Diagnosis {
  code: DiagnosisCode;
  message: string;
  fix: string;
}

export function diagnoseToken(raw: string, brand: string): Diagnosis | null {
  if (raw.length === 0) return { code: 'empty', message: 'the token is empty', fix: 'check that the variable holding the token is set in this environment' };
  if (/^\s*bearer\s/i.test(raw)) {
    return { code: 'bearer_prefix_included', message: 'the value starts with "Bearer "', fix: 'store only the token itself; the client adds "Bearer "' };
  }
  if (/^["'`].*["'`]$/s.test(raw.trim())) {
    return { code: 'quoted', message: 'the token is wrapped in quotes', fix: 'remove the quotes around the token' };
  }
  if (/[\r\n]$/.test(raw)) {
    const what = raw.endsWith('\r\n') ? 'a trailing CRLF line ending' : 'a trailing line break';
    return { code: 'trailing_newline', message: `the token ends with ${what}`, fix: 'remove the line break (e.g. use `printf %s` or `echo -n` when storing it)' };
  }
  if (raw.trim() !== raw) {
    const where = /^\s/.test(raw) ? (/\s$/.test(raw) ? 'leading and trailing' : 'leading') : 'trailing';
    return { code: 'surrounding_whitespace', message: `the token has ${where} whitespace`, fix: 'remove the spaces around the token' };
  }
  const m = /^([a-z]*)([a-z])_(.*)$/s.exec(raw);
  if (!m || m[1]!.length < 2 || m[1] !== brand) {
    const looks = m ? `"${m[1]}${m[2]}_"` : 'no recognisable prefix';
    return { code: 'wrong_brand', message: `expected a token starting with "${brand}" but found ${looks}`, fix: `use a token issued by this server (they start with ${brand}w_, ${brand}p_, ${brand}u_ or ${brand}c_)` };
  }
  if (!Object.values(TOKEN_KIND_LETTERS).includes(m[2] as never)) {
    return { code: 'unknown_kind', message: `"${m[2]}" is not a token kind letter`, fix: 'use a workspace (w), project (p), personal (u) or CI (c) token' };
  }
  const body = m[3]!;
  // A second token start after the first (with or without a separator): two values pasted together.
  const second = raw.indexOf(`${brand}`, brand.length + 2);
  if (second > 0 && new RegExp(`^${brand}[a-z]_`).test(raw.slice(second))) {
    return { code: 'too_long', message: `the value holds two tokens: a second one starts at character ${second + 1} of ${raw.length}`, fix: 'check that two values were not pasted together; keep one token' };
  }
  if (/[^0-9A-Za-z]/.test(body)) {
    return { code: 'invalid_characters', message: 'the token contains characters other than letters and digits', fix: 'copy the token again; it may have been altered by an editor or a shell' };
  }
  if (body.length < BODY_LENGTH) {
    return { code: 'truncated', message: `the token is ${raw.length} characters, ${BODY_LENGTH - body.length} short of ${raw.length + BODY_LENGTH - body.length}`, fix: 'copy the complete token; it was cut off' };
  }
  if (body.length > BODY_LENGTH) {
    return { code: 'too_long', message: `the token is ${body.length - BODY_LENGTH} characters too long`, fix: 'check that two values were not pasted together' };
  }
  const end = raw.length - CHECKSUM_LENGTH;
  if (checksum(raw.slice(0, end)) !== raw.slice(end)) {
    return { code: 'checksum_mismatch', message: 'the token checksum does not match (a typo or a changed character)', fix: 'copy the token again from where it was stored' };
  }
  return null;
}
