import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries of packages/tessera/src (docs/architecture.md draws them). Arrows point down:
 * bin/cli → server → composition root / app → edge (http plugins, routes) → feature services →
 * repositories → db; leaves (config, crypto, errors, clock) may be imported by everyone. Every
 * source file falls in exactly one group below, so one rule per group holds all of its limits.
 * Tests and test-support may import anything. src/architecture/import-boundaries.test.ts proves
 * each limit fails on a violating import.
 */
const SRC = 'packages/tessera/src';
const FEATURES = ['audit', 'auth', 'authz', 'console', 'health', 'identity', 'metrics', 'oidc', 'outbound', 'tokens', 'uploads', 'validation-cache', 'verifiers', 'webhooks', 'workspaces'];
const LEAVES = ['config', 'crypto', 'errors', 'clock', 'db'];
/** The HTTP edge inside feature folders: route plugins, their schemas, and request/reply helpers. */
const EDGE_FILES = ['**/*-routes.ts', '**/*-schemas.ts', `${SRC}/auth/**`, `${SRC}/console/**`, `${SRC}/identity/setup-page.ts`, `${SRC}/identity/session-cookie.ts`, `${SRC}/uploads/upload-request.ts`, `${SRC}/tokens/gateway-fast-path.ts`];
const NOT_TESTS = ['**/*.test.ts', '**/test-support/**'];
const boundary = {
  noTop: { regex: '(^|/)(composition-root|app|server)\\.js$', message: 'only the composition root, the app and the server wire services: a feature, http/ or a leaf never imports them (take your dependencies as arguments).' },
  noRepository: { regex: '-repository\\.js$', message: 'a route never touches a repository: call a service, which the app passes to the plugin.' },
  noDatabase: { regex: '(^|/)db/', message: 'a route never touches the database: call a service, which the app passes to the plugin.' },
  noEdge: { regex: '(^|/)(http|auth)/|-routes\\.js$|^fastify$|^@fastify/', message: 'a service never imports from the HTTP edge (http/, auth/, routes, Fastify): throw ApiError from errors/ and let the edge answer.' },
  schemasAsTypes: { regex: '-schemas\\.js$', allowTypeImports: true, message: 'a service may use a request schema only as a type (import type … Static<typeof X>); the schemas belong to the edge.' },
  httpNoFeature: { regex: '^\\.\\./(?!(errors|crypto|config|clock)/|db/errors\\.js$)', message: 'http/ is the base of the edge and imports no feature: only errors/, crypto/, config/, clock/ and db/errors.js.' },
  leafOnlyLeaves: { regex: '^\\.\\./(?!(errors|crypto|config|clock)/)', message: 'a leaf (config, crypto, errors, clock, db) imports only other leaves.' },
};
const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
const importBoundaries = [
  { files: LEAVES.map((d) => `${SRC}/${d}/**/*.ts`), ignores: [...NOT_TESTS, `${SRC}/db/migrations/**`], rules: restrict(boundary.noTop, boundary.leafOnlyLeaves) },
  // One folder deeper: `../` stays inside db/.
  { files: [`${SRC}/db/migrations/**/*.ts`], ignores: NOT_TESTS, rules: restrict(boundary.noTop, { ...boundary.leafOnlyLeaves, regex: '^\\.\\./\\.\\./(?!(errors|crypto|config|clock)/)' }) },
  { files: [`${SRC}/http/**/*.ts`], ignores: NOT_TESTS, rules: restrict(boundary.noTop, boundary.httpNoFeature) },
  { files: FEATURES.map((d) => `${SRC}/${d}/**/*.ts`), ignores: [...NOT_TESTS, ...EDGE_FILES], rules: restrict(boundary.noTop, boundary.noEdge, boundary.schemasAsTypes) },
  { files: EDGE_FILES.map((g) => (g.startsWith('**') ? `${SRC}/${g}` : g)), ignores: NOT_TESTS, rules: restrict(boundary.noTop, boundary.noRepository, boundary.noDatabase) },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tessera/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The benchmarks are plain Node.js ESM scripts.
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'Buffer', 'fetch', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'AbortController', 'AbortSignal', 'performance', 'gc']
          .map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Test files share one module graph per worker (vitest.config.ts, isolate: false): a module
      // mock could leak into the next file or miss a module an earlier one loaded. Inject instead.
      'no-restricted-syntax': ['error', ...['mock', 'doMock', 'stubGlobal', 'stubEnv'].map((name) => ({
        selector: `CallExpression[callee.object.name='vi'][callee.property.name='${name}']`,
        message: `vi.${name} leaks between test files (vitest.config.ts runs them in one module graph): inject the dependency instead`,
      }))],
    },
  },
  ...importBoundaries,
);
