import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Only this file touches scheduler_leases and token_expiry_notices. */

/**
 * Takes (or renews) the named lease until `until` for `holder`, unless another holder's lease is
 * still running. True when `holder` now holds it: one node at a time runs the pass it guards.
 */
export async function takeLease(db: Db, name: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const r = await sql<{ holder: string }>`
    insert into scheduler_leases (name, holder, lease_until) values (${name}, ${holder}, ${until})
    on conflict (name) do update set holder = excluded.holder, lease_until = excluded.lease_until
    where scheduler_leases.lease_until <= ${now} or scheduler_leases.holder = ${holder}
    returning holder
  `.execute(db);
  return r.rows.length === 1;
}

export interface NoticeRow {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  display_prefix: string;
  expires_at: Date;
}

/**
 * Records `threshold` for up to `limit` workspace tokens (ci tokens aside: they live minutes) that
 * are not revoked or rotating, whose expiry falls in [from, to), and that have not had this notice
 * yet; returns them. The notice row is the once-only guarantee (primary key token × threshold).
 */
export async function recordNotices(db: Db, threshold: string, from: Date, to: Date, at: Date, limit: number): Promise<NoticeRow[]> {
  const r = await sql<NoticeRow>`
    with due as (
      select t.id from api_tokens t
      where t.workspace_id is not null and t.kind <> 'ci' and t.revoked_at is null
        and t.expires_at >= ${from} and t.expires_at < ${to}
        and not exists (select 1 from token_expiry_notices n where n.token_id = t.id and n.threshold = ${threshold})
      order by t.expires_at
      limit ${limit}
    ), ins as (
      insert into token_expiry_notices (token_id, threshold, sent_at) select id, ${threshold}, ${at} from due
      on conflict do nothing
      returning token_id
    )
    select t.id, t.workspace_id, t.kind, t.name, t.display_prefix, t.expires_at from api_tokens t join ins on ins.token_id = t.id
  `.execute(db);
  return r.rows.map((row) => ({ ...row, expires_at: new Date(row.expires_at) }));
}
