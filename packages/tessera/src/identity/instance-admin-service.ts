import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorizeInstance } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { findUserById, listInstanceAdmins, lockInstanceAdmins, setInstanceAdmin } from './user-repository.js';

export interface InstanceAdminView {
  user_id: string;
  email: string | null;
  name: string;
}

const view = (u: UserRow): InstanceAdminView => ({ user_id: u.id, email: u.email, name: u.name });
const target = (u: UserRow) => ({ type: 'user', id: u.id, label: u.email ?? u.name });

/** Instance administrators: the first owner from setup, and whoever an instance administrator names. Every change is audited. */
export function createInstanceAdminService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async list(principal: Principal): Promise<InstanceAdminView[]> {
      await authorizeInstance(db, principal);
      return (await listInstanceAdmins(db)).map(view);
    },

    async grant(principal: Principal, userId: string, ctx: AuditContext): Promise<InstanceAdminView> {
      return db.transaction().execute(async (tx) => {
        await authorizeInstance(tx, principal);
        const user = await findUserById(tx, userId);
        if (!user || user.disabled_at) throw notFound('user');
        if (user.kind !== 'human') throw new ApiError('invalid_request', 'a service account cannot be an instance administrator');
        if (!user.instance_admin) {
          await setInstanceAdmin(tx, user.id, true);
          await audit(tx, ctx, { workspaceId: null, action: 'instance_admin.granted', target: target(user) });
        }
        return view(user);
      });
    },

    async revoke(principal: Principal, userId: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await authorizeInstance(tx, principal);
        const admins = await lockInstanceAdmins(tx);
        const user = await findUserById(tx, userId);
        if (!user || !user.instance_admin) throw notFound('instance administrator');
        if (admins.length <= 1) throw new ApiError('last_instance_admin', 'the instance must keep at least one instance administrator: name another one first');
        await setInstanceAdmin(tx, user.id, false);
        await audit(tx, ctx, { workspaceId: null, action: 'instance_admin.revoked', target: target(user) });
      });
    },
  };
}

export type InstanceAdminService = ReturnType<typeof createInstanceAdminService>;
