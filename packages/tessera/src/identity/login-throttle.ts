import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { clearAttempts, countAttempt, pruneAttempts, refundAttempt } from './login-attempt-repository.js';

/**
 * Slows password guessing. Every sign-in attempt is counted per email and per client address,
 * atomically and before the password is checked, in a fixed window that starts with the first
 * attempt; past either limit the attempt is refused (429 with Retry-After) without checking the
 * password, even the right one, until the window has passed. So however many attempts arrive at
 * once, at most `perEmail` passwords of one email are checked per window.
 *
 * The counts live in the database (table login_attempts): every node shares them, and a restart
 * keeps them.
 *
 * A correct password clears its email's count and gives its own attempt back to the address, so
 * on balance only failed and refused attempts count against an address: many people signing in
 * through one NAT or proxy do not use up its limit. (Only the succeeding attempt's own count is
 * given back, never an earlier failure's, so knowing one password does not buy more guesses.)
 */
export interface LoginThrottle {
  /** Counts one attempt; the caller checks the password only when it is allowed. */
  attempt(email: string, ip: string | null): Promise<AttemptVerdict>;
  /** After a correct password: clears the email's count, gives this attempt back to the address. */
  succeeded(email: string, ip: string | null, attempt: AllowedAttempt): Promise<void>;
}

export interface AllowedAttempt {
  allowed: true;
  /** When the attempt was counted. */
  at: Date;
}
export type AttemptVerdict = AllowedAttempt | { allowed: false; retryAfterSeconds: number };

export interface ThrottleLimits {
  windowMs: number;
  perEmail: number;
  perIp: number;
}

export const DEFAULT_LOGIN_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perEmail: 10, perIp: 50 };

export interface LoginThrottleDeps {
  db: Db;
  limits?: ThrottleLimits;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
  /** Rows whose window has passed are deleted at most this often, by the attempt that finds it due (default 1 minute). */
  pruneIntervalMs?: number;
  /** A failed prune (it runs in the background). */
  onError?: (err: unknown) => void;
}

const emailKey = (email: string) => `e:${email.toLowerCase()}`;
const ipKey = (ip: string) => `i:${ip}`;

export function createLoginThrottle(deps: LoginThrottleDeps): LoginThrottle {
  const { db } = deps;
  const limits = deps.limits ?? DEFAULT_LOGIN_LIMITS;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const pruneIntervalMs = deps.pruneIntervalMs ?? 60_000;
  let lastPrune = Number.NEGATIVE_INFINITY;

  function maybePrune(at: Date) {
    if (at.getTime() - lastPrune < pruneIntervalMs) return;
    lastPrune = at.getTime();
    pruneAttempts(db, new Date(at.getTime() - limits.windowMs)).catch((err: unknown) => deps.onError?.(err));
  }

  return {
    async attempt(email, ip) {
      const at = now();
      maybePrune(at);
      const keys = { email: emailKey(email), ip: ip ? ipKey(ip) : null };
      const counts = await countAttempt(db, { emailKey: keys.email, ipKey: keys.ip, ipLimit: limits.perIp, now: at, windowPassedAt: new Date(at.getTime() - limits.windowMs) });
      let wait = 0;
      for (const c of counts) {
        const limit = c.key === keys.email ? limits.perEmail : limits.perIp;
        if (c.attempts <= limit) continue;
        const left = Math.ceil((c.windowStartedAt.getTime() + limits.windowMs - at.getTime()) / 1000);
        wait = Math.max(wait, Math.min(Math.max(left, 1), Math.ceil(limits.windowMs / 1000)));
      }
      return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true, at };
    },

    async succeeded(email, ip, attempt) {
      await clearAttempts(db, emailKey(email));
      if (ip) await refundAttempt(db, ipKey(ip), attempt.at);
    },
  };
}
