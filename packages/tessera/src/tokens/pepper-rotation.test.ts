import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createContext } from '../composition-root.js';
import { openTestDatabase } from '../test-support/test-app.js';
import { createPepperKeyring } from '../crypto/pepper-keyring.js';
import { generateToken } from './token-format.js';
import { createValidationService } from './validation-service.js';
import { newId } from '../crypto/ids.js';

describe('pepper rotation end to end', () => {
  const OLD = 'old-pepper-'.padEnd(40, 'x');
  const NEW = 'new-pepper-'.padEnd(40, 'y');
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let ctx: Awaited<ReturnType<typeof createContext>>;
  let token: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = await createContext(loadConfig({ env: { TESSERA_SECRET: NEW, TESSERA_PREVIOUS_SECRETS: OLD } }), { logger: { error: () => {} } as never, db: database });
    // A token stored before the rotation, hashed with the old pepper.
    const g = generateToken('tsr', 'workspace');
    token = g.token;
    const { pepperId, hash } = createPepperKeyring(OLD).hash(token);
    const ws = await ctx.db.insertInto('workspaces').values({ id: newId('workspace'), slug: 'p', name: 'P' }).returning('id').executeTakeFirstOrThrow();
    await ctx.db.insertInto('api_tokens').values({
      id: newId('token'), public_id: g.parsed.publicId, kind: 'workspace', name: 'old', workspace_id: ws.id, project_id: null, user_id: null, name_scope: `workspace:${ws.id}`,
      scopes: ['read'], pepper_id: pepperId, secret_hash: hash, display_prefix: g.parsed.displayPrefix, created_by: null, expires_at: null, labels: '{}', description: '', agent_type: '',
    } as never).execute();
  });
  afterAll(async () => {
    await ctx?.close();
    await database?.drop();
  });

  it('validates a token hashed with a previous pepper while that pepper is configured', async () => {
    expect((await ctx.validation.validate(token)).valid).toBe(true);
  });

  it('refuses it once the previous pepper is removed', async () => {
    const v = createValidationService({ db: ctx.db, keyring: createPepperKeyring(NEW), brand: 'tsr', usage: ctx.usage, denials: ctx.denials });
    expect(await v.validate(token)).toEqual({ valid: false, code: 'invalid' });
  });
});
