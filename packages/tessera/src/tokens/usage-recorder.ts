import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { recordUsage } from './token-repository.js';

/**
 * Last-used time and IP, kept in memory and written in one statement per interval: validation
 * never writes to the database. `flush()` runs on graceful shutdown so a clean stop loses nothing.
 */
export interface UsageRecorder {
  /** `at`: a Date or epoch milliseconds (default now). Costs one map write: it is on every validation. */
  record(tokenId: string, ip: string | null, at?: Date | number): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  pending(): number;
}

/** Rows per UPDATE: 3 parameters each, well under PostgreSQL's 65,535 per statement. */
const STATEMENT_ROWS = 1000;

interface Pending {
  atMs: number;
  ip: string | null;
}

/** `write`: the statement that stores a batch (default: api_tokens' last-used columns; verifier credentials pass their own). */
export function createUsageRecorder(db: Db, intervalMs: number, onError: (err: unknown) => void, clock: Clock = systemClock, write: typeof recordUsage = recordUsage): UsageRecorder {
  let batch = new Map<string, Pending>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (!batch.size) return;
      const taken = batch;
      batch = new Map();
      const entries = [...taken];
      for (let i = 0; i < entries.length; i += STATEMENT_ROWS) {
        const chunk = entries.slice(i, i + STATEMENT_ROWS);
        try {
          await write(db, chunk.map(([tokenId, p]) => ({ tokenId, at: new Date(p.atMs), ip: p.ip })));
        } catch (err) {
          // Put the entries back (unless newer ones arrived) so the next flush retries them.
          for (const [tokenId, p] of entries.slice(i)) if (!batch.has(tokenId)) batch.set(tokenId, p);
          onError(err);
          return;
        }
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record(tokenId, ip, at = clock.nowMs()) {
      const atMs = typeof at === 'number' ? at : at.getTime();
      const p = batch.get(tokenId);
      if (!p) batch.set(tokenId, { atMs, ip });
      else if (atMs >= p.atMs) {
        // Updated in place: a busy token costs no allocation per validation.
        p.atMs = atMs;
        p.ip = ip;
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    pending: () => batch.size,
  };
}
