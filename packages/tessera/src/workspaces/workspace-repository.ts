import type { Db } from '../db/database.js';
import type { Role, WorkspaceRow } from '../db/schema.js';

export function insertWorkspace(db: Db, w: { id: string; slug: string; name: string }): Promise<WorkspaceRow> {
  return db.insertInto('workspaces').values(w).returningAll().executeTakeFirstOrThrow();
}

/** By id (`wsp_…`) or slug. */
export function findWorkspace(db: Db, ref: string): Promise<WorkspaceRow | undefined> {
  const column = ref.startsWith('wsp_') ? 'id' : 'slug';
  return db.selectFrom('workspaces').selectAll().where(column, '=', ref).executeTakeFirst();
}

export function lockWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type WorkspacePatch = Partial<Pick<WorkspaceRow, 'name' | 'slug' | 'max_token_lifetime_days' | 'default_token_lifetime_days' | 'allow_non_expiring_tokens' | 'token_limit' | 'leak_response'>>;

export function updateWorkspace(db: Db, id: string, patch: WorkspacePatch): Promise<WorkspaceRow> {
  return db.updateTable('workspaces').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteWorkspace(db: Db, id: string): Promise<void> {
  await db.deleteFrom('workspaces').where('id', '=', id).execute();
}

export function listWorkspacesOfUser(db: Db, userId: string): Promise<(WorkspaceRow & { role: Role })[]> {
  return db
    .selectFrom('workspaces as w')
    .innerJoin('memberships as m', 'm.workspace_id', 'w.id')
    .selectAll('w')
    .select('m.role')
    .where('m.user_id', '=', userId)
    .orderBy('w.created_at')
    .execute();
}
