import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { emitWebhookEvents } from '../webhooks/outbox.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import type { Invalidation } from '../validation-cache/invalidation.js';
import { tokenKey } from '../validation-cache/cache-keys.js';
import { parseToken } from './token-format.js';
import * as repo from './token-repository.js';

/** One reported match: the token as found, and where (GitHub's `url` and `source`: commit, issue, …). */
export interface LeakReport {
  token: string;
  type?: string | undefined;
  url?: string | undefined;
  source?: string | undefined;
}

/** GitHub's feedback for one match. */
export interface LeakFeedback {
  token_hash: string;
  token_type: string;
  label: 'true_positive' | 'false_positive';
}

export const MAX_MATCHES = 100;
const clip = (s: string | undefined, n: number) => (s === undefined ? null : s.slice(0, n));

/**
 * Leaked-token response. A reported match that is one of this instance's tokens (its keyed hash
 * verifies) is a true positive: a live one is revoked, or only flagged where its workspace's
 * `leak_response` is `flag` (canary tokens are always only flagged: they grant nothing and are
 * meant to be found); either way the report is audited with its url and source, and
 * `token.leaked` is emitted, all in one transaction. Anything else is a false positive, and
 * nothing is written.
 */
export function createLeakService(deps: { db: Db; keyring: PepperKeyring; brand: string; invalidation: Invalidation; clock?: Clock }) {
  const clock = deps.clock ?? systemClock;

  async function one(m: LeakReport, reporter: 'github_secret_scanning' | 'report_leak', ctx: AuditContext): Promise<LeakFeedback['label']> {
    const parsed = parseToken(m.token, deps.brand);
    if (!parsed || parsed.kind === 'session' || parsed.kind === 'verifier') return 'false_positive';
    return deps.db.transaction().execute(async (tx) => {
      const row = await repo.lockTokenById(tx, parsed.displayPrefix);
      if (!row || !deps.keyring.verify(m.token, row.pepper_id, Buffer.from(row.secret_hash))) return 'false_positive';
      const at = clock.now();
      const status = repo.tokenStatus(row, at);
      const ws = row.workspace_id ? await findWorkspace(tx, row.workspace_id) : undefined;
      const policy = row.canary ? 'flag' : ws?.leak_response ?? 'revoke';
      let response: 'revoked' | 'flagged' | 'already_inactive';
      const leakCtx: AuditContext = { ...ctx, actor: { type: 'system', id: null, label: reporter, userId: null } };
      if (status === 'revoked' || status === 'expired') response = 'already_inactive';
      else if (policy === 'revoke') {
        await repo.setRevocation(tx, row.id, at, reporter, 'leaked');
        await deps.invalidation.publish(tx, [tokenKey(row.public_id)]);
        await audit(tx, leakCtx, { workspaceId: row.workspace_id, action: 'token.revoked', target: { type: 'token', id: row.id, label: row.display_prefix }, details: { kind: row.kind, name: row.name, reason: 'leaked' } });
        response = 'revoked';
      } else response = 'flagged';
      await repo.setLeaked(tx, row.id, at);
      const where = { url: clip(m.url, 2000), source: clip(m.source, 100), reporter, response };
      await audit(tx, leakCtx, { workspaceId: row.workspace_id, action: 'token.leak_reported', target: { type: 'token', id: row.id, label: row.display_prefix }, details: where });
      if (row.workspace_id) {
        await emitWebhookEvents(tx, [{
          workspaceId: row.workspace_id, type: 'token.leaked',
          data: { workspace_id: row.workspace_id, subject: { type: 'token', id: row.id, label: row.display_prefix }, token: { kind: row.kind, name: row.name, canary: row.canary }, ...where },
        }], at);
      }
      return 'true_positive';
    });
  }

  return {
    /** Handles up to MAX_MATCHES matches (the rest are ignored), one transaction each; answers GitHub's feedback list. */
    async report(matches: readonly LeakReport[], reporter: 'github_secret_scanning' | 'report_leak', ctx: AuditContext): Promise<LeakFeedback[]> {
      const out: LeakFeedback[] = [];
      for (const m of matches.slice(0, MAX_MATCHES)) {
        const label = await one(m, reporter, ctx);
        out.push({ token_hash: createHash('sha256').update(m.token).digest('hex'), token_type: (m.type ?? 'tessera_token').slice(0, 100), label });
      }
      return out;
    },
  };
}

export type LeakService = ReturnType<typeof createLeakService>;
