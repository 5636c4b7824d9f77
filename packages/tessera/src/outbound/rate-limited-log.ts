/**
 * A log writer that writes at most `perWindow` lines per window and counts the rest, so a flood
 * of failures someone else can trigger (anonymous OIDC exchanges) cannot fill the disk. The first
 * line of the next window says how many were left out (`suppressed`).
 */
export type LogLine = (obj: Record<string, unknown>, msg: string) => void;

export function rateLimitedLog(write: LogLine, opts: { perWindow: number; windowMs: number; now?: () => number }): LogLine {
  const now = opts.now ?? Date.now;
  let windowStart = -Infinity;
  let written = 0;
  let suppressed = 0;
  return (obj, msg) => {
    const t = now();
    if (t - windowStart >= opts.windowMs) {
      windowStart = t;
      written = 0;
      if (suppressed > 0) obj = { ...obj, suppressed };
      suppressed = 0;
    }
    if (written >= opts.perWindow) {
      suppressed++;
      return;
    }
    written++;
    write(obj, msg);
  };
}
