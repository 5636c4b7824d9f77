import { describe, expect, it } from 'vitest';
import { slugify } from './slugify.js';
import { ProjectSlug, Slug } from '../http/common-schemas.js';

describe('slugify: the one slug proposal of the CLI and the console', () => {
  it('drops accents rather than the accented letter: "café" is cafe (the console used to make it caf)', () => {
    expect(slugify('café')).toBe('cafe');
    expect(slugify('Crème Brûlée')).toBe('creme-brulee');
    expect(slugify('café', 'project')).toBe('cafe');
  });

  it('makes every other run of characters one hyphen, with none at the ends', () => {
    expect(slugify('Web app')).toBe('web-app');
    expect(slugify('  Café & Co.  ')).toBe('cafe-co');
    expect(slugify('--ACME  Inc--')).toBe('acme-inc');
  });

  it('keeps dots and underscores in a project slug only', () => {
    expect(slugify('my_lib.js')).toBe('my-lib-js');
    expect(slugify('my_lib.js', 'project')).toBe('my_lib.js');
    expect(slugify('.hidden_', 'project')).toBe('hidden');
  });

  it('cuts to the slug length without leaving a hyphen at the end, and proposes only valid slugs', () => {
    const long = `${'a'.repeat(38)} b`;
    expect(slugify(long)).toBe('a'.repeat(38));
    const wsPattern = new RegExp(String((Slug as unknown as { pattern: string }).pattern));
    const projectPattern = new RegExp(String((ProjectSlug as unknown as { pattern: string }).pattern));
    for (const name of ['Web app', 'café', 'Ünïcödé — name!', long, 'x'.repeat(200), 'a.b_c']) {
      expect(slugify(name)).toMatch(wsPattern);
      expect(slugify(name, 'project')).toMatch(projectPattern);
    }
  });
});
