import type { Db } from '../db/database.js';
import type { ProjectRow } from '../db/schema.js';

/** By id (`prj_…`) or slug, always inside one workspace. */
export function findProject(db: Db, workspaceId: string, ref: string): Promise<ProjectRow | undefined> {
  const column = ref.startsWith('prj_') ? 'id' : 'slug';
  return db.selectFrom('projects').selectAll().where('workspace_id', '=', workspaceId).where(column, '=', ref).executeTakeFirst();
}

export function findProjectById(db: Db, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertProject(db: Db, p: { id: string; workspace_id: string; slug: string; name: string }): Promise<ProjectRow> {
  return db.insertInto('projects').values(p).returningAll().executeTakeFirstOrThrow();
}

export function listProjects(db: Db, workspaceId: string): Promise<ProjectRow[]> {
  return db.selectFrom('projects').selectAll().where('workspace_id', '=', workspaceId).orderBy('slug').execute();
}

export function updateProject(db: Db, id: string, patch: { name?: string; slug?: string }): Promise<ProjectRow> {
  return db.updateTable('projects').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteProject(db: Db, id: string): Promise<void> {
  await db.deleteFrom('projects').where('id', '=', id).execute();
}
