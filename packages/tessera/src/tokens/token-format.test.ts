import { describe, expect, it } from 'vitest';
import { checksum, generateToken, parseToken, scannerRegex } from './token-format.js';

describe('token format', () => {
  it('is <brand><kind>_ + 8 public id + 32 secret + 6 checksum, 51 characters with the default brand', () => {
    const { token, parsed } = generateToken('tsr', 'project');
    expect(token).toHaveLength(51);
    expect(token).toMatch(/^tsrp_[0-9A-Za-z]{46}$/);
    expect(parsed.displayPrefix).toBe(token.slice(0, 13));
    expect(parsed.publicId).toBe(token.slice(5, 13));
    expect(token.slice(-6)).toBe(checksum(token.slice(0, -6)));
  });

  it('uses the kind letters w, p, u, c', () => {
    expect(generateToken('tsr', 'workspace').token.startsWith('tsrw_')).toBe(true);
    expect(generateToken('tsr', 'personal').token.startsWith('tsru_')).toBe(true);
    expect(generateToken('tsr', 'ci').token.startsWith('tsrc_')).toBe(true);
  });

  it('round-trips through the parser and honours a custom brand', () => {
    const { token, parsed } = generateToken('acme', 'workspace');
    expect(parseToken(token, 'acme')).toEqual(parsed);
    expect(parseToken(token, 'tsr')).toBeNull();
  });

  it('rejects any single-character change through the checksum', () => {
    const { token } = generateToken('tsr', 'project');
    for (let i = 5; i < token.length; i++) {
      const c = token[i] === 'a' ? 'b' : 'a';
      expect(parseToken(token.slice(0, i) + c + token.slice(i + 1), 'tsr')).toBeNull();
    }
  });

  it('draws secrets without visible bias or repetition', () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const secret = generateToken('tsr', 'project').token.slice(13, 45);
      seen.add(secret);
      for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(seen.size).toBe(2000);
    expect(counts.size).toBe(62);
    const expected = (2000 * 32) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.15);
  });

  it('offers a scanner regex that finds tokens in text and not their neighbours', () => {
    const { token } = generateToken('tsr', 'workspace');
    const re = new RegExp(scannerRegex('tsr'), 'g');
    expect(`export TESSERA_TOKEN="${token}"\n`.match(re)).toEqual([token]);
    expect(`tsrw_${'a'.repeat(45)}`.match(re)).toBeNull();
  });
});
