import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableDateTime, storableText } from './storable-input.js';

describe('isStorableDateTime', () => {
  it.each([
    '2026-01-31T12:00:00Z', '2026-01-31t12:00:00z', '2026-01-31 12:00:00Z', '2024-02-29T00:00:00+02:00', '2026-01-31T12:00:00.123456789-05:30', '2026-01-31T12:00:00+0100',
    '0001-01-01T00:00:00Z', '0001-01-01T00:30:00-01:00', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59+01:00',
  ])('takes %s', (v) => expect(isStorableDateTime(v)).toBe(true));

  it.each([
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['year 0000 (PostgreSQL has none)', '0000-01-01T00:00:00Z'],
    ['year 0 once the offset is applied', '0001-01-01T00:00:00+01:00'],
    ['year 10000 once the offset is applied', '9999-12-31T23:59:59-01:00'],
    ['February 30', '2023-02-30T00:00:00Z'],
    ['February 29 of a common year', '2023-02-29T00:00:00Z'],
    ['an offset without minutes (JavaScript cannot parse it)', '2020-01-01T00:00:00+01'],
    ['no offset', '2020-01-01T00:00:00'],
    ['hour 24', '2020-01-01T24:00:00Z'],
    ['month 13', '2020-13-01T00:00:00Z'],
    ['an offset hour of 24', '2020-01-01T00:00:00+24:00'],
    ['an expanded year', '+010000-01-01T00:00:00Z'],
    ['a date alone', '2020-01-01'],
    ['a fraction of ten digits', '2020-01-01T00:00:00.1234567890Z'],
  ])('refuses %s: %s', (_why, v) => expect(isStorableDateTime(v)).toBe(false));
});

describe('findUnstorableText', () => {
  it('finds NUL and lone surrogates in values and keys, as a JSON pointer', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'y\u0000'] })).toBe('/b/1');
    expect(findUnstorableText({ a: { '\ud800': 1 } })).toBe('/a/\\ud800');
    expect(findUnstorableText('\udc00')).toBe('');
    expect(findUnstorableText({ 'a/b~': 'x\ud83d' })).toBe('/a~1b~0');
  });

  it('passes paired surrogates, other control characters and non-strings', () => {
    expect(findUnstorableText({ e: '😀', c: '\u0001\t', n: 1, b: true, z: null, l: ['é'] })).toBeNull();
  });

  it('walks a 100,000-deep nesting without overflowing the stack', () => {
    let v: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(findUnstorableText(v)).toMatch(/^(\/0)+$/);
  });
});

describe('storableText', () => {
  it('replaces NUL and lone surrogates with U+FFFD and leaves the rest', () => {
    expect(storableText('a\u0000b\ud800c😀')).toBe('a\ufffdb\ufffdc😀');
    expect(storableText('plain')).toBe('plain');
  });
});
