import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// OIDC federation: which CI identities may exchange their ID token for a short-lived `ci` token
// (trust policies), and which ID tokens have already been exchanged (replay guard).
//
// A policy belongs to a workspace and either names one project (project_id) or none (it applies
// to every project of the workspace; the exchange then says which). pinned_subject_id and
// pinned_owner_id hold the repository (GitHub repository_id / GitLab project_id) and owner
// (repository_owner_id / namespace_id) the policy is bound to: given at creation, or pinned on
// the first successful exchange when the policy named the repository only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    create table oidc_trust_policies (
      id text primary key,
      workspace_id text not null references workspaces (id) on delete cascade,
      project_id text references projects (id) on delete cascade,
      name text not null,
      provider text not null check (provider in ('github', 'gitlab', 'generic')),
      issuer text not null,
      conditions jsonb not null default '{}',
      scopes text[] not null,
      lifetime_seconds integer not null check (lifetime_seconds between 60 and 3600),
      pinned_subject_id text,
      pinned_owner_id text,
      pinned_at timestamptz,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index oidc_trust_policies_issuer on oidc_trust_policies (issuer);
    create index oidc_trust_policies_workspace on oidc_trust_policies (workspace_id, created_at, id);
    create table oidc_used_jtis (
      issuer text not null,
      jti text not null,
      expires_at timestamptz not null,
      used_at timestamptz not null default now(),
      primary key (issuer, jti)
    );
    create index oidc_used_jtis_expires on oidc_used_jtis (expires_at)
`;
