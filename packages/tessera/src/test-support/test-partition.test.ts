import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFreeTests } from './test-partition.js';
import { REPO_ROOT } from './repo-files.js';

describe('which test files run on one database only (vitest.config.ts)', () => {
  const root = mkdtempSync(join(tmpdir(), 'tessera-partition-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const file = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('follows relative imports at any depth to a driver; type-only imports do not count', () => {
    file('packages/a/src/db.ts', "import { Kysely } from 'kysely';\nexport const db = Kysely;\n");
    file('packages/a/src/repo.ts', "import { db } from './db.js';\nexport const r = db;\n");
    file('packages/a/src/service.ts', "import type { Kysely } from 'kysely';\nimport { r } from './repo.js';\nexport const s = r;\n");
    file('packages/a/src/pure.ts', "import type { Db } from './db.js';\nexport type { Db };\nexport const p = 1;\n");
    file('packages/a/src/service.test.ts', "import { s } from './service.js';\n");
    file('packages/a/src/pure.test.ts', "import type { Kysely } from 'kysely';\nimport { p } from './pure.js';\n");
    file('packages/a/src/e2e.test.ts', "import { buildBinary } from './test-support/built-binary.js';\n");
    file('packages/a/src/cycle-a.test.ts', "import { b } from './cycle-b.js';\n");
    file('packages/a/src/cycle-b.ts', "import { a } from './cycle-a.test.js';\nexport const b = 1;\n");
    expect(databaseFreeTests(root)).toEqual(['packages/a/src/cycle-a.test.ts', 'packages/a/src/pure.test.ts']);
  });

  it('in this repository: route tests and served-binary tests run on both, pure ones once', () => {
    const free = databaseFreeTests(REPO_ROOT);
    expect(free).toContain('packages/tessera/src/tokens/token-format.test.ts');
    expect(free).toContain('packages/tessera/src/outbound/address-policy.test.ts');
    for (const both of ['packages/tessera/src/tokens/validation-routes.test.ts', 'packages/tessera/src/bin/tessera-serve.test.ts', 'packages/tessera/src/http/robustness.test.ts']) expect(free).not.toContain(both);
  });
});
