import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchema, type FieldSpec } from '../config/config-schema.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { ACTIONS, GRANTABLE_SCOPES, KIND_SCOPES, ROLES, SCOPES, SCOPE_DOCS, USER_ACTIONS, acceptedScopes, roleAtLeast, type Action } from '../authz/roles.js';
import { scannerRegex, TOKEN_KIND_LETTERS } from '../tokens/token-format.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { renderMetricsTable } from './render-metrics.js';

/**
 * The parts of docs/ that are facts of the code: the configuration table, the error codes, the
 * role matrix, the token-scanner regex. They are rendered from the same tables the code runs on
 * and live between `<!-- generated:NAME -->` markers; `npm run docs` rewrites them and a test
 * fails when the committed docs differ, so the docs cannot drift.
 */

/** src/docs and dist/docs are both four levels below the repository root. */
export const DOCS_DIR = fileURLToPath(new URL('../../../../docs/', import.meta.url));

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function humanSeconds(s: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (s % size === 0) return `${s / size}${unit}`;
  return `${s}s`;
}

function defaultOf(key: string, spec: FieldSpec<unknown>): string {
  const d = spec.default;
  if (d === undefined) return '*(none)*';
  if (typeof d === 'function') return key === 'public_url' ? '`http://HOST:PORT`' : key === 'oidc_audience' ? '`PUBLIC_URL`' : '*(derived)*';
  if (Array.isArray(d)) return d.length ? `\`${d.join(',')}\`` : '*(none)*';
  if (typeof d === 'number' && key.endsWith('_seconds')) return `\`${humanSeconds(d)}\``;
  if (typeof d === 'number' && key.endsWith('_ms')) return `\`${d % 1000 === 0 ? `${d / 1000}s` : `${d}ms`}\``;
  if (typeof d === 'number' && key.endsWith('_bytes')) return `\`${d}\` (${d >= 1048576 ? `${d / 1048576} MiB` : `${d / 1024} KiB`})`;
  return `\`${String(d)}\``;
}

export function renderConfigTable(): string {
  const rows = (Object.entries(configSchema) as [string, FieldSpec<unknown>][]).map(
    ([key, spec]) => `| \`${spec.env}\` | \`${key}\` | ${defaultOf(key, spec)} | ${cell(spec.doc)}${spec.secret ? ' **Secret:** never logged or echoed in error messages.' : ''} |`,
  );
  return ['| Environment variable | Config-file key | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderErrorTable(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status} | ${cell(e.doc)} |`);
  return ['| Code | HTTP status | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderRoleMatrix(): string {
  const head = `| Action | ${ROLES.join(' | ')} | Token scope | What it allows |`;
  const rule = `| --- | ${ROLES.map(() => ':---:').join(' | ')} | --- | --- |`;
  const rows = Object.entries(ACTIONS).map(
    ([action, a]) => `| \`${action}\` | ${ROLES.map((r) => (roleAtLeast(r, a.role) ? '✓' : '—')).join(' | ')} | ${acceptedScopes(action as Action).map((s) => `\`${s}\``).join(' or ')} | ${cell(a.doc)} |`,
  );
  return [head, rule, ...rows].join('\n');
}

export function renderUserActions(): string {
  const rows = Object.entries(USER_ACTIONS).map(
    ([action, a]) => `| \`${action}\` | \`${a.scope}\` | ${a.restricted ? 'yes, inside its workspace only' : '**no** (`403 token_restricted`)'} | ${cell(a.doc)} |`,
  );
  return ['| Action | Token scope | By a token restricted to one workspace | What it allows |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderScopeTables(): string {
  const scopes = ['| Scope | What it allows |', '| --- | --- |', ...SCOPES.map((s) => `| \`${s}\` | ${cell(SCOPE_DOCS[s])} |`)];
  const grant = ['| Role | May grant to tokens it creates |', '| --- | --- |', ...ROLES.map((r) => `| ${r} | ${GRANTABLE_SCOPES[r].map((s) => `\`${s}\``).join(', ')} |`)];
  const kinds = ['| Token kind | Scopes it can hold |', '| --- | --- |', ...Object.entries(KIND_SCOPES).map(([k, s]) => `| ${k} | ${s.map((x) => `\`${x}\``).join(', ')} |`)];
  return [...scopes, '', ...grant, '', ...kinds].join('\n');
}

export function renderTokenRegex(): string {
  const letters = Object.entries(TOKEN_KIND_LETTERS).map(([kind, letter]) => `\`${letter}\` ${kind}`).join(', ');
  return ['```', scannerRegex('tsr'), '```', '', `Kind letters: ${letters}. With another brand, replace \`tsr\`.`].join('\n');
}

