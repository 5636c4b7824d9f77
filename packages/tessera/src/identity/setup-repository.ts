import type { Db } from '../db/database.js';

export async function storeSetupCode(db: Db, pepperId: string, codeHash: Buffer): Promise<void> {
  await db
    .insertInto('instance_setup')
    .values({ id: 1, pepper_id: pepperId, code_hash: codeHash })
    .onConflict((oc) => oc.column('id').doUpdateSet({ pepper_id: pepperId, code_hash: codeHash }))
    .execute();
}

export function findSetupCode(db: Db): Promise<{ pepper_id: string; code_hash: Uint8Array } | undefined> {
  return db.selectFrom('instance_setup').select(['pepper_id', 'code_hash']).where('id', '=', 1).forUpdate().executeTakeFirst();
}

export async function deleteSetupCode(db: Db): Promise<void> {
  await db.deleteFrom('instance_setup').execute();
}
