import { Type } from 'typebox';
import { Name, Nullable, ProjectRef, ProjectSlug, Slug, StringEnum, Timestamp, WorkspaceRef } from '../http/common-schemas.js';

export const RoleName = StringEnum(['owner', 'admin', 'member', 'viewer'], { description: 'owner > admin > member > viewer' });

const workspaceFields = {
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
  max_token_lifetime_days: Type.Integer(),
  default_token_lifetime_days: Type.Integer(),
  allow_non_expiring_tokens: Type.Boolean(),
  token_limit: Nullable(Type.Integer()),
  leak_response: StringEnum(['revoke', 'flag'], { description: 'What a reported leak of one of its tokens (GitHub secret scanning, report-leak) does: revoke it at once, or only flag it (audit, token.leaked).' }),
};

/** Response allow-lists: exactly these fields leave the server. */
export const Workspace = Type.Object(workspaceFields, { $id: 'Workspace' });
export const WorkspaceWithRole = Type.Object({ ...workspaceFields, role: RoleName }, { $id: 'WorkspaceWithRole', description: 'A workspace and the role the caller acts with in it.' });

export const Project = Type.Object({
  id: Type.String(),
  workspace_id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
}, { $id: 'Project' });

const LifetimeDays = (description: string) => Type.Integer({ minimum: 1, maximum: 3650, description });

export const CreateWorkspaceBody = Type.Object({ name: Name, slug: Slug }, { additionalProperties: false });
export const UpdateWorkspaceBody = Type.Object({
  name: Type.Optional(Name),
  slug: Type.Optional(Slug),
  max_token_lifetime_days: Type.Optional(LifetimeDays('The longest a new token may live, in days.')),
  default_token_lifetime_days: Type.Optional(LifetimeDays('The lifetime of a new token that names none; at most max_token_lifetime_days.')),
  allow_non_expiring_tokens: Type.Optional(Type.Boolean()),
  token_limit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Most active tokens in the workspace; null for no limit.' }))),
  leak_response: Type.Optional(StringEnum(['revoke', 'flag'], { description: 'What a reported leak of one of its tokens does: revoke (default) or flag only.' })),
}, { additionalProperties: false, minProperties: 1 });

export const CreateProjectBody = Type.Object({ name: Name, slug: ProjectSlug }, { additionalProperties: false });
export const UpdateProjectBody = Type.Object({ name: Type.Optional(Name), slug: Type.Optional(ProjectSlug) }, { additionalProperties: false, minProperties: 1 });

export const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });
export const ProjectParams = Type.Object({ workspace: WorkspaceRef, project: ProjectRef });
