import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { VerifierRow } from '../db/schema.js';

/** Only this file touches the verifier_credentials table. Every function takes the executor to run on. */

export type NewVerifierRow = Omit<VerifierRow, 'last_used_at' | 'revoked_at' | 'revoked_by'>;

export function insertVerifier(db: Db, row: NewVerifierRow): Promise<VerifierRow> {
  return db.insertInto('verifier_credentials').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The one query on the verifier authentication path (a cache miss). */
export function findVerifierByPublicId(db: Db, publicId: string): Promise<VerifierRow | undefined> {
  return db.selectFrom('verifier_credentials').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export function lockVerifierById(db: Db, id: string): Promise<VerifierRow | undefined> {
  return db.selectFrom('verifier_credentials').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A workspace's verifiers, or (workspaceId null) the instance-wide ones; newest first. */
export function listVerifiers(db: Db, workspaceId: string | null, limit: number): Promise<VerifierRow[]> {
  let q = db.selectFrom('verifier_credentials').selectAll();
  q = workspaceId === null ? q.where('workspace_id', 'is', null) : q.where('workspace_id', '=', workspaceId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export function revokeVerifier(db: Db, id: string, at: Date, by: string | null): Promise<VerifierRow> {
  return db.updateTable('verifier_credentials').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Batched last-used times (the usage recorder's writer; `ip` is not kept for verifiers). */
export async function recordVerifierUsage(db: Db, entries: { tokenId: string; at: Date; ip: string | null }[]): Promise<void> {
  if (!entries.length) return;
  const rows = sql.join(entries.map((e) => sql`(${e.tokenId}::text, ${e.at.toISOString()}::timestamptz)`));
  await sql`
    update verifier_credentials set last_used_at = v.at
    from (values ${rows}) as v(id, at)
    where verifier_credentials.id = v.id and (verifier_credentials.last_used_at is null or verifier_credentials.last_used_at < v.at)
  `.execute(db);
}

/** Where the subjects of invalidation keys live (the verifier event stream's routing): one round trip per notification. */
export interface KeyOwners {
  /** Token and verifier public ids: their workspace (null: an unrestricted personal token, or an instance-wide verifier) and user. */
  publicIds: Map<string, { workspaceId: string | null; userId: string | null }>;
  /** Project id → workspace id. */
  projects: Map<string, string>;
  /** User id → the workspaces the user is a member of now. */
  memberships: Map<string, string[]>;
}

export async function findKeyOwners(db: Db, q: { publicIds: string[]; projectIds: string[]; userIds: string[] }): Promise<KeyOwners> {
  const out: KeyOwners = { publicIds: new Map(), projects: new Map(), memberships: new Map() };
  if (q.publicIds.length) {
    const tokens = await db.selectFrom('api_tokens').select(['public_id', 'workspace_id', 'user_id']).where('public_id', 'in', q.publicIds).execute();
    for (const t of tokens) out.publicIds.set(t.public_id, { workspaceId: t.workspace_id, userId: t.user_id });
    const verifiers = await db.selectFrom('verifier_credentials').select(['public_id', 'workspace_id']).where('public_id', 'in', q.publicIds).execute();
    for (const v of verifiers) out.publicIds.set(v.public_id, { workspaceId: v.workspace_id, userId: null });
  }
  for (const t of out.publicIds.values()) if (t.workspaceId === null && t.userId !== null) q.userIds.push(t.userId);
  if (q.projectIds.length) {
    const projects = await db.selectFrom('projects').select(['id', 'workspace_id']).where('id', 'in', q.projectIds).execute();
    for (const p of projects) out.projects.set(p.id, p.workspace_id);
  }
  if (q.userIds.length) {
    const rows = await db.selectFrom('memberships').select(['user_id', 'workspace_id']).where('user_id', 'in', [...new Set(q.userIds)]).execute();
    for (const m of rows) out.memberships.set(m.user_id, [...(out.memberships.get(m.user_id) ?? []), m.workspace_id]);
  }
  return out;
}

/** Whether a verifier credential still exists and is not revoked (an open event stream re-checks on its own key). */
export async function isVerifierLive(db: Db, id: string, at: Date): Promise<boolean> {
  const row = await db.selectFrom('verifier_credentials').select(['revoked_at']).where('id', '=', id).executeTakeFirst();
  return row !== undefined && (row.revoked_at === null || row.revoked_at > at);
}
