import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { audit } from '../audit/audit-context.js';
import type { CanaryUse } from './validation-service.js';

/**
 * Reports uses of canary tokens: a `token.canary_triggered` audit event (with the IP, user agent
 * and route), which is also a webhook event written on the same transaction. Off the validation
 * path (the answer never waits for it), and bounded: per token and caller IP at most one report
 * per `windowMs` (the rest are counted into the next one), at most `maxKeys` remembered.
 */
export function createCanaryRecorder(o: { db: Db; clock?: Clock; windowMs?: number; maxKeys?: number; onError: (err: unknown) => void }) {
  const clock = o.clock ?? systemClock;
  const windowMs = o.windowMs ?? 60_000;
  const maxKeys = o.maxKeys ?? 1000;
  const last = new Map<string, { at: number; suppressed: number }>();
  let pending: Promise<unknown> = Promise.resolve();

  return {
    record(use: CanaryUse): void {
      const key = `${use.tokenId}|${use.ip ?? ''}`;
      const now = clock.nowMs();
      const seen = last.get(key);
      if (seen && now - seen.at < windowMs) {
        seen.suppressed++;
        return;
      }
      if (!seen && last.size >= maxKeys) last.delete(last.keys().next().value!);
      const suppressed = seen?.suppressed ?? 0;
      last.set(key, { at: now, suppressed: 0 });
      const write = o.db.transaction().execute((tx) => audit(tx, { actor: { type: 'anonymous', id: null, label: use.displayPrefix, userId: null }, ip: use.ip, userAgent: use.userAgent ? use.userAgent.slice(0, 512) : null }, {
        workspaceId: use.workspaceId, action: 'token.canary_triggered', target: { type: 'token', id: use.tokenId, label: use.displayPrefix },
        details: { kind: use.kind, ip: use.ip, user_agent: use.userAgent ? use.userAgent.slice(0, 512) : null, route: use.route ? use.route.slice(0, 300) : null, ...(suppressed ? { uses_since_last_report: suppressed } : {}) },
      })).catch(o.onError);
      pending = Promise.all([pending, write]);
    },
    /** Waits for the reports in flight (tests, shutdown). */
    flush: () => pending,
  };
}

export type CanaryRecorder = ReturnType<typeof createCanaryRecorder>;
