import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import-boundary rule of eslint.config.js (docs/architecture.md) can fail: each case lints
 * one import, as if written in a real file of the layer, and expects the rule to refuse it or not.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const src = 'packages/tessera/src';
const RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function refusals(file: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = [x];\n`, { filePath: `${repoRoot}${src}/${file}` });
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('the import-boundary lint rule', () => {
  it.each([
    ['a route imports a repository', 'tokens/token-routes.ts', "import { findProject as x } from '../workspaces/project-repository.js';", /never touches a repository/],
    ['a route imports the database', 'identity/identity-routes.ts', "import { isUniqueViolation as x } from '../db/errors.js';", /never touches the database/],
    ['a route imports the composition root', 'uploads/upload-routes.ts', "import type { AppContext as x } from '../composition-root.js';", /only the composition root/],
    ['a service imports the composition root', 'tokens/token-service.ts', "import { createContext as x } from '../composition-root.js';", /only the composition root/],
    ['a service imports from http/', 'workspaces/member-service.ts', "import { encodeCursor as x } from '../http/cursors.js';", /never imports from the HTTP edge/],
    ['a service imports authentication', 'authz/authorize.ts', "import { authenticate as x } from '../auth/authentication.js';", /never imports from the HTTP edge/],
    ['a service imports Fastify', 'oidc/exchange-service.ts', "import x from 'fastify';", /never imports from the HTTP edge/],
    ['a service imports a route', 'tokens/validation-service.ts', "import { VALID_ANSWER_BYTES as x } from './validation-routes.js';", /never imports from the HTTP edge/],
    ['a service takes a schema as a value', 'uploads/upload-service.ts', "import { UploadMetadata as x } from './upload-schemas.js';", /only as a type/],
    ['http/ imports a feature', 'http/error-handler.ts', "import type { Principal as x } from '../authz/principal.js';", /imports no feature/],
    ['http/ imports the database', 'http/cursors.ts', "import type { Db as x } from '../db/database.js';", /imports no feature/],
    ['a leaf imports http/', 'errors/api-error.ts', "import { encodeCursor as x } from '../http/cursors.js';", /imports only other leaves/],
    ['a leaf imports a feature', 'crypto/ids.ts', "import { TOKEN_KIND_LETTERS as x } from '../tokens/token-format.js';", /imports only other leaves/],
    ['a migration imports a feature', 'db/migrations/0001-initial.ts', "import { TOKEN_KIND_LETTERS as x } from '../../tokens/token-format.js';", /imports only other leaves/],
  ])('refuses: %s', async (_what, file, line, message) => {
    const found = await refusals(file, line);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['a route imports its service (as a type)', 'tokens/token-routes.ts', "import type { TokenService as x } from './token-service.js';"],
    ['a route imports http/ and auth/', 'tokens/token-routes.ts', "import { principalOf as x } from '../auth/request-context.js';"],
    ['a service imports ApiError from errors/', 'tokens/token-service.ts', "import { ApiError as x } from '../errors/api-error.js';"],
    ['a service imports a repository', 'tokens/token-service.ts', "import { findProject as x } from '../workspaces/project-repository.js';"],
    ['a service takes a schema as a type', 'uploads/upload-service.ts', "import type { UploadMetadata as x } from './upload-schemas.js';"],
    ['http/ imports errors/', 'http/cursors.ts', "import { ApiError as x } from '../errors/api-error.js';"],
    ['a migration imports db/', 'db/migrations/0001-initial.ts', "import type { Database as x } from '../schema.js';"],
    ['the app imports the composition root', 'app.ts', "import type { AppContext as x } from './composition-root.js';"],
    ['a test imports anything', 'tokens/token-routes.test.ts', "import { createContext as x } from '../composition-root.js';"],
  ])('allows: %s', async (_what, file, line) => {
    expect(await refusals(file, line)).toEqual([]);
  });
});
