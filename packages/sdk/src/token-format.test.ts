import { describe, expect, it } from 'vitest';
import { parseToken } from './token-format.js';
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
