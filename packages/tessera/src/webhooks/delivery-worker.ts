import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import type { GuardedFetch } from '../outbound/guarded-fetch.js';
import { webhookHeaders } from './webhook-signature.js';
import { SECRET_PURPOSE } from './webhook-service.js';
import * as repo from './webhook-repository.js';

/**
 * The retry schedule (the Standard Webhooks / Svix one): the delay before attempt n+1 after
 * attempt n failed. Attempt 1 is immediate; after the 8th failure (about 27 h 35 m later) the
 * delivery is `failed` and can only be sent again by hand. Each delay is spread by ±20 % jitter
 * so that many failed deliveries do not all come back at once. A `Retry-After` the receiver sends
 * (seconds or an HTTP date; at most a day) replaces the delay of that attempt.
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
const JITTER = 0.2;
const MAX_RETRY_AFTER_SECONDS = 86400;

/** The delay after `attempts` failed attempts, in ms, or null when no attempt is left. `random` in [0, 1). */
export function retryDelayMs(attempts: number, random: number = Math.random()): number | null {
  const base = RETRY_DELAYS_SECONDS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * 1000 * (1 - JITTER + 2 * JITTER * random));
}

/** A Retry-After header as ms from `now`, or null (absent, unparseable, in the past). Capped at a day. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const v = header.trim();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now.getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(ms, MAX_RETRY_AFTER_SECONDS * 1000);
}

export interface DeliveryWorkerOptions {
  db: Db;
  keyring: PepperKeyring;
  fetch: GuardedFetch;
  clock?: Clock;
  /** How long a claimed delivery is this worker's before another may take it (must exceed the fetch deadline). */
  leaseMs?: number;
  /** Deliveries claimed per pass. */
  batchSize?: number;
  /** Pause between passes when the last found nothing to do. */
  pollMs?: number;
  onError?: (err: unknown) => void;
  /** Told after each attempt (metrics, tests). */
  onAttempt?: (a: { eventId: string; endpointId: string; status: number | null; outcome: 'delivered' | 'failed' | 'pending' }) => void;
  random?: () => number;
}

export interface DeliveryWorker {
  /** One pass: claims due deliveries and attempts each once. Resolves with how many were attempted. */
  runOnce(): Promise<number>;
  start(): void;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
  readonly holder: string;
}

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const clock = o.clock ?? systemClock;
  const leaseMs = o.leaseMs ?? 60_000;
  const batchSize = o.batchSize ?? 20;
  const pollMs = o.pollMs ?? 1000;
  const random = o.random ?? Math.random;
  const holder = `w_${randomBytes(8).toString('hex')}`;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => {
    timer = setTimeout(loop, ms);
    timer.unref();
  };
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  const secretsOf = (d: repo.ClaimedDelivery, now: Date): string[] => {
    const current = o.keyring.open(SECRET_PURPOSE, d.secret_pepper_id, Buffer.from(d.secret_sealed));
    const previous = d.previous_secret_sealed && d.previous_secret_pepper_id && d.previous_secret_expires_at && d.previous_secret_expires_at > now
      ? o.keyring.open(SECRET_PURPOSE, d.previous_secret_pepper_id, Buffer.from(d.previous_secret_sealed))
      : null;
    return [current, previous].filter((s): s is string => s !== null);
  };

  async function attempt(d: repo.ClaimedDelivery): Promise<void> {
    const started = clock.now();
    const t0 = clock.monotonicMs();
    const secrets = secretsOf(d, started);
    let statusCode: number | null = null;
    let error: string | null = null;
    let excerpt = '';
    let retryAfter: string | null = null;
    if (!secrets.length) error = 'secret_unreadable'; // sealed under a pepper no longer configured
    else {
      const headers = webhookHeaders(secrets, d.event_id, Math.floor(started.getTime() / 1000), d.payload);
      const r = await o.fetch.post(d.url, d.payload, headers);
      if (r.ok) {
        statusCode = r.answer.status;
        excerpt = r.answer.excerpt;
        retryAfter = r.answer.retryAfter;
      } else {
        statusCode = r.status ?? null;
        error = r.reason;
      }
    }
    const durationMs = Math.max(0, Math.round(clock.monotonicMs() - t0));
    const now = clock.now();
    let outcome: Parameters<typeof repo.finishAttempt>[1]['outcome'];
    if (statusCode !== null && statusCode >= 200 && statusCode < 300 && !error) outcome = { status: 'delivered', at: now };
    else if (statusCode === 410 && !error) {
      // Standard Webhooks: 410 Gone means "stop sending here".
      await repo.disableEndpoint(o.db, d.endpoint_id, now, 'the endpoint answered 410 Gone');
      outcome = { status: 'failed' };
    } else {
      const delay = retryAfterMs(retryAfter, now) ?? retryDelayMs(d.attempts, random());
      outcome = delay === null ? { status: 'failed' } : { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay) };
    }
    await repo.finishAttempt(o.db, { eventId: d.event_id, endpointId: d.endpoint_id, holder, attemptedAt: started, durationMs, statusCode, error, excerpt, outcome });
    o.onAttempt?.({ eventId: d.event_id, endpointId: d.endpoint_id, status: statusCode, outcome: outcome.status });
  }

  async function runOnce(): Promise<number> {
    const now = clock.now();
    const claimed = await repo.claimDue(o.db, { now, leaseUntil: new Date(now.getTime() + leaseMs), holder, limit: batchSize });
    await Promise.all(claimed.map((d) => attempt(d).catch((err: unknown) => o.onError?.(err))));
    return claimed.length;
  }

  const loop = () => {
    if (stopped) return;
    const pass = runOnce().catch((err: unknown) => {
      o.onError?.(err);
      return 0;
    });
    running = pass;
    void pass.then((n) => {
      if (!stopped) schedule(n >= batchSize ? 0 : pollMs);
    });
  };

  return {
    holder,
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
