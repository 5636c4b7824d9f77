import type { Db } from '../db/database.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { randomBase62 } from '../crypto/base62.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { ApiError } from '../errors/api-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { insertMembership } from '../workspaces/membership-repository.js';
import { insertWorkspace } from '../workspaces/workspace-repository.js';
import { hashPassword, type PasswordHasher } from './password-hash.js';
import type { IssuedSession, SessionService } from './session-service.js';
import { deleteSetupCode, findSetupCode, insertSetupCode, readSetupCode, replaceSetupCode } from './setup-repository.js';
import { countUsers, insertUser, setInstanceAdmin } from './user-repository.js';

export interface SetupInput {
  setup_code: string;
  email: string;
  password: string;
  name: string;
  workspace: { name: string; slug: string };
}

/**
 * First run, like Grafana or Jenkins: while no user exists, a start prints the one-time setup
 * code; `POST /v1/setup` with it creates the first owner and workspace. Afterwards setup answers
 * 409. One code per cluster: the first node to start stores it (its keyed hash, and the code
 * sealed with the pepper); every node that starts later prints that same code, so several nodes
 * starting on a fresh database no longer replace each other's.
 */
/** `hashPassword`: tests only (default: scrypt with PASSWORD_HASH_PARAMS). */
export function createSetupService(deps: { db: Db; keyring: PepperKeyring; sessions: SessionService; hashPassword?: PasswordHasher }) {
  const { db, keyring } = deps;
  const SEAL_PURPOSE = 'setup-code';
  async function checkSetupAllowed(q: Db, code: string): Promise<void> {
    const stored = await findSetupCode(q);
    if ((await countUsers(q)) > 0) throw new ApiError('already_set_up', 'this server is already set up; sign in instead');
    if (!stored || !keyring.verify(`setup:${code}`, stored.pepper_id, Buffer.from(stored.code_hash))) {
      throw new ApiError('invalid_setup_code', 'wrong setup code: use the code printed in the server log at start-up');
    }
  }

  return {
    /** At boot: a new setup code if the instance has no user yet, else null. */
    async prepare(): Promise<string | null> {
      if ((await countUsers(db)) > 0) return null;
      // A few rounds at most: each lost race means another node stored a code we can then read.
      for (let round = 0; round < 3; round++) {
        const stored = await readSetupCode(db);
        const shown = stored?.code_sealed ? keyring.open(SEAL_PURPOSE, stored.pepper_id, Buffer.from(stored.code_sealed)) : null;
        if (stored && shown !== null && keyring.verify(`setup:${shown}`, stored.pepper_id, Buffer.from(stored.code_hash))) return shown;
        const code = randomBase62(24);
        const fresh = { ...keyring.hash(`setup:${code}`), sealed: keyring.seal(SEAL_PURPOSE, code).sealed };
        // None yet, or one no node can print (stored by an older version, or under a pepper since removed).
        if (stored ? await replaceSetupCode(db, stored.code_hash, fresh) : await insertSetupCode(db, fresh)) return code;
      }
      throw new Error('setup code: lost three races to store one');
    },

    async isRequired(): Promise<boolean> {
      return (await countUsers(db)) === 0;
    },

    async complete(input: SetupInput, ctx: AuditContext): Promise<IssuedSession & { workspace: { id: string; slug: string; name: string } }> {
      // The cheap checks first: an anonymous caller with no valid code never costs a password hash
      // (scrypt, ~100 ms of CPU). They are repeated inside the transaction, which decides.
      await checkSetupAllowed(db, input.setup_code);
      const passwordHash = await (deps.hashPassword ?? hashPassword)(input.password);
      // Two setups at once: the loser's insert of the first user or workspace collides.
      return db.transaction().execute(async (tx) => {
        await checkSetupAllowed(tx, input.setup_code);
        const user = await insertUser(tx, { id: newId('user'), email: input.email, name: input.name, kind: 'human', password_hash: passwordHash });
        // The first owner administers the instance (instance-wide verifier credentials) and may name others.
        await setInstanceAdmin(tx, user.id, true);
        const workspace = await insertWorkspace(tx, { id: newId('workspace'), slug: input.workspace.slug, name: input.workspace.name });
        await insertMembership(tx, { workspace_id: workspace.id, user_id: user.id, role: 'owner' });
        await deleteSetupCode(tx);
        const actorCtx: AuditContext = { ...ctx, actor: { type: 'user', id: user.id, label: user.email, userId: user.id } };
        await audit(tx, actorCtx,
          { workspaceId: null, action: 'setup.completed', target: { type: 'user', id: user.id, label: user.email } },
          { workspaceId: null, action: 'instance_admin.granted', target: { type: 'user', id: user.id, label: user.email }, details: { reason: 'setup' } },
          { workspaceId: workspace.id, action: 'workspace.created', target: { type: 'workspace', id: workspace.id, label: workspace.slug } },
          { workspaceId: workspace.id, action: 'member.added', target: { type: 'user', id: user.id, label: user.email }, details: { role: 'owner' } },
        );
        const session = await deps.sessions.issue(tx, { id: user.id, email: user.email, name: user.name, kind: 'human' }, actorCtx);
        return { ...session, workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name } };
      }).catch((err: unknown) => {
        if (isUniqueViolation(err)) throw new ApiError('already_set_up', 'this server is already set up; sign in instead');
        throw err;
      });
    },
  };
}

export type SetupService = ReturnType<typeof createSetupService>;
