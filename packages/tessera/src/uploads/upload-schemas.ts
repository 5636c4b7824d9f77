import { Type } from 'typebox';
import { CursorQuery, IdOf, Nullable, StringEnum, Timestamp } from '../http/common-schemas.js';

export const UPLOAD_KINDS = ['coverage', 'test-results', 'analysis'] as const;
export const UPLOAD_FORMATS = ['lcov', 'cobertura', 'junit', 'sarif'] as const;

const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f]+$';

/** A project id, or `<workspace>/<project>` (id or slug each), the slash URL-encoded as %2F in a path. */
export const PROJECT_PATH_PATTERN = `^(?:prj_[0-9A-Za-z]{16}|(?:wsp_[0-9A-Za-z]{16}|[a-z0-9][a-z0-9-]{0,38})/(?:prj_[0-9A-Za-z]{16}|[a-z0-9][a-z0-9._-]{0,99}))$`;

export const ProjectPathParams = Type.Object({
  project: Type.String({ pattern: PROJECT_PATH_PATTERN, description: 'Project id (prj_…) or `<workspace>/<project>` slugs, the slash URL-encoded: `acme%2Fweb`.' }),
});
export const UploadParams = Type.Object({ project: ProjectPathParams.properties.project, id: IdOf('upl') });

export const UploadKindName = StringEnum(UPLOAD_KINDS, { description: 'coverage, test-results or analysis' });

/** What the sender says about an upload: in the query string, or as multipart form fields. */
export const UploadMetadata = Type.Object({
  kind: Type.Optional(StringEnum(UPLOAD_KINDS, { description: 'coverage, test-results or analysis; inferred from the format when omitted.' })),
  format: Type.Optional(StringEnum([...UPLOAD_FORMATS, 'auto'], { description: 'lcov, cobertura, junit, sarif, or auto (the default): detected from the content.' })),
  commit: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{7,64}$', description: 'The commit SHA the artifact was built from (7 to 64 hex digits).' })),
  branch: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL })),
  pull_request: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: NO_CONTROL, description: 'Pull or merge request number.' })),
  ci_provider: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$', description: 'e.g. github-actions, gitlab-ci, circleci, buildkite, jenkins.' })),
  build_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL, description: 'The CI run or pipeline id.' })),
  filename: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: NO_CONTROL, description: 'The file name to keep (default: the multipart file name, else one from the format).' })),
}, { additionalProperties: false });

const ReportFile = Type.String({ format: 'binary', contentMediaType: 'application/octet-stream' });

/**
 * The upload's request body, for the OpenAPI document only: the route reads the body itself
 * (upload-request.ts), so Fastify never validates it against these (see upload-routes.ts).
 * Any content type but multipart is taken as the raw file; application/octet-stream stands for them.
 */
export const UploadBody = {
  description: 'The report: the raw file as the body (gzip accepted, as `Content-Encoding: gzip` or a gzip file) with metadata in the query string, or a multipart/form-data form with one file part and metadata as fields.',
  required: true,
  content: {
    'application/octet-stream': { schema: { ...ReportFile, description: 'The report file, as is or gzip-compressed.' } },
    'multipart/form-data': {
      schema: Type.Object({ file: { ...ReportFile, description: 'The report file (exactly one file part), as is or gzip-compressed.' }, ...UploadMetadata.properties }),
    },
  },
};

export const ListUploadsQuery = Type.Object({
  branch: Type.Optional(UploadMetadata.properties.branch),
  commit: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{7,64}$', description: 'A full SHA, or a prefix of at least 7 hex digits.' })),
  kind: Type.Optional(UploadKindName),
  ...CursorQuery,
}, { additionalProperties: false });

const Count = Type.Integer({ minimum: 0 });
const CoverageSummary = Type.Object({ lines_found: Count, lines_hit: Count, percent: Nullable(Type.Number({ description: 'Lines hit over lines found, in percent (two decimals).' })), files: Count }, { additionalProperties: false });
const TestResultsSummary = Type.Object({ tests: Count, passed: Count, failed: Count, skipped: Count }, { additionalProperties: false });
const AnalysisSummary = Type.Object({
  results: Count,
  by_level: Type.Object({ error: Count, warning: Count, note: Count, none: Count }, { additionalProperties: false }),
}, { additionalProperties: false });

/** Response allow-list: exactly these fields leave the server; the body only ever through …/raw. */
export const Upload = Type.Object({
  id: Type.String(),
  workspace_id: Type.String(),
  project_id: Type.String(),
  kind: UploadKindName,
  format: Type.Enum([...UPLOAD_FORMATS, 'unknown']),
  filename: Type.String(),
  content_type: Type.String(),
  size_bytes: Type.Integer({ description: 'Size of the stored file, after gzip decompression.' }),
  sha256: Type.String({ description: 'Hex SHA-256 of the stored file: the bytes …/raw returns.' }),
  parse_status: Type.Enum(['parsed', 'unparsable']),
  parse_error: Nullable(Type.String({ description: 'Why the file could not be read, when unparsable.' })),
  summary: Nullable(Type.Union([CoverageSummary, TestResultsSummary, AnalysisSummary], { description: 'coverage: lines; test-results: tests; analysis: SARIF results by level.' })),
  commit: Nullable(Type.String()),
  branch: Nullable(Type.String()),
  pull_request: Nullable(Type.String()),
  ci_provider: Nullable(Type.String()),
  build_id: Nullable(Type.String()),
  token_id: Nullable(Type.String({ description: 'The API token that sent it (null for a session).' })),
  user_id: Nullable(Type.String({ description: 'The user a session or personal token sent it for.' })),
  created_at: Timestamp,
  url: Type.String({ description: 'This upload in the API.' }),
  raw_url: Type.String({ description: 'Where to download the file.' }),
}, { $id: 'Upload' });

export const UploadPage = Type.Object({
  items: Type.Array(Type.Ref('Upload')),
  next_cursor: Nullable(Type.String()),
});
