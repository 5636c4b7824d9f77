import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { configSchema } from '../config/config-schema.js';

/** Test support for the deploy/ and integrations/ checks: files of the repository, parsed. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const repoPath = (...parts: string[]) => join(REPO_ROOT, ...parts);
export const readRepoFile = (path: string) => readFileSync(repoPath(path), 'utf8');

/** Every document of a YAML file; a syntax error anywhere fails. */
export function yamlDocuments(path: string): any[] {
  const docs = parseAllDocuments(readRepoFile(path));
  if (!Array.isArray(docs)) throw new Error(`${path}: no YAML documents`);
  for (const d of docs) if (d.errors.length) throw new Error(`${path}: ${d.errors.map((e) => e.message).join('; ')}`);
  return docs.map((d) => d.toJS({ maxAliasCount: 100 }));
}

/** The environment variables Tessera's configuration reads (config/config-schema.ts). */
export const CONFIG_ENV = new Set<string>(Object.values(configSchema).map((f) => f.env));
