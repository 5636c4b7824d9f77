import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { insertAuditEvents, type AuditEventInput } from './audit-repository.js';
import { webhookEventsOf } from './audit-context.js';
import { emitWebhookEvents } from '../webhooks/outbox.js';

/**
 * Denied authentications go to the audit trail aggregated: one `auth.denied` event per
 * (reason, ip, token) per window with a count, and at most `maxKeys` distinct events per window.
 * A flood of bad tokens therefore costs at most maxKeys+1 rows per window, however many requests.
 *
 * A write that fails (the database is down) is not lost: its events are merged back and written
 * with the next window's. Memory stays bounded by maxKeys: what does not fit is counted in the
 * overflow event, whose count is kept too.
 */
export interface Denial {
  reason: string;
  ip: string | null;
  tokenId?: string | null;
  displayPrefix?: string | null;
  workspaceId?: string | null;
  /** Further facts kept with the event (and part of what makes two denials the same), e.g. an OIDC issuer. */
  details?: Record<string, string>;
}

export interface DenialRecorder {
  record(d: Denial): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

interface Bucket extends Denial {
  count: number;
  first: Date;
  last: Date;
}

export function createDenialRecorder(db: Db, opts: { windowMs: number; maxKeys: number; onError: (e: unknown) => void; action?: string; clock?: Clock }): DenialRecorder {
  const clock = opts.clock ?? systemClock;
  const action = opts.action ?? 'auth.denied';
  let buckets = new Map<string, Bucket>();
  let dropped = 0;
  let flushing: Promise<void> = Promise.resolve();
  /** Failed buckets back into the current window: counts added, first/last widened; beyond maxKeys, into the overflow count. */
  const putBack = (failed: Map<string, Bucket>, failedDropped: number) => {
    dropped += failedDropped;
    for (const [key, b] of failed) {
      const now = buckets.get(key);
      if (now) {
        now.count += b.count;
        if (b.first < now.first) now.first = b.first;
        if (b.last > now.last) now.last = b.last;
      } else if (buckets.size < opts.maxKeys) buckets.set(key, b);
      else dropped += b.count;
    }
  };
  const flush = () => {
    flushing = flushing.then(async () => {
      if (!buckets.size && !dropped) return;
      const events: AuditEventInput[] = [...buckets.values()].map((b) => ({
        workspaceId: b.workspaceId ?? null,
        actorType: 'anonymous',
        actorId: null,
        actorLabel: b.displayPrefix ?? null,
        action,
        targetType: b.tokenId ? 'token' : null,
        targetId: b.tokenId ?? null,
        targetLabel: b.displayPrefix ?? null,
        ip: b.ip,
        details: { reason: b.reason, ...b.details, count: b.count, first_at: b.first.toISOString(), last_at: b.last.toISOString() },
      }));
      if (dropped) {
        events.push({ workspaceId: null, actorType: 'system', actorId: null, actorLabel: 'tessera', action: `${action}.overflow`, details: { count: dropped } });
      }
      const taken = buckets;
      const takenDropped = dropped;
      buckets = new Map();
      dropped = 0;
      try {
        // Denials that are webhook events (oidc.exchange_denied, one per aggregated event) commit with them.
        const hooks = webhookEventsOf(events);
        if (hooks.length) {
          await db.transaction().execute(async (tx) => {
            await insertAuditEvents(tx, events);
            await emitWebhookEvents(tx, hooks, clock.now());
          });
        } else await insertAuditEvents(db, events);
      } catch (err) {
        putBack(taken, takenDropped);
        opts.onError(err);
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), opts.windowMs);
  timer.unref();
  return {
    record(d) {
      const key = `${d.reason}|${d.ip ?? ''}|${d.tokenId ?? ''}|${d.details ? JSON.stringify(d.details) : ''}`;
      const now = clock.now();
      const b = buckets.get(key);
      if (b) {
        b.count++;
        b.last = now;
      } else if (buckets.size < opts.maxKeys) {
        buckets.set(key, { ...d, count: 1, first: now, last: now });
      } else {
        dropped++;
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
