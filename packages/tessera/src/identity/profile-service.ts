import type { Db } from '../db/database.js';
import type { Role, UserRow } from '../db/schema.js';
import { listWorkspacesOfUser } from '../workspaces/workspace-repository.js';
import { findUserById } from './user-repository.js';

export interface UserProfile {
  id: string;
  email: string | null;
  name: string;
  kind: UserRow['kind'];
  /** An instance administrator (instance-wide verifier credentials). */
  instance_admin: boolean;
}

export interface WorkspaceOfUser {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** What `GET /v1/me` tells a caller about themselves: their user and the workspaces they belong to. */
export function createProfileService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** The user's public fields (never the password hash), or undefined when the user is gone. */
    async user(userId: string): Promise<UserProfile | undefined> {
      const u = await findUserById(db, userId);
      return u ? { id: u.id, email: u.email, name: u.name, kind: u.kind, instance_admin: u.instance_admin } : undefined;
    },

    /** The user's workspaces, with their role in each. */
    async workspaces(userId: string): Promise<WorkspaceOfUser[]> {
      const rows = await listWorkspacesOfUser(db, userId);
      return rows.map((w) => ({ id: w.id, slug: w.slug, name: w.name, role: w.role }));
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
