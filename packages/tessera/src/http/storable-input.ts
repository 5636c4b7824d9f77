/**
 * What the database can store, checked where requests are validated, so no route can forget it:
 * a `date-time` PostgreSQL and JavaScript both hold exactly, and text without the characters
 * PostgreSQL refuses (NUL) or that are not Unicode at all (a lone UTF-16 surrogate).
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):?(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** The instants a `date-time` may name: years 0001 to 9999 in UTC (PostgreSQL refuses year 0; JavaScript's Date and the ISO form end at 9999). */
export const EARLIEST_DATE_TIME = new Date('0001-01-01T00:00:00Z').getTime();
export const LATEST_DATE_TIME = new Date('9999-12-31T23:59:59.999Z').getTime();

/**
 * RFC 3339 date-time (`2026-01-31T12:00:00Z`, `…+02:00`, fraction optional) that names a real
 * calendar date (no February 30), no leap second (`:60`, which JavaScript cannot represent), a
 * full offset (`+01:00` or `+0100`; `+01` is refused, JavaScript cannot parse it), and an instant in
 * years 0001–9999 UTC. JavaScript's own parser must read it
 * as the same instant, so every service's `new Date(value)` is exact.
 */
export function isStorableDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && at >= EARLIEST_DATE_TIME && at <= LATEST_DATE_TIME;
}

/** ES2024's String.prototype.isWellFormed (Node 20+), which this project's TypeScript lib does not declare yet. */
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

/** True when `s` holds a NUL character or a UTF-16 surrogate that is not half of a pair. */
export const isUnstorableText = (s: string): boolean => s.includes('\u0000') || !(s as WellFormed).isWellFormed();

/** `s` with NUL and lone surrogates replaced by U+FFFD: for text the server records but does not validate (a User-Agent header). */
export const storableText = (s: string): string => (isUnstorableText(s) ? (s.replaceAll('\u0000', '\ufffd') as WellFormed).toWellFormed() : s);

/**
 * The first string (value or object key) in `data` PostgreSQL cannot store, as a JSON pointer
 * (`/labels/a`), or null. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(data: unknown): string | null {
  const stack: [unknown, string][] = [[data, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnstorableText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const p = `${path}/${pointerEscape(k)}`;
        if (isUnstorableText(k)) return p;
        stack.push([(v as Record<string, unknown>)[k], p]);
      }
    }
  }
  return null;
}

/** A key as printed in a JSON pointer; an unstorable one JSON-escaped (`a\u0000b`), so the error message itself is clean text. */
function pointerEscape(key: string): string {
  const shown = isUnstorableText(key) ? JSON.stringify(key).slice(1, -1) : key;
  return shown.replace(/~/g, '~0').replace(/\//g, '~1');
}
