import type { Static } from 'typebox';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { ParseStatus, ProjectRow, UploadKind } from '../db/schema.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize } from '../authz/authorize.js';
import type { Action } from '../authz/roles.js';
import { userIdOf, type Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { findProject, findProjectById } from '../workspaces/project-repository.js';
import { findWorkspace } from '../workspaces/workspace-repository.js';
import { FORMAT_KIND } from './parsers/parse-artifact.js';
import type { ParseFailure, ParsePool } from './parse-pool.js';
import * as repo from './upload-repository.js';
import { storedContentType, storedFilename } from './upload-body.js';
import type { UploadMetadata } from './upload-schemas.js';
import { uploadView, type UploadView } from './upload-view.js';

export type UploadMetadataInput = Static<typeof UploadMetadata>;

export interface NewUpload {
  meta: UploadMetadataInput;
  /** The file as it will be stored (already decompressed). */
  data: Buffer;
  gzipped: boolean;
  declaredType?: string | undefined;
  /** The multipart file name, when there was one. */
  partFilename?: string | undefined;
}

export interface UploadListInput {
  branch?: string;
  commit?: string;
  kind?: UploadKind;
  limit?: number;
  cursor?: { created_at: string; id: string } | undefined;
}

export interface UploadServiceDeps {
  db: Db;
  publicUrl: string;
  /** Reads each report (hash, detection, parse) off the main thread. */
  parser: Pick<ParsePool, 'read'>;
  /** The parser's limits, for the error messages. */
  parseLimits: { timeoutMs: number; memoryMb: number };
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
  /** Told of each upload's result (metrics); default: nobody. */
  events?: UploadEvents;
}

/**
 * What the upload service reports: `parsed` or `unparsable` once the upload has committed (an
 * unparsable report is still stored), else why it was refused before storing: `empty`,
 * `wrong_kind`, `undetected`, `parse_timeout`, `parse_out_of_memory`, `parse_busy`,
 * `parse_closed`, `parse_crashed`, or `error` (the database).
 */
export type UploadResult = ParseStatus | 'empty' | 'wrong_kind' | 'undetected' | `parse_${ParseFailure}` | 'error';
export interface UploadEvents {
  upload(result: UploadResult): void;
}

/** Seconds a client is asked to wait when every parse worker is busy and the queue is full. */
export const PARSE_BUSY_RETRY_SECONDS = 5;

/** Why a report could not be read, as the API's error. */
function parseFailureError(failure: ParseFailure, limits: UploadServiceDeps['parseLimits']): ApiError {
  switch (failure) {
    case 'timeout':
      return new ApiError('upload_parse_timeout', `reading the report took longer than the limit of ${limits.timeoutMs} ms, so it was not stored: send a smaller report (or split it)`, { timeout_ms: limits.timeoutMs });
    case 'out_of_memory':
      return new ApiError('upload_parse_out_of_memory', `reading the report needed more than the limit of ${limits.memoryMb} MiB of memory, so it was not stored: send a smaller report (or split it)`, { memory_mb: limits.memoryMb });
    case 'busy':
      return new ApiError('upload_parse_busy', `every report parser is busy and the queue is full; try again in ${PARSE_BUSY_RETRY_SECONDS} seconds`, { retry_after_seconds: PARSE_BUSY_RETRY_SECONDS }, { 'retry-after': String(PARSE_BUSY_RETRY_SECONDS) });
    case 'closed':
      return new ApiError('service_unavailable', 'the server is shutting down');
    case 'crashed':
      return new ApiError('internal_error', 'the report parser failed');
  }
}

export function createUploadService(deps: UploadServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const now = () => clock.now();
  const view = (row: repo.UploadMeta) => uploadView(row, deps.publicUrl);
  const events = deps.events ?? { upload() {} };
  /** Counts a refused (or failed) upload and hands back the error to throw. */
  const refused = (result: UploadResult, err: unknown) => {
    events.upload(result);
    return err;
  };

  /** A format that is not of the kind the sender named is the sender's mistake, refused before reading. */
  function checkFormatKind(meta: UploadMetadataInput) {
    const requested = meta.format ?? 'auto';
    if (requested !== 'auto' && meta.kind && FORMAT_KIND[requested] !== meta.kind) {
      throw new ApiError('invalid_request', `format ${requested} is ${FORMAT_KIND[requested]}, not ${meta.kind}: fix kind or format`);
    }
  }

  /**
   * The project a path names (`prj_…` or `<workspace>/<project>`), if the principal may do
   * `action` on it. A project out of reach is 404, exactly like one that does not exist.
   */
  async function resolveProject(principal: Principal, ref: string, action: Action): Promise<ProjectRow> {
    let project: ProjectRow | undefined;
    if (ref.startsWith('prj_')) {
      project = await findProjectById(db, ref);
    } else {
      const [workspaceRef = '', projectRef = ''] = ref.split('/');
      const workspace = await findWorkspace(db, workspaceRef);
      project = workspace ? await findProject(db, workspace.id, projectRef) : undefined;
    }
    if (!project) throw notFound('project');
    await authorize(db, principal, project.workspace_id, action, { projectId: project.id }).catch((err: unknown) => {
      throw err instanceof ApiError && err.code === 'not_found' ? notFound('project') : err;
    });
    return project;
  }

  return {
    resolveProject,

    /** Parses, stores and audits one upload; the row and its upload.created event commit together. */
    async create(principal: Principal, project: ProjectRow, input: NewUpload, ctx: AuditContext): Promise<UploadView> {
      if (!input.data.length) throw refused('empty', new ApiError('invalid_request', 'the upload is empty: send the file as the body, or as the file part of a multipart form'));
      try {
        checkFormatKind(input.meta);
      } catch (err) {
        throw refused('wrong_kind', err);
      }
      const result = await deps.parser.read({ data: input.data, format: input.meta.format ?? 'auto', kind: input.meta.kind });
      if (!result.ok) throw refused(`parse_${result.failure}`, parseFailureError(result.failure, deps.parseLimits));
      const { reading } = result;
      // The file came back from the parse worker (moved there and back: input.data is now empty).
      const data = Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength);
      if (!reading.kind) throw refused('undetected', new ApiError('invalid_request', 'the format could not be detected, so say what this is: kind=coverage, test-results or analysis (and format=… if you know it)'));
      const { kind, outcome, sha256 } = reading;
      const row = {
        id: newId('upload'),
        workspace_id: project.workspace_id,
        project_id: project.id,
        token_id: principal.type === 'token' ? principal.token.tokenId : null,
        user_id: userIdOf(principal),
        kind,
        format: outcome.format,
        commit_sha: input.meta.commit?.toLowerCase() ?? null,
        branch: input.meta.branch ?? null,
        pull_request: input.meta.pull_request ?? null,
        ci_provider: input.meta.ci_provider ?? null,
        build_id: input.meta.build_id ?? null,
        filename: storedFilename(input.meta.filename ?? input.partFilename, outcome.format, input.gzipped),
        content_type: storedContentType(input.declaredType, outcome.format, input.gzipped),
        size_bytes: data.length,
        sha256,
        body: data,
        summary: outcome.summary ? JSON.stringify(outcome.summary) : null,
        parse_status: outcome.status,
        parse_error: outcome.error,
        // Set here, at millisecond precision, so a cursor made from it (a JS Date) matches the stored value exactly.
        created_at: now(),
      };
      const stored = await db.transaction().execute(async (tx) => {
        const saved = await repo.insertUpload(tx, row);
        await audit(tx, ctx, {
          workspaceId: saved.workspace_id,
          action: 'upload.created',
          target: { type: 'upload', id: saved.id, label: saved.filename },
          details: {
            project_id: saved.project_id, kind: saved.kind, format: saved.format, size_bytes: saved.size_bytes, sha256: saved.sha256,
            commit: saved.commit_sha, branch: saved.branch, parse_status: saved.parse_status,
          },
        });
        return view(saved);
      }).catch((err: unknown) => {
        throw refused('error', err);
      });
      events.upload(stored.parse_status);
      return stored;
    },

    async list(principal: Principal, ref: string, input: UploadListInput) {
      const project = await resolveProject(principal, ref, 'upload.read');
      const limit = input.limit ?? 50;
      const filter: repo.UploadListFilter = { projectId: project.id, limit: limit + 1 };
      if (input.branch !== undefined) filter.branch = input.branch;
      if (input.commit !== undefined) filter.commit = input.commit.toLowerCase();
      if (input.kind) filter.kind = input.kind;
      if (input.cursor) filter.after = { createdAt: new Date(input.cursor.created_at), id: input.cursor.id };
      const rows = await repo.listUploads(db, filter);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(view), next: rows.length > limit && last ? { created_at: last.created_at.toISOString(), id: last.id } : null };
    },

    async get(principal: Principal, ref: string, id: string): Promise<UploadView> {
      const project = await resolveProject(principal, ref, 'upload.read');
      const row = await repo.findUpload(db, project.id, id);
      if (!row) throw notFound('upload');
      return view(row);
    },

    /** The stored file, byte for byte. */
    async raw(principal: Principal, ref: string, id: string) {
      const project = await resolveProject(principal, ref, 'upload.read');
      const row = await repo.findUploadBody(db, project.id, id);
      if (!row) throw notFound('upload');
      const body = Buffer.isBuffer(row.body) ? row.body : Buffer.from(row.body.buffer, row.body.byteOffset, row.body.byteLength);
      return { body, filename: row.filename, contentType: row.content_type, sha256: row.sha256 };
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
/** The project an upload goes to, resolved and authorized before its body is read. */
export type UploadTarget = ProjectRow;
