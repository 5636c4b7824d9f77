import type { Db } from '../db/database.js';
import { recordUsage, type UsageEntry } from './token-repository.js';

/**
 * Last-used time and IP, kept in memory and written in one statement per interval: validation
 * never writes to the database. `flush()` runs on graceful shutdown so a clean stop loses nothing.
 */
export interface UsageRecorder {
  record(tokenId: string, ip: string | null, at?: Date): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  pending(): number;
}

export function createUsageRecorder(db: Db, intervalMs: number, onError: (err: unknown) => void): UsageRecorder {
  let batch = new Map<string, UsageEntry>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (!batch.size) return;
      const entries = [...batch.values()];
      batch = new Map();
      try {
        await recordUsage(db, entries);
      } catch (err) {
        // Put the entries back (unless newer ones arrived) so the next flush retries them.
        for (const e of entries) if (!batch.has(e.tokenId)) batch.set(e.tokenId, e);
        onError(err);
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record(tokenId, ip, at = new Date()) {
      batch.set(tokenId, { tokenId, at, ip });
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    pending: () => batch.size,
  };
}
