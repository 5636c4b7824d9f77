import { CliError } from './client/exit-codes.js';

/**
 * Parsing of the flag values people type: expiries (90d, 2026-12-31, never), durations (24h),
 * comma lists. A bad value is a usage error naming the flag and what it accepts.
 */
export type ExpiryFields = { expires_in_days: number } | { expires_at: string | null };

/** `90d` (any number of days), a date (`2026-12-31`: the end of that day, UTC), a date-time, or `never`. */
export function parseExpiry(value: string, now = new Date()): ExpiryFields {
  const v = value.trim().toLowerCase();
  if (v === 'never' || v === 'none') return { expires_at: null };
  const days = /^(\d+)\s*d(ays?)?$/.exec(v);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > 3650) throw new CliError(`--expires: ${value}: between 1d and 3650d`);
    return { expires_in_days: n };
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const at = date ? new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), 23, 59, 59)) : new Date(value);
  if (Number.isNaN(at.getTime()) || (date && at.getUTCDate() !== Number(date[3]))) {
    throw new CliError(`--expires: "${value}" is not 7d, 30d, 90d (any number of days), a date (2026-12-31), a date-time or never`);
  }
  if (at.getTime() <= now.getTime()) throw new CliError(`--expires: ${value} is in the past`);
  return { expires_at: at.toISOString() };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `0`, `90s`, `30m`, `24h`, `7d`, or combinations like `1h30m`, in seconds. */
export function parseDuration(value: string, flag: string): number {
  const v = value.trim().toLowerCase();
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^(\d+[smhd])+$/.test(v)) throw new CliError(`${flag}: "${value}" is not a duration like 30m, 24h or 7d`);
  let seconds = 0;
  for (const [, n, unit] of v.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNIT_SECONDS[unit!]!;
  return seconds;
}

/**
 * A point in the past for `--since`: a date (`2026-11-01`: the start of that day, UTC), a
 * date-time (`2026-11-01T09:00:00Z`), or an age (`7d`, `24h`, `1h30m`: that long before now).
 */
export function parseSince(value: string, flag: string, now = new Date()): string {
  const v = value.trim();
  if (/^(\d+[smhd])+$/i.test(v)) return new Date(now.getTime() - parseDuration(v, flag) * 1000).toISOString();
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const at = date ? new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(at.getTime()) || (date && at.toISOString().slice(0, 10) !== v)) {
    throw new CliError(`${flag}: "${value}" is not a date (2026-11-01), a date-time (2026-11-01T09:00:00Z) or an age (7d, 24h, 30m)`);
  }
  return at.toISOString();
}

export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}
