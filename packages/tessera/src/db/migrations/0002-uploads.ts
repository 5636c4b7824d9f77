import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// CI artifacts (coverage, test results, analysis) and what the server read from them.
// token_id and user_id carry no foreign key: like an audit event's actor, they record who sent the upload even after that
// token or service account is deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    create table uploads (
      id text primary key,
      workspace_id text not null references workspaces (id) on delete cascade,
      project_id text not null references projects (id) on delete cascade,
      token_id text,
      user_id text,
      kind text not null check (kind in ('coverage', 'test-results', 'analysis')),
      format text not null check (format in ('lcov', 'cobertura', 'junit', 'sarif', 'unknown')),
      commit_sha text check (commit_sha ~ '^[0-9a-f]{7,64}$'),
      branch text,
      pull_request text,
      ci_provider text,
      build_id text,
      filename text not null,
      content_type text not null,
      size_bytes integer not null check (size_bytes >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      body bytea not null,
      summary jsonb,
      parse_status text not null check (parse_status in ('parsed', 'unparsable')),
      parse_error text,
      created_at timestamptz not null default now()
    );
    create index uploads_project on uploads (project_id, created_at desc, id desc);
    create index uploads_project_branch on uploads (project_id, branch, created_at desc, id desc);
    create index uploads_project_commit on uploads (project_id, commit_sha)
`;
