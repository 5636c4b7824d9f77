import { Type } from 'typebox';
import { Name, Nullable, ProjectSlug, Slug, Timestamp } from '../http/common-schemas.js';

export const Workspace = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
  max_token_lifetime_days: Type.Integer(),
  default_token_lifetime_days: Type.Integer(),
  allow_non_expiring_tokens: Type.Boolean(),
  token_limit: Nullable(Type.Integer()),
}, { $id: 'Workspace' });

export const Project = Type.Object({
  id: Type.String(),
  workspace_id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  created_at: Timestamp,
}, { $id: 'Project' });

export const CreateWorkspaceBody = Type.Object({ name: Name, slug: Slug }, { additionalProperties: false });
export const CreateProjectBody = Type.Object({ name: Name, slug: ProjectSlug }, { additionalProperties: false });
