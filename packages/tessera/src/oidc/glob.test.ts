import { describe, expect, it } from 'vitest';
import { globMatch, wildcardCount } from './glob.js';

/** The regex translation the matcher replaced (issue 11 defect 6): the reference for its semantics, on short inputs only. */
function referenceRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

describe('glob matching', () => {
  it.each([
    ['refs/heads/main', 'refs/heads/main', true],
    ['refs/heads/main', 'refs/heads/main2', false],
    ['refs/heads/main', 'refs/heads/Main', false], // case-sensitive
    ['refs/heads/*', 'refs/heads/main', true],
    ['refs/heads/*', 'refs/heads/', true], // * may match nothing
    ['refs/heads/*', 'refs/heads/feature/x', false], // * stops at /
    ['refs/heads/**', 'refs/heads/feature/x', true],
    ['refs/heads/**', 'refs/heads/', true],
    ['**/main', 'a/b/c/main', true],
    ['**main', 'a/b/main', true],
    ['refs/*/main', 'refs/heads/main', true],
    ['refs/*/main', 'refs/a/b/main', false],
    ['refs/**/main', 'refs/a/b/main', true],
    ['refs/tags/v?.*', 'refs/tags/v1.2', true],
    ['refs/tags/v?.*', 'refs/tags/v12.2', false],
    ['a?c', 'a/c', false], // ? is not /
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/web:ref:refs/heads/main', true], // * crosses :
    ['repo:acme/*:ref:refs/heads/main', 'repo:acme/web/x:ref:refs/heads/main', false],
    ['release.(x)', 'release.(x)', true], // regex characters are literal
    ['release.(x)', 'releaseX(x)', false],
    ['a+b[c]^$|{1}\\d', 'a+b[c]^$|{1}\\d', true],
    ['***', 'a/b', true], // ** then *
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['*', 'line\nbreak', true], // * crosses newlines (the old regex had the s flag)
    ['?', '\ud83d', true], // one UTF-16 unit, as the old regex
    ['?', '😀', false],
    ['??', '😀', true],
    ['*a*a*a*a*a*a*a*a*b', `${'a'.repeat(40)}b`, true],
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(40), false],
  ])('%j against %j: %s', (pattern, value, expected) => {
    expect(globMatch([pattern], value)).toBe(expected);
    expect(referenceRegExp(pattern).test(value)).toBe(expected); // the table itself agrees with the old semantics
  });

  it('agrees with the regex it replaced on 20,000 random short patterns and values', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('ab/*?.', 8);
      const value = pick('ab/.', 10);
      if (globMatch([pattern], value) !== referenceRegExp(pattern).test(value)) throw new Error(`differs on ${JSON.stringify(pattern)} / ${JSON.stringify(value)}`);
    }
  });

  it('matches any one of several patterns', () => {
    expect(globMatch(['refs/heads/main', 'refs/tags/*'], 'refs/tags/v1')).toBe(true);
    expect(globMatch(['refs/heads/main', 'refs/tags/*'], 'refs/heads/dev')).toBe(false);
    expect(globMatch([], 'x')).toBe(false);
  });

  it('counts wildcards as the matcher reads them', () => {
    expect(wildcardCount('refs/heads/main')).toBe(0);
    expect(wildcardCount('refs/**/v?.*')).toBe(3);
    expect(wildcardCount('***')).toBe(2);
  });

  /**
   * Issue 11 defect 6: the old regex took seconds on `*a*a*a*a*a*a*a*a*b` against 50 characters
   * (156 ms for 30 characters, 2.2 s for 40 on the dev VM). The ladder starts short so the old code
   * fails fast instead of hanging; each figure is the median of several runs (the machine is noisy).
   */
  it('issue 11 defect 6: *a*a*a*a*a*a*a*a*b against up to 1,000 characters takes under 10 ms (no backtracking)', () => {
    const pattern = '*a*a*a*a*a*a*a*a*b';
    for (const n of [30, 100, 1000]) {
      const subject = 'a'.repeat(n);
      const runs: number[] = [];
      for (let r = 0; r < 9; r++) {
        const start = performance.now();
        expect(globMatch([pattern], subject)).toBe(false);
        runs.push(performance.now() - start);
      }
      runs.sort((x, y) => x - y);
      expect(runs[4], `median of 9 runs on ${n} characters, ms`).toBeLessThan(10);
    }
    const start = performance.now();
    expect(globMatch([`${pattern}*`.repeat(16)], 'a'.repeat(16_000))).toBe(false); // 160 stars, a claim as long as an ID token can be
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
