import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { emitWebhookEvents } from './outbox.js';
import { recordNotices, takeLease, type NoticeRow } from './expiry-repository.js';

const DAY = 86_400_000;
/** How far back a first pass looks for tokens that expired (so enabling the feature does not replay years). */
const EXPIRED_LOOKBACK_MS = 7 * DAY;
const BATCH = 500;

/**
 * The expiry pass: `token.expiring` 7 days and 1 day before a token expires (once each; a token
 * that already has less than a day left gets only the 1-day one) and `token.expired` once it has,
 * for workspace, project and personal tokens of a workspace (not ci tokens, not revoked or
 * rotating ones). One node at a time: a pass runs only under the `expiry` lease. Each batch's
 * notices and events commit together, so a node dying mid-pass sends nothing twice and loses
 * nothing (the next pass finds what is left).
 */
export function createExpiryPass(o: { db: Db; clock?: Clock; intervalMs?: number; onError?: (err: unknown) => void }) {
  const clock = o.clock ?? systemClock;
  const intervalMs = o.intervalMs ?? 60_000;
  const holder = `x_${randomBytes(8).toString('hex')}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const event = (r: NoticeRow, type: 'token.expiring' | 'token.expired', threshold: string | null) => ({
    workspaceId: r.workspace_id, type,
    data: { workspace_id: r.workspace_id, subject: { type: 'token', id: r.id, label: r.display_prefix }, token: { kind: r.kind, name: r.name, expires_at: r.expires_at.toISOString() }, ...(threshold ? { threshold } : {}) },
  });

  async function batch(threshold: string, from: Date, to: Date, type: 'token.expiring' | 'token.expired', at: Date): Promise<number> {
    return o.db.transaction().execute(async (tx) => {
      const rows = await recordNotices(tx, threshold, from, to, at, BATCH);
      await emitWebhookEvents(tx, rows.map((r) => event(r, type, type === 'token.expiring' ? threshold : null)), at);
      return rows.length;
    });
  }

  /** One pass, if this node gets the lease. Resolves with the number of events emitted, or null when another node holds the lease. */
  async function runOnce(): Promise<number | null> {
    const now = clock.now();
    if (!(await takeLease(o.db, 'expiry', holder, now, new Date(now.getTime() + intervalMs)))) return null;
    const t = now.getTime();
    let total = 0;
    const drain = async (threshold: string, from: number, to: number, type: 'token.expiring' | 'token.expired') => {
      for (let n = BATCH; n === BATCH; total += n) n = await batch(threshold, new Date(from), new Date(to), type, now);
    };
    await drain('1d', t, t + DAY, 'token.expiring');
    await drain('7d', t + DAY, t + 7 * DAY, 'token.expiring');
    await drain('expired', t - EXPIRED_LOOKBACK_MS, t + 1, 'token.expired');
    return total;
  }

  return {
    holder,
    runOnce,
    start() {
      const tick = () => {
        running = runOnce().catch((err: unknown) => o.onError?.(err));
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export type ExpiryPass = ReturnType<typeof createExpiryPass>;