/** Rules for gitleaks and TruffleHog (custom detector), from the same regular expression. */
export function renderScannerRules(): string {
  const regex = scannerRegex('tsr');
  const keywords = Object.values(TOKEN_KIND_LETTERS).map((l) => `tsr${l}_`);
  return [
    'gitleaks (`.gitleaks.toml`, with `[extend] useDefault = true` to keep its own rules):',
    '',
    '```toml',
    '[[rules]]',
    'id = "tessera-token"',
    'description = "Tessera API token"',
    `regex = '''${regex}'''`,
    `keywords = [${keywords.map((k) => `"${k}"`).join(', ')}]`,
    '```',
    '',
    'TruffleHog (a custom detector, `trufflehog filesystem . --config tessera.yaml`):',
    '',
    '```yaml',
    'detectors:',
    '  - name: Tessera',
    `    keywords: [${keywords.join(', ')}]`,
    '    regex:',
    `      token: '${regex}'`,
    '```',
    '',
    'Report what they find with `POST /v1/tokens/report-leak {"token", "url", "source"}` (no credentials: the token is the proof).',
  ].join('\n');
}

/** Every route of the API, from the OpenAPI document the running app serves. */
export async function renderRouteTable(): Promise<string> {
  const doc = await buildOpenApiDocument();
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op, area: op.tags?.[0] ?? '' })));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0); // not localeCompare: the same order on every machine
  routes.sort((a, b) => cmp(a.area, b.area) || cmp(a.path, b.path) || METHODS.indexOf(a.method) - METHODS.indexOf(b.method));
  const rows = routes.map(({ path, method, op, area }) => {
    const pub = Array.isArray(op.security) && op.security.length === 0 ? ' *(no credentials)*' : '';
    return `| ${area} | \`${method.toUpperCase()} ${path}\` | ${cell(op.summary ?? '')}${pub} |`;
  });
  return ['| Area | Route | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Which generated section lives in which file. */
export const GENERATED: Record<string, { file: string; render: () => string | Promise<string> }> = {
  config: { file: 'configuration.md', render: renderConfigTable },
  errors: { file: 'errors.md', render: renderErrorTable },
  'role-matrix': { file: 'roles.md', render: renderRoleMatrix },
  scopes: { file: 'roles.md', render: renderScopeTables },
  'user-actions': { file: 'roles.md', render: renderUserActions },
  'token-regex': { file: 'tokens.md', render: renderTokenRegex },
  'scanner-rules': { file: 'tokens.md', render: renderScannerRules },
  routes: { file: 'api.md', render: renderRouteTable },
  metrics: { file: 'operations.md', render: renderMetricsTable },
};

const markers = (name: string) => [`<!-- generated:${name} (npm run docs) -->`, `<!-- /generated:${name} -->`] as const;

/** The section between a name's markers, or undefined when the markers are missing. */
export function generatedSection(text: string, name: string): string | undefined {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + open.length, end).replace(/^\n/, '').replace(/\n$/, '');
}

export function replaceSection(text: string, name: string, content: string): string {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`markers for "${name}" not found: add ${open} … ${close}`);
  return `${text.slice(0, start + open.length)}\n${content}\n${text.slice(end)}`;
}

/** Rewrites every generated section in docs/; returns the files that changed. */
export async function writeDocs(docsDir = DOCS_DIR): Promise<string[]> {
  const changed = new Set<string>();
  for (const [name, { file, render }] of Object.entries(GENERATED)) {
    const path = `${docsDir}${file}`;
    const before = readFileSync(path, 'utf8');
    const after = replaceSection(before, name, await render());
    if (after !== before) {
      writeFileSync(path, after);
      changed.add(file);
    }
  }
  return [...changed];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const changed = await writeDocs();
  process.stdout.write(changed.length ? `updated ${changed.map((f) => `docs/${f}`).join(', ')}\n` : 'docs/ is up to date\n');
}
