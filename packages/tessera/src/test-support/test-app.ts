import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config/load-config.js';
import { openDatabase, type DatabaseOptions, type OpenedDatabase } from '../db/database.js';
import { createContext, type AppContext, type ContextOptions } from '../composition-root.js';
import { buildApp } from '../app.js';
import { newId } from '../crypto/ids.js';
import { insertUser } from '../identity/user-repository.js';
import { insertMembership } from '../workspaces/membership-repository.js';
import { hashPassword, type PasswordHasher, type ScryptParams } from '../identity/password-hash.js';
import { systemContext } from '../audit/audit-context.js';
import type { Role } from '../db/schema.js';
import { createTestClock, type TestClock } from '../clock/test-clock.js';
import { inject } from 'vitest';
import { pgliteTemplate } from './pglite-template.js';
import { openTestPglite } from './pglite-reuse.js';
import { migratedSchemaScript } from './pg-schema-script.js';
import { sql } from 'kysely';

/** Which database this test run uses: PGlite in memory, or a fresh migrated schema on TESSERA_TEST_DATABASE_URL. */
export async function openTestDatabase(opts: { schema?: string; connection?: TestConnection } = {}): Promise<OpenedDatabase & { schema: string | null; drop: () => Promise<void> }> {
  if (process.env.TESSERA_TEST_DB !== 'postgres') {
    // From the migrated template the pglite project's global setup dumped (no initdb per test app),
    // or an instance a closed test app of this worker left, reset to that template (pglite-reuse.ts).
    const template = await pgliteTemplate(inject('pgliteTemplate'));
    return { ...(await openTestPglite(template)), schema: null, drop: async () => {} };
  }
  const url = process.env.TESSERA_TEST_DATABASE_URL;
  if (!url) throw new Error('TESSERA_TEST_DB=postgres needs TESSERA_TEST_DATABASE_URL');
  // With `schema`: a second connection to a database another call created (a second node).
  const schema = opts.schema ?? `t_${randomBytes(6).toString('hex')}`;
  if (!opts.schema) {
    // Created already migrated, in one query (pg-schema-script.ts): the app's migrator then finds nothing to do.
    const admin = await openDatabase({ url, poolSize: 1 });
    await sql.raw(await migratedSchemaScript(schema)).execute(admin.db);
    await admin.db.destroy();
  }
  const opened = await openDatabase({ url, poolSize: 5, searchPath: schema, ...opts.connection });
  return {
    ...opened, schema,
    drop: async () => {
      if (opts.schema) return; // the first node's to drop
      const a = await openDatabase({ url, poolSize: 1 });
      await a.db.schema.dropSchema(schema).cascade().execute();
      await a.db.destroy();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** The app's only source of time: runs with real time; `clock.advance(ms)` instead of waiting. */
  clock: TestClock;
  /** The PostgreSQL schema this app works in (null on PGlite): pass it to a second app to make a second node. */
  schema: string | null;
  setupCode: string;
  request<T = any>(method: string, url: string, opts?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** Completes setup: an owner with a session, in a workspace. */
  bootstrap(): Promise<{ token: string; userId: string; workspaceId: string; slug: string }>;
  /** A user with a role in a workspace, signed in. */
  addMember(workspaceId: string, role: Role, opts?: { kind?: 'human' | 'service' }): Promise<{ token: string; userId: string; email: string }>;
  /** An API token created through POST /v1/workspaces/{workspace}/tokens with `session`; throws unless 201. */
  createToken(session: string, workspace: string, body: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';
/** Passwords set in tests are hashed this cheaply (N=2^10: 1 MiB, not 32 MiB); verification reads the parameters from the hash. */
export const TEST_PASSWORD_HASH_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
let passwordHash: Promise<string> | undefined;

/** How a PostgreSQL node connects, instead of directly and without timeouts (fault tests: through a proxy, with an application_name). */
export type TestConnection = Pick<DatabaseOptions, 'url' | 'connectTimeoutMs' | 'statementTimeoutMs' | 'onIdleError'>;

export interface TestAppOptions {
  /** Share this PostgreSQL schema with an app created earlier (a second node; give both the same TESSERA_SECRET). */
  schema?: string;
  listener?: ContextOptions['listener'];
  logger?: ContextOptions['logger'];
  /** PostgreSQL only: the app's own pool and listener connect this way (the schema is still made directly). */
  connection?: TestConnection;
  /** How the app hashes new passwords (default: scrypt at TEST_PASSWORD_HASH_PARAMS). */
  hashPassword?: PasswordHasher;
}

export async function createTestApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase({ ...(opts.schema ? { schema: opts.schema } : {}), ...(opts.connection ? { connection: opts.connection } : {}) });
  const config = loadConfig({ env: { TESSERA_SECRET: randomBytes(32).toString('hex'), TESSERA_LOG_LEVEL: 'silent', ...env } });
  const clock = createTestClock();
  const ctx = await createContext(config, { logger: opts.logger ?? ({ error: () => {} } as never), db: database, clock, hashPassword: opts.hashPassword ?? ((password) => hashPassword(password, TEST_PASSWORD_HASH_PARAMS)), ...(opts.listener ? { listener: opts.listener } : {}) });
  const app = await buildApp(ctx);
  const setupCode = (await ctx.setup.prepare()) ?? '';
  let counter = 0;

  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    const raw = await app.inject({ method: method as 'GET', url, headers, ...(opts.body !== undefined ? { payload: opts.body as object } : {}) });
    let body: unknown = raw.body;
    if ((raw.headers['content-type'] ?? '').toString().includes('application/json') && raw.body) body = JSON.parse(raw.body);
    return { status: raw.statusCode, body: body as any, headers: raw.headers, raw };
  };

  return {
    app, ctx, clock, setupCode, request, schema: database.schema,
    async bootstrap() {
      const slug = `acme-${++counter}`;
      const r = await request('POST', '/v1/setup', { body: { setup_code: setupCode, email: 'owner@example.com', password: TEST_PASSWORD, name: 'Olivia Owner', workspace: { name: 'Acme', slug } } });
      if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`);
      return { token: r.body.token, userId: r.body.user.id, workspaceId: r.body.workspace.id, slug };
    },
    async addMember(workspaceId, role, opts = {}) {
      const n = ++counter;
      const email = `${role}${n}@example.com`;
      passwordHash ??= hashPassword(TEST_PASSWORD, TEST_PASSWORD_HASH_PARAMS);
      const kind = opts.kind ?? 'human';
      const user = await insertUser(ctx.db, { id: newId('user'), email: kind === 'service' ? null : email, name: `${role} ${n}`, kind, password_hash: kind === 'service' ? null : await passwordHash });
      await insertMembership(ctx.db, { workspace_id: workspaceId, user_id: user.id, role });
      const s = await ctx.sessions.issue(ctx.db, { id: user.id, email: user.email, name: user.name, kind }, systemContext);
      return { token: s.token, userId: user.id, email };
    },
    async createToken(session, workspace, body) {
      const r = await request('POST', `/v1/workspaces/${workspace}/tokens`, { token: session, body: { name: `token ${++counter}`, ...body } });
      if (r.status !== 201) throw new Error(`token creation failed: ${r.status} ${JSON.stringify(r.body)}`);
      return { id: r.body.id, secret: r.body.secret };
    },
    async close() {
      await app.close();
      await ctx.close();
      await database.drop();
    },
  };
}
