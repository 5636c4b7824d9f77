import type { Upload } from '../../api-types.js';
import type { Paint } from '../client/output.js';
import { formatBytes } from './progress.js';

/** The 201 answer of POST /v1/projects/{project}/uploads, typed from the OpenAPI document. */
export type UploadResult = Upload;

/** What the server made of the file, in one line. */
export function describeSummary(u: UploadResult): string {
  const s = (u.summary ?? {}) as Record<string, unknown>;
  if (u.parse_status === 'unparsable') return `kept, but not readable as ${u.format}: ${u.parse_error ?? 'unknown reason'}`;
  if (typeof s.lines_found === 'number') return `lines ${s.percent === null ? 'n/a' : `${String(s.percent)}%`} (${String(s.lines_hit)}/${s.lines_found} in ${String(s.files)} files)`;
  if (typeof s.tests === 'number') return `tests ${s.tests}: ${String(s.passed)} passed, ${String(s.failed)} failed, ${String(s.skipped)} skipped`;
  if (typeof s.results === 'number') {
    const lv = (s.by_level ?? {}) as Record<string, number>;
    return `${s.results} results (${lv.error ?? 0} errors, ${lv.warning ?? 0} warnings, ${lv.note ?? 0} notes)`;
  }
  return 'no summary';
}

export function describeUpload(u: UploadResult, project: string, paint: Paint): string {
  const where = [
    u.commit ? `commit ${u.commit.slice(0, 12)}` : '',
    u.branch ? `on ${u.branch}` : '',
    u.pull_request ? `PR #${u.pull_request}` : '',
    u.build_id ? `build ${u.build_id}${u.ci_provider ? ` (${u.ci_provider})` : ''}` : '',
  ].filter(Boolean).join(' ');
  const mark = u.parse_status === 'parsed' ? paint.green('✓') : paint.yellow('!');
  return [
    `${mark} Uploaded ${u.filename} to ${project}: ${u.kind}, ${u.format}, ${formatBytes(u.size_bytes)}`,
    `  ${describeSummary(u)}`,
    ...(where ? [`  ${where}`] : []),
    `  ${u.url}`,
  ].join('\n');
}
