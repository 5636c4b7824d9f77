import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';

/** Only this file touches the memberships table. Every function takes the executor to run on. */

export interface MemberRow {
  user_id: string;
  email: string | null;
  name: string;
  kind: 'human' | 'service';
  role: Role;
  created_at: Date;
  /** A human who was invited and has not set a password yet. */
  pending: boolean;
}

export async function insertMembership(db: Db, m: { workspace_id: string; user_id: string; role: Role }): Promise<void> {
  await db.insertInto('memberships').values(m).execute();
}

export async function findRole(db: Db, workspaceId: string, userId: string): Promise<Role | undefined> {
  const row = await db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

/** Every workspace a user is a member of, with their role there (an unrestricted personal token's reach). */
export function listUserRoles(db: Db, userId: string): Promise<{ workspace_id: string; role: Role }[]> {
  return db.selectFrom('memberships').select(['workspace_id', 'role']).where('user_id', '=', userId).orderBy('workspace_id').execute();
}

function members(db: Db, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    // Never the password hash itself: only whether the member still has to accept an invitation.
    .select(['u.id as user_id', 'u.email', 'u.name', 'u.kind', 'm.role', 'm.created_at', sql<boolean>`(u.kind = 'human' and u.password_hash is null)`.as('pending')])
    .where('m.workspace_id', '=', workspaceId);
}

export function listMembers(db: Db, workspaceId: string, kind?: 'human' | 'service'): Promise<MemberRow[]> {
  let q = members(db, workspaceId);
  if (kind) q = q.where('u.kind', '=', kind);
  return q.orderBy('m.created_at').orderBy('u.id').execute();
}

export function findMember(db: Db, workspaceId: string, userId: string): Promise<MemberRow | undefined> {
  return members(db, workspaceId).where('m.user_id', '=', userId).executeTakeFirst();
}

export async function updateRole(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/**
 * Owners who can act as owners: humans with a password who are not disabled, optionally leaving
 * one user out. Service accounts and invitees who never signed in do not count, so the workspace
 * can never be left with only them.
 */
export async function countOwners(db: Db, workspaceId: string, exceptUserId?: string): Promise<number> {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', '=', 'owner')
    .where('u.kind', '=', 'human')
    .where('u.password_hash', 'is not', null)
    .where('u.disabled_at', 'is', null);
  if (exceptUserId) q = q.where('u.id', '!=', exceptUserId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}
