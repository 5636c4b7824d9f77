import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';

/** Only this file touches the invitations table. Every function takes the executor to run on. */

export interface InvitationRow {
  id: string;
  workspace_id: string;
  user_id: string;
  role: Role;
  expires_at: Date;
  accepted_at: Date | null;
}

export async function insertInvitation(db: Db, i: { id: string; workspace_id: string; user_id: string; role: Role; pepper_id: string; code_hash: Buffer; created_by: string; expires_at: Date }): Promise<void> {
  await db.insertInto('invitations').values(i).execute();
}

/** By the keyed hash of its code under any configured pepper; `lock` holds the row for the accepting transaction. */
export function findInvitationByHash(db: Db, codeHashes: Buffer[], opts: { lock?: boolean } = {}): Promise<InvitationRow | undefined> {
  const q = db.selectFrom('invitations').select(['id', 'workspace_id', 'user_id', 'role', 'expires_at', 'accepted_at']).where('code_hash', 'in', codeHashes);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function markInvitationAccepted(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('invitations').set({ accepted_at: at }).where('id', '=', id).execute();
}

/** Drops the not yet accepted invitations of a user to a workspace (the member was removed). */
export async function deletePendingInvitations(db: Db, workspaceId: string, userId: string): Promise<number> {
  const r = await db.deleteFrom('invitations').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('accepted_at', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows);
}
