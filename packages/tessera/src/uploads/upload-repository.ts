import type { Db } from '../db/database.js';
import type { NewUploadRow, UploadKind, UploadRow } from '../db/schema.js';

/** Only this file touches the uploads table. Every function takes the executor to run on. */

/** Everything but the body: listings and metadata never load the artifact. */
export type UploadMeta = Omit<UploadRow, 'body'>;

const META_COLUMNS = [
  'id', 'workspace_id', 'project_id', 'token_id', 'user_id', 'kind', 'format', 'commit_sha', 'branch', 'pull_request', 'ci_provider', 'build_id',
  'filename', 'content_type', 'size_bytes', 'sha256', 'summary', 'parse_status', 'parse_error', 'created_at',
] as const;

export function insertUpload(db: Db, row: NewUploadRow): Promise<UploadMeta> {
  return db.insertInto('uploads').values(row).returning(META_COLUMNS).executeTakeFirstOrThrow();
}

export function findUpload(db: Db, projectId: string, id: string): Promise<UploadMeta | undefined> {
  return db.selectFrom('uploads').select(META_COLUMNS).where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export function findUploadBody(db: Db, projectId: string, id: string): Promise<Pick<UploadRow, 'body' | 'filename' | 'content_type' | 'sha256' | 'size_bytes'> | undefined> {
  return db.selectFrom('uploads').select(['body', 'filename', 'content_type', 'sha256', 'size_bytes']).where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export interface UploadListFilter {
  projectId: string;
  branch?: string;
  /** A full SHA, or a prefix of one (hex, lowercase). */
  commit?: string;
  kind?: UploadKind;
  after?: { createdAt: Date; id: string };
  limit: number;
}

export function listUploads(db: Db, f: UploadListFilter): Promise<UploadMeta[]> {
  let q = db.selectFrom('uploads').select(META_COLUMNS).where('project_id', '=', f.projectId);
  if (f.branch !== undefined) q = q.where('branch', '=', f.branch);
  if (f.commit !== undefined) q = f.commit.length === 40 || f.commit.length === 64 ? q.where('commit_sha', '=', f.commit) : q.where('commit_sha', 'like', `${f.commit}%`);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
