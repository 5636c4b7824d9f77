import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { OidcProvider, TrustPolicyRow } from '../db/schema.js';

/** Only this file touches oidc_trust_policies. Every function takes the executor to run on. */

export interface NewTrustPolicy {
  id: string;
  workspace_id: string;
  project_id: string | null;
  name: string;
  provider: OidcProvider;
  issuer: string;
  conditions: Record<string, unknown>;
  scopes: string[];
  lifetime_seconds: number;
  pinned_subject_id: string | null;
  pinned_owner_id: string | null;
  pinned_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

export function insertTrustPolicy(db: Db, p: NewTrustPolicy): Promise<TrustPolicyRow> {
  return db.insertInto('oidc_trust_policies').values({ ...p, conditions: JSON.stringify(p.conditions), updated_at: p.created_at }).returningAll().executeTakeFirstOrThrow();
}

export function findTrustPolicy(db: Db, id: string): Promise<TrustPolicyRow | undefined> {
  return db.selectFrom('oidc_trust_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A workspace's policies; with `projectId`, that project's and the workspace-wide ones that apply to it. */
export function listTrustPolicies(db: Db, workspaceId: string, projectId?: string): Promise<TrustPolicyRow[]> {
  let q = db.selectFrom('oidc_trust_policies').selectAll().where('workspace_id', '=', workspaceId);
  if (projectId) q = q.where((eb) => eb.or([eb('project_id', '=', projectId), eb('project_id', 'is', null)]));
  return q.orderBy('created_at').orderBy('id').execute();
}

/**
 * Candidates for an exchange: policies naming this issuer that are about this job's repository
 * (by name or pinned id; generic policies are matched on their subject later), optionally only
 * those that reach one project. Project policies first.
 */
export function policiesForIssuer(db: Db, issuer: string, job: { repository?: string | undefined; projectPath?: string | undefined; subjectId?: string | undefined }, target?: { projectId: string; workspaceId: string }): Promise<TrustPolicyRow[]> {
  let q = db.selectFrom('oidc_trust_policies').selectAll().where('issuer', '=', issuer);
  q = q.where((eb) => {
    const about = [eb('provider', '=', 'generic')];
    if (job.subjectId) about.push(eb('pinned_subject_id', '=', job.subjectId));
    if (job.repository) about.push(eb(sql<string>`lower(conditions->>'repository')`, '=', job.repository.toLowerCase()));
    if (job.projectPath) about.push(eb(sql<string>`lower(conditions->>'project_path')`, '=', job.projectPath.toLowerCase()));
    return eb.or(about);
  });
  if (target) {
    q = q.where('workspace_id', '=', target.workspaceId).where((eb) => eb.or([eb('project_id', '=', target.projectId), eb('project_id', 'is', null)]));
  }
  return q.orderBy(sql`project_id is null`).orderBy('created_at').orderBy('id').limit(200).execute();
}

export async function issuerIsNamed(db: Db, issuer: string): Promise<boolean> {
  const row = await db.selectFrom('oidc_trust_policies').select('id').where('issuer', '=', issuer).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function updateTrustPolicy(db: Db, id: string, fields: { name?: string; conditions?: Record<string, unknown>; scopes?: string[]; lifetime_seconds?: number; pinned_subject_id?: string | null; pinned_owner_id?: string | null; pinned_at?: Date | null }, at: Date): Promise<TrustPolicyRow> {
  const { conditions, ...rest } = fields;
  return db
    .updateTable('oidc_trust_policies')
    .set({ ...rest, ...(conditions ? { conditions: JSON.stringify(conditions) } : {}), updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Pins the ids unless another exchange pinned them first; returns the row as it now is. */
export async function pinIds(db: Db, id: string, subjectId: string, ownerId: string, at: Date): Promise<{ pinned: boolean; row: TrustPolicyRow }> {
  const updated = await db
    .updateTable('oidc_trust_policies')
    .set({ pinned_subject_id: subjectId, pinned_owner_id: ownerId, pinned_at: at, updated_at: at })
    .where('id', '=', id)
    .where('pinned_subject_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (updated) return { pinned: true, row: updated };
  return { pinned: false, row: (await findTrustPolicy(db, id))! };
}

export async function deleteTrustPolicy(db: Db, id: string): Promise<void> {
  await db.deleteFrom('oidc_trust_policies').where('id', '=', id).execute();
}
