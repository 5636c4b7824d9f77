import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Which test files run on which database (vitest.config.ts). The suite runs on embedded PGlite,
 * and again on PostgreSQL when one is configured; running a file twice only pays when what it
 * tests can differ between the two:
 *
 * - A file whose imports never reach a database driver (kysely, pg, PGlite) or the built server
 *   binary tests code that cannot tell the databases apart: it runs once, on PGlite (the project
 *   that always exists). Found by following the file's relative imports, so a file that starts
 *   touching a database moves back to both on its own.
 * - End-to-end files that drive the server through another program (the CLI, a browser, the
 *   docs' snippets) test that program: the server's own tests cover both databases, so these run
 *   once, on PostgreSQL when there is one (the production database, and its servers start
 *   faster than PGlite's WASM), else on PGlite.
 */
export const THROUGH_ANOTHER_PROGRAM = [
  'packages/tessera/src/cli/e2e/**/*.test.ts',
  'packages/tessera/src/console/console.browser.test.ts',
  'packages/tessera/src/console/browser-session.test.ts',
  'packages/tessera/src/docs/doc-snippets.test.ts',
];

const DATABASE = /from\s+['"](?:kysely|pg|@electric-sql\/pglite)['"/]|test-support\/built-binary\.js/;
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceOf(specifier: string, from: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && candidate.match(/\.(ts|tsx|js|mjs)$/)) return candidate;
  }
  return null;
}

/** Does `file` (or anything it imports, relatively, at any depth) import a database driver or the built binary? */
export function reachesDatabase(file: string, seen = new Map<string, boolean>()): boolean {
  const known = seen.get(file);
  if (known !== undefined) return known;
  seen.set(file, false); // a cycle adds nothing
  // Type-only imports vanish at run time.
  const text = readFileSync(file, 'utf8').replace(/^\s*(?:import|export)\s+type\b[\s\S]*?from\s*['"][^'"]+['"];?/gm, '');
  let reaches = DATABASE.test(text);
  for (const m of text.matchAll(IMPORT)) {
    if (reaches) break;
    const next = sourceOf(m[1]!, file);
    if (next && reachesDatabase(next, seen)) reaches = true;
  }
  seen.set(file, reaches);
  return reaches;
}

/** The test files (relative to `root`) that never reach a database. */
export function databaseFreeTests(root: string): string[] {
  const out: string[] = [];
  const seen = new Map<string, boolean>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist') walk(p);
      } else if (e.name.endsWith('.test.ts') && !reachesDatabase(p, seen)) out.push(relative(root, p));
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src');
    if (existsSync(src)) walk(src);
  }
  return out.sort();
}
