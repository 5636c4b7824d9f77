import type { Db } from '../db/database.js';

export interface StoredSetupCode {
  pepper_id: string;
  code_hash: Uint8Array;
  code_sealed: Uint8Array | null;
}

/** Stores the first setup code; false when another node stored one first (nothing is changed then). */
export async function insertSetupCode(db: Db, code: { pepperId: string; hash: Buffer; sealed: Buffer }): Promise<boolean> {
  const r = await db
    .insertInto('instance_setup')
    .values({ id: 1, pepper_id: code.pepperId, code_hash: code.hash, code_sealed: code.sealed })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Replaces the code whose hash is `previousHash` (one no node can print); false when another node replaced it first. */
export async function replaceSetupCode(db: Db, previousHash: Uint8Array, code: { pepperId: string; hash: Buffer; sealed: Buffer }): Promise<boolean> {
  const r = await db
    .updateTable('instance_setup')
    .set({ pepper_id: code.pepperId, code_hash: code.hash, code_sealed: code.sealed })
    .where('id', '=', 1)
    .where('code_hash', '=', previousHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function readSetupCode(db: Db): Promise<StoredSetupCode | undefined> {
  return db.selectFrom('instance_setup').select(['pepper_id', 'code_hash', 'code_sealed']).where('id', '=', 1).executeTakeFirst();
}

/** The stored code, locked: setup's transaction decides on it. */
export function findSetupCode(db: Db): Promise<{ pepper_id: string; code_hash: Uint8Array } | undefined> {
  return db.selectFrom('instance_setup').select(['pepper_id', 'code_hash']).where('id', '=', 1).forUpdate().executeTakeFirst();
}

export async function deleteSetupCode(db: Db): Promise<void> {
  await db.deleteFrom('instance_setup').execute();
}
