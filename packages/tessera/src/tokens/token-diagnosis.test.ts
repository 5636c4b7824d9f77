import { describe, expect, it } from 'vitest';
import { generateToken } from './token-format.js';
import { diagnoseToken } from './token-diagnosis.js';

const { token } = generateToken('tsr', 'project');
const code = (raw: string) => diagnoseToken(raw, 'tsr')?.code ?? null;

describe('token diagnosis (Qlty troubleshooting list as checks)', () => {
  it('accepts a well-formed token', () => expect(code(token)).toBeNull());
  it('catches an empty value', () => expect(code('')).toBe('empty'));
  it('catches a trailing newline', () => expect(code(`${token}\n`)).toBe('trailing_newline'));
  it('catches a trailing CRLF and says so', () => {
    expect(code(`${token}\r\n`)).toBe('trailing_newline');
    expect(diagnoseToken(`${token}\r\n`, 'tsr')?.message).toContain('CRLF');
  });
  it('catches leading and trailing spaces', () => {
    expect(code(` ${token}`)).toBe('surrounding_whitespace');
    expect(diagnoseToken(`${token} `, 'tsr')?.message).toContain('trailing');
  });
  it('catches quotes', () => expect(code(`"${token}"`)).toBe('quoted'));
  it('catches a pasted "Bearer " prefix', () => expect(code(`Bearer ${token}`)).toBe('bearer_prefix_included'));
  it('catches truncation and says how much is missing', () => {
    expect(code(token.slice(0, 40))).toBe('truncated');
    expect(diagnoseToken(token.slice(0, 40), 'tsr')?.message).toContain('11 short of 51');
  });
  it('catches two values pasted together', () => expect(code(token + 'abc')).toBe('too_long'));
  it('issue 16: two whole tokens pasted together are too_long (the docs promise it), not invalid_characters', () => {
    for (const pasted of [token + token, `${token} ${token}`, `${token},${token}`, `${token}\t${token}`]) {
      const d = diagnoseToken(pasted, 'tsr');
      expect(d?.code).toBe('too_long');
      expect(d?.message).toMatch(/second one starts at character \d+/);
      expect(d?.message).not.toContain(token.slice(5));
    }
  });
  it('catches another product or brand', () => {
    expect(code('qltcp_abcdef')).toBe('wrong_brand');
    expect(code(`nlp_${'a'.repeat(40)}`)).toBe('wrong_brand');
  });
  it('catches an unknown kind letter', () => expect(code(`tsrx_${token.slice(5)}`)).toBe('unknown_kind'));
  it('catches characters outside base62', () => expect(code(`${token.slice(0, 20)}-${token.slice(21)}`)).toBe('invalid_characters'));
  it('catches a typo through the checksum', () => {
    const typo = token.slice(0, 20) + (token[20] === 'x' ? 'y' : 'x') + token.slice(21);
    expect(code(typo)).toBe('checksum_mismatch');
  });
  it('never repeats the secret in its messages', () => {
    for (const raw of [`${token}\n`, ` ${token}`, `"${token}"`, token.slice(0, 40), token + 'abc']) {
      const d = diagnoseToken(raw, 'tsr')!;
      expect(`${d.message} ${d.fix}`).not.toContain(token.slice(13, 30));
    }
  });
});
