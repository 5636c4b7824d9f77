import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';

export async function insertMembership(db: Db, m: { workspace_id: string; user_id: string; role: Role }): Promise<void> {
  await db.insertInto('memberships').values(m).execute();
}

export async function findRole(db: Db, workspaceId: string, userId: string): Promise<Role | undefined> {
  const row = await db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

export function listMembers(db: Db, workspaceId: string, kind?: 'human' | 'service') {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.kind', 'm.role', 'm.created_at', 'u.password_hash'])
    .where('m.workspace_id', '=', workspaceId);
  if (kind) q = q.where('u.kind', '=', kind);
  return q.orderBy('m.created_at').orderBy('u.id').execute();
}

export async function updateRole(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function countOwners(db: Db, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', workspaceId).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return Number(r.n);
}
