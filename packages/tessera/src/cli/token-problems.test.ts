import { describe, expect, it } from 'vitest';
import { generateToken } from '../tokens/token-format.js';
import { findTokenProblems, kindProblem } from './token-problems.js';

const { token } = generateToken('tsr', 'project');
const codes = (raw: string) => findTokenProblems(raw, 'tsr').problems.map((p) => p.code);

describe('every problem of a pasted token', () => {
  it('none for a good token, which is its own repair', () => {
    expect(findTokenProblems(token, 'tsr')).toEqual({ problems: [], repaired: token, kind: 'project' });
  });

  it('undoes each repairable problem and looks again', () => {
    expect(codes(`"${token}"\n`)).toEqual(['quoted', 'trailing_newline']);
    expect(codes(`Bearer ${token}\r\n`)).toEqual(['bearer_prefix_included', 'trailing_newline']);
    expect(codes(` '${token}' `)).toEqual(['quoted', 'surrounding_whitespace']);
    expect(findTokenProblems(`"${token}"\n`, 'tsr').repaired).toBe(token);
  });

  it('several line breaks are one problem', () => {
    expect(codes(`${token}\n\n\n`)).toEqual(['trailing_newline']);
  });

  it('stops at a problem it cannot undo, with no repair', () => {
    expect(findTokenProblems(` ${token.slice(0, 30)}`, 'tsr')).toMatchObject({ repaired: undefined, problems: [{ code: 'surrounding_whitespace' }, { code: 'truncated' }] });
    expect(codes(token.replace(/^tsr/, 'abc'))).toEqual(['wrong_brand']);
  });

  it('knows the kind of a well-formed token, and a wrong kind is a problem with a fix', () => {
    expect(findTokenProblems(generateToken('tsr', 'session').token, 'tsr').kind).toBe('session');
    expect(kindProblem('project', 'project')).toBeNull();
    expect(kindProblem('project', 'workspace')).toMatchObject({ code: 'wrong_kind', fix: expect.stringContaining('--kind workspace') });
    expect(kindProblem('session', 'project')!.fix).toContain('not an API token');
  });
});
