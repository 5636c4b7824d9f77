import type { Db } from '../db/database.js';

export interface SessionAuthRow {
  id: string;
  user_id: string;
  pepper_id: string;
  secret_hash: Uint8Array;
  expires_at: Date;
  revoked_at: Date | null;
  email: string | null;
  name: string;
  kind: 'human' | 'service';
  disabled_at: Date | null;
}

export async function insertSession(db: Db, s: { id: string; public_id: string; user_id: string; pepper_id: string; secret_hash: Buffer; expires_at: Date; ip: string | null; user_agent: string | null }): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export function findSessionForAuth(db: Db, publicId: string): Promise<SessionAuthRow | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.pepper_id', 's.secret_hash', 's.expires_at', 's.revoked_at', 'u.email', 'u.name', 'u.kind', 'u.disabled_at'])
    .where('s.public_id', '=', publicId)
    .executeTakeFirst();
}

export async function revokeSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
