import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { TestApp } from './test-app.js';

/** A report from uploads/fixtures/. */
export const uploadFixture = (name: string): Buffer => readFileSync(new URL(`../uploads/fixtures/${name}`, import.meta.url));

export interface UploadCall {
  project: string;
  token?: string | undefined;
  body?: Buffer | string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/** POST /v1/projects/{project}/uploads with a raw body; `project` is encoded here (a slash becomes %2F). */
export async function postUpload(t: TestApp, call: UploadCall) {
  const qs = new URLSearchParams(call.query ?? {}).toString();
  const url = `/v1/projects/${encodeURIComponent(call.project)}/uploads${qs ? `?${qs}` : ''}`;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...(call.headers ?? {}) };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  const raw = await t.app.inject({ method: 'POST', url, headers, ...(call.body !== undefined ? { payload: call.body } : {}) });
  return { status: raw.statusCode, body: raw.headers['content-type']?.toString().includes('json') ? raw.json() : raw.body, headers: raw.headers, raw };
}

/** A multipart/form-data body with text fields and file parts, as curl -F would send it. */
export function multipartBody(fields: Record<string, string>, files: { name?: string; filename: string; type?: string; data: Buffer }[]) {
  const boundary = `----tessera${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${f.name ?? 'file'}"; filename="${f.filename}"\r\ncontent-type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const gzip = (data: Buffer | string) => gzipSync(data);
