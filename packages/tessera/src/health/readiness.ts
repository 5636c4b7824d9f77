import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { pingDatabase } from './health-repository.js';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { database: CheckResult; listener: CheckResult };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/**
 * Ready = the database answers `select 1` within `timeoutMs`, and the invalidation listener is
 * connected (without it this node's cache is bypassed: it still answers correctly, but every
 * validation reads the database, so a load balancer should prefer other nodes).
 */
export function createReadiness(deps: { db: Db; invalidation: Invalidation; timeoutMs: number; clock?: Pick<Clock, 'monotonicMs'> }): Readiness {
  const clock = deps.clock ?? systemClock;
  async function database(): Promise<CheckResult> {
    const started = clock.monotonicMs();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        pingDatabase(deps.db),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${deps.timeoutMs} ms`)), deps.timeoutMs);
        }),
      ]);
      return { ok: true, detail: `answered in ${Math.round(clock.monotonicMs() - started)} ms` };
    } catch (err) {
      // The reason, never connection details: this is a public endpoint.
      return { ok: false, detail: err instanceof Error && err.message.startsWith('no answer') ? err.message : 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }

  function listener(): CheckResult {
    const s = deps.invalidation.state();
    if (s.status === 'connected') return { ok: true, detail: 'connected' };
    if (s.status === 'disabled') return { ok: true, detail: 'not needed: the token cache is off' };
    return { ok: false, detail: `${s.status}: token cache bypassed until it reconnects` };
  }

  return {
    async check() {
      const checks = { database: await database(), listener: listener() };
      return { ready: checks.database.ok && checks.listener.ok, checks };
    },
  };
}
