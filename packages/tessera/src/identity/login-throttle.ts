/**
 * Slows password guessing: failed sign-ins are counted per email and per client IP over a
 * window; past the limit, sign-in answers 429 with Retry-After until the window has passed, even
 * with the right password. A success clears its email's count. Counts live in this node's
 * memory, bounded in size (the oldest key is dropped first): behind a load balancer each node
 * counts on its own, so the effective limit is the per-node limit times the number of nodes.
 */
export interface LoginThrottle {
  /** Seconds until `email` from `ip` may try again, or 0 when it may now. */
  retryAfter(email: string, ip: string | null, now?: number): number;
  failed(email: string, ip: string | null, now?: number): void;
  succeeded(email: string): void;
}

export interface ThrottleLimits {
  windowMs: number;
  perEmail: number;
  perIp: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perEmail: 10, perIp: 50, maxKeys: 50_000 };

export function createLoginThrottle(limits: ThrottleLimits = DEFAULT_LOGIN_LIMITS): LoginThrottle {
  const counts = new Map<string, { n: number; since: number }>();
  const keys = (email: string, ip: string | null) => [[`e:${email.toLowerCase()}`, limits.perEmail], ...(ip ? [[`i:${ip}`, limits.perIp]] : [])] as [string, number][];
  const live = (key: string, now: number) => {
    const c = counts.get(key);
    if (c && now - c.since >= limits.windowMs) {
      counts.delete(key);
      return undefined;
    }
    return c;
  };
  return {
    retryAfter(email, ip, now = Date.now()) {
      let wait = 0;
      for (const [key, limit] of keys(email, ip)) {
        const c = live(key, now);
        if (c && c.n >= limit) wait = Math.max(wait, Math.ceil((c.since + limits.windowMs - now) / 1000));
      }
      return wait;
    },
    failed(email, ip, now = Date.now()) {
      for (const [key] of keys(email, ip)) {
        const c = live(key, now);
        if (c) c.n++;
        else {
          if (counts.size >= limits.maxKeys) counts.delete(counts.keys().next().value!);
          counts.set(key, { n: 1, since: now });
        }
      }
    },
    succeeded(email) {
      counts.delete(`e:${email.toLowerCase()}`);
    },
  };
}
