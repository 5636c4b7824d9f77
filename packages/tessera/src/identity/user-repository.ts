import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';

export function countUsers(db: Db): Promise<number> {
  return db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(db: Db, user: { id: string; email: string | null; name: string; kind: 'human' | 'service'; password_hash: string | null }): Promise<UserRow> {
  return db.insertInto('users').values({ ...user, email: user.email?.toLowerCase() ?? null }).returningAll().executeTakeFirstOrThrow();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function updateUserName(db: Db, userId: string, name: string): Promise<UserRow> {
  return db.updateTable('users').set({ name }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
}

export async function deleteUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', userId).execute();
}

/** Whether a user (not disabled) is an instance administrator. */
export async function isInstanceAdmin(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('instance_admin').where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  return row?.instance_admin === true;
}

export function listInstanceAdmins(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('instance_admin', '=', true).orderBy('created_at').orderBy('id').execute();
}

export async function setInstanceAdmin(db: Db, userId: string, value: boolean): Promise<void> {
  await db.updateTable('users').set({ instance_admin: value }).where('id', '=', userId).execute();
}

/** Locks every instance administrator's row: two removals at once cannot leave none. */
export function lockInstanceAdmins(db: Db): Promise<{ id: string }[]> {
  return db.selectFrom('users').select('id').where('instance_admin', '=', true).forUpdate().execute();
}
