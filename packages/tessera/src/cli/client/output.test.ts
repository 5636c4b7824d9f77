import { describe, expect, it } from 'vitest';
import { colorEnabled, createOutput, formatFields, formatTable, painter, redactTokens } from './output.js';

const ESC = String.fromCharCode(27);
const hasAnsi = (s: string) => s.includes(`${ESC}[`);
const stripAnsi = (s: string) => s.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('');

const sink = (isTTY: boolean) => {
  let text = '';
  return { stream: { isTTY, write: (s: string) => (text += s) }, text: () => text };
};

describe('colour', () => {
  it('only on a terminal, never with NO_COLOR or TERM=dumb', () => {
    expect(colorEnabled({ isTTY: true, write: () => true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false, write: () => true }, {})).toBe(false);
    expect(colorEnabled({ write: () => true }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true, write: () => true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true, write: () => true }, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({ isTTY: true, write: () => true }, { NO_COLOR: '' })).toBe(true); // the convention: present and non-empty
  });

  it('a terminal gets escapes, a pipe or NO_COLOR none', () => {
    for (const [tty, env, ansi] of [[true, {}, true], [false, {}, false], [true, { NO_COLOR: 'yes' }, false]] as const) {
      const out = sink(tty);
      const err = sink(tty);
      const o = createOutput({ stdout: out.stream, stderr: err.stream, env });
      o.table(['A', 'B'], [['1', '2']]);
      o.error('boom');
      expect(hasAnsi(out.text() + err.text())).toBe(ansi);
    }
  });
});

describe('tables', () => {
  it('aligns columns on visible width, the last column unpadded', () => {
    expect(formatTable(['ID', 'NAME', 'X'], [['a', 'long name', '1'], ['bbbb', 'n', '22']])).toBe('ID    NAME       X\na     long name  1\nbbbb  n          22\n');
    const coloured = formatTable(['ID', 'N'], [[painter(true).green('ab'), 'x']], painter(true));
    expect(hasAnsi(coloured)).toBe(true);
    expect(stripAnsi(coloured)).toBe('ID  N\nab  x\n');
  });

  it('an empty list says so on stderr, leaving stdout empty', () => {
    const out = sink(false);
    const err = sink(false);
    createOutput({ stdout: out.stream, stderr: err.stream, env: {} }).table(['A'], [], 'No tokens.');
    expect(out.text()).toBe('');
    expect(err.text()).toBe('No tokens.\n');
  });

  it('fields align labels and skip undefined values', () => {
    expect(formatFields([['Name', 'x'], ['Skipped', undefined], ['Kind', 'project']])).toBe('Name  x\nKind  project\n');
  });
});

describe('redaction', () => {
  it('cuts anything shaped like a whole token to its display prefix, in every message', () => {
    const token = 'tsrp_H0X702u7m3uUnwxbkRaCcoau1buX06r7fMFQd03p2AGdzI';
    expect(redactTokens(`bad: ${token}.`)).toBe('bad: tsrp_H0X702u7….');
    const err = sink(false);
    const o = createOutput({ stdout: sink(false).stream, stderr: err.stream, env: {} });
    o.error(`x ${token}`, [`hint ${token}`]);
    o.warn(token);
    o.info(token);
    expect(err.text()).not.toContain(token);
  });
});
