import type { UploadMeta } from './upload-repository.js';

/** The API view of an upload: the allow-listed fields and where to find it. */
export function uploadView(row: UploadMeta, publicUrl: string) {
  const url = `${publicUrl.replace(/\/+$/, '')}/v1/projects/${row.project_id}/uploads/${row.id}`;
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    project_id: row.project_id,
    kind: row.kind,
    format: row.format,
    filename: row.filename,
    content_type: row.content_type,
    size_bytes: row.size_bytes,
    sha256: row.sha256,
    parse_status: row.parse_status,
    parse_error: row.parse_error,
    summary: row.summary,
    commit: row.commit_sha,
    branch: row.branch,
    pull_request: row.pull_request,
    ci_provider: row.ci_provider,
    build_id: row.build_id,
    token_id: row.token_id,
    user_id: row.user_id,
    created_at: row.created_at.toISOString(),
    url,
    raw_url: `${url}/raw`,
  };
}

export type UploadView = ReturnType<typeof uploadView>;
