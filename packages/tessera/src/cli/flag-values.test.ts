import { describe, expect, it } from 'vitest';
import { oneOf, parseDuration, parseExpiry, parseList, parseSince } from './flag-values.js';

const now = new Date('2026-06-01T12:00:00Z');

describe('--expires', () => {
  it('days, a date (end of that day, UTC), a date-time, never', () => {
    expect(parseExpiry('90d', now)).toEqual({ expires_in_days: 90 });
    expect(parseExpiry('7D', now)).toEqual({ expires_in_days: 7 });
    expect(parseExpiry('2026-12-31', now)).toEqual({ expires_at: '2026-12-31T23:59:59.000Z' });
    expect(parseExpiry('2026-07-01T08:00:00Z', now)).toEqual({ expires_at: '2026-07-01T08:00:00.000Z' });
    expect(parseExpiry('never', now)).toEqual({ expires_at: null });
  });

  it('refuses the past, impossible dates and anything else, naming the flag', () => {
    expect(() => parseExpiry('2020-01-01', now)).toThrow('--expires: 2020-01-01 is in the past');
    expect(() => parseExpiry('2026-02-30', now)).toThrow(/--expires: "2026-02-30" is not/);
    expect(() => parseExpiry('0d', now)).toThrow(/between 1d and 3650d/);
    expect(() => parseExpiry('soon', now)).toThrow(/--expires: "soon" is not 7d, 30d, 90d/);
  });
});

describe('durations and lists', () => {
  it('parses 24h, 30m, 1h30m, 7d and plain seconds', () => {
    expect(parseDuration('24h', '--grace')).toBe(86400);
    expect(parseDuration('30m', '--grace')).toBe(1800);
    expect(parseDuration('1h30m', '--grace')).toBe(5400);
    expect(parseDuration('7d', '--grace')).toBe(604800);
    expect(parseDuration('0', '--grace')).toBe(0);
    expect(() => parseDuration('a day', '--grace')).toThrow('--grace: "a day" is not a duration');
  });

  it('comma lists and choices (slugs: workspaces/slugify.test.ts)', () => {
    expect(parseList('upload, read,,')).toEqual(['upload', 'read']);
    expect(oneOf('project', ['workspace', 'project'] as const, '--kind')).toBe('project');
    expect(() => oneOf('org', ['workspace', 'project'] as const, '--kind')).toThrow('--kind: "org" is not one of workspace, project');
  });
});

describe('--since (issue 16: docs/cli.md promised a DATE, only a date-time worked)', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('takes a date (start of that day, UTC), a date-time, or an age', () => {
    expect(parseSince('2026-11-01', '--since', now)).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T09:30:00Z', '--since', now)).toBe('2026-11-01T09:30:00.000Z');
    expect(parseSince('2026-11-01T09:30:00+02:00', '--since', now)).toBe('2026-11-01T07:30:00.000Z');
    expect(parseSince('7d', '--since', now)).toBe('2026-11-23T12:00:00.000Z');
    expect(parseSince('1h30m', '--since', now)).toBe('2026-11-30T10:30:00.000Z');
  });
  it('refuses anything else with a usage error naming the accepted forms', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '11/01/2026', '', '12']) {
      expect(() => parseSince(bad, '--since', now)).toThrow(/--since: ".*" is not a date \(2026-11-01\), a date-time .* or an age/);
    }
  });
});
