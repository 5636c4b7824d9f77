/** Dates as people read them in a terminal: `2027-02-20 18:44 UTC (in 90 days)`. */
export function formatDate(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC (${relative(d.getTime() - now)})`;
}

/** Compact, for table cells: `in 90d`, `3h ago`, `never`. */
export function formatShortDate(iso: string | null | undefined, now = Date.now(), none = 'never'): string {
  if (!iso) return none;
  return relative(new Date(iso).getTime() - now, true);
}

function relative(ms: number, short = false): string {
  const abs = Math.abs(ms);
  const units: [number, string, string][] = [[86_400_000, 'd', 'day'], [3_600_000, 'h', 'hour'], [60_000, 'm', 'minute']];
  let text = short ? 'now' : 'just now';
  for (const [size, s, long] of units) {
    if (abs >= size) {
      const n = Math.round(abs / size);
      text = short ? `${n}${s}` : `${n} ${long}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  if (abs < 60_000) return text;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
