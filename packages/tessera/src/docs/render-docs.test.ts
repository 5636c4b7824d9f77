import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/config-schema.js';
import { ERROR_CODES } from '../errors/error-codes.js';
import { ACTIONS } from '../authz/roles.js';
import { DOCS_DIR, GENERATED, generatedSection, renderConfigTable, renderErrorTable, renderRoleMatrix, replaceSection } from './render-docs.js';

describe('docs/ cannot drift from the code', () => {
  for (const [name, { file, render }] of Object.entries(GENERATED)) {
    it(`docs/${file} holds the current "${name}" section (run npm run docs to update it)`, async () => {
      const committed = generatedSection(readFileSync(`${DOCS_DIR}${file}`, 'utf8'), name);
      expect(committed, `docs/${file} has no generated:${name} markers`).toBeDefined();
      expect(committed).toBe(await render());
    }, 120_000); // the routes table starts a whole app on PGlite
  }
});

describe('rendered tables', () => {
  it('list every setting, error code and action', () => {
    const config = renderConfigTable();
    for (const spec of Object.values(configSchema)) expect(config).toContain(`\`${spec.env}\``);
    const errors = renderErrorTable();
    for (const [code, e] of Object.entries(ERROR_CODES)) expect(errors).toContain(`| \`${code}\` | ${e.status} |`);
    const matrix = renderRoleMatrix();
    for (const action of Object.keys(ACTIONS)) expect(matrix).toContain(`| \`${action}\` |`);
  });

  it('marks which roles may do an action: owners only for workspace tokens, everyone for reading the workspace', () => {
    const matrix = renderRoleMatrix();
    expect(matrix).toContain('| `token.workspace.manage` | — | — | — | ✓ | `admin` |');
    expect(matrix).toContain('| `workspace.read` | ✓ | ✓ | ✓ | ✓ | `read` |');
  });

  it('marks secret settings as never echoed, and shows durations as durations', () => {
    const config = renderConfigTable();
    expect(config).toMatch(/\| `TESSERA_SECRET` \| `secret` \| \*\(none\)\* \|.*\*\*Secret:\*\*/);
    expect(config).toContain('| `TESSERA_SESSION_TTL` | `session_ttl_seconds` | `30d` |');
  });

  it('replaces only what lies between the markers', () => {
    const text = 'before\n<!-- generated:x (npm run docs) -->\nold\n<!-- /generated:x -->\nafter\n';
    const updated = replaceSection(text, 'x', 'new');
    expect(updated).toBe('before\n<!-- generated:x (npm run docs) -->\nnew\n<!-- /generated:x -->\nafter\n');
    expect(generatedSection(updated, 'x')).toBe('new');
    expect(() => replaceSection('no markers', 'x', 'new')).toThrow(/markers for "x" not found/);
  });
});
