import type { Db } from '../db/database.js';

/** Only this file touches oidc_used_jtis: one row per exchanged ID token, kept until it expires. */

/**
 * Records the token as used; false when it already was (a replay). Run it in the exchange's
 * transaction: `on conflict do nothing` leaves that transaction usable, and a concurrent
 * exchange of the same token waits for this one to commit, then finds the row.
 */
export async function recordJti(db: Db, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('oidc_used_jtis')
    .values({ issuer, jti, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
    .returning('jti')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets ID tokens that expired before `before`: past their exp (+ leeway) they cannot be exchanged anyway. */
export async function pruneJtis(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('oidc_used_jtis').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
