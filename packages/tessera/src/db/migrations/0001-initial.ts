import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// The first schema: users, sessions, workspaces, memberships, projects, tokens, audit events, invitations, setup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    create table users (
      id text primary key,
      email text unique,
      name text not null,
      kind text not null check (kind in ('human', 'service')),
      password_hash text,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      check (kind = 'service' or email is not null)
    );
    create table sessions (
      id text primary key,
      public_id text not null unique,
      user_id text not null references users (id) on delete cascade,
      pepper_id text not null,
      secret_hash bytea not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user on sessions (user_id);
    create table workspaces (
      id text primary key,
      slug text not null unique,
      name text not null,
      created_at timestamptz not null default now(),
      max_token_lifetime_days integer not null default 365 check (max_token_lifetime_days between 1 and 3650),
      default_token_lifetime_days integer not null default 90 check (default_token_lifetime_days between 1 and 3650),
      allow_non_expiring_tokens boolean not null default false,
      token_limit integer check (token_limit > 0)
    );
    create table memberships (
      workspace_id text not null references workspaces (id) on delete cascade,
      user_id text not null references users (id) on delete cascade,
      role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
      created_at timestamptz not null default now(),
      primary key (workspace_id, user_id)
    );
    create index memberships_user on memberships (user_id);
    create table projects (
      id text primary key,
      workspace_id text not null references workspaces (id) on delete cascade,
      slug text not null,
      name text not null,
      created_at timestamptz not null default now(),
      unique (workspace_id, slug)
    );
    create table api_tokens (
      id text primary key,
      public_id text not null unique,
      kind text not null check (kind in ('workspace', 'project', 'personal', 'ci')),
      name text not null,
      description text not null default '',
      workspace_id text references workspaces (id) on delete cascade,
      project_id text references projects (id) on delete cascade,
      user_id text references users (id) on delete cascade,
      name_scope text not null,
      scopes text[] not null,
      pepper_id text not null,
      secret_hash bytea not null,
      display_prefix text not null,
      created_at timestamptz not null default now(),
      created_by text,
      expires_at timestamptz,
      last_used_at timestamptz,
      last_used_ip text,
      revoked_at timestamptz,
      revoked_by text,
      revoke_reason text,
      rotated_from text,
      rotated_to text,
      agent_type text not null default '',
      labels jsonb not null default '{}'
    );
    create unique index api_tokens_live_name on api_tokens (name_scope, lower(name)) where revoked_at is null;
    create index api_tokens_workspace on api_tokens (workspace_id, created_at desc, id desc);
    create index api_tokens_user on api_tokens (user_id, created_at desc, id desc);
    create index api_tokens_project on api_tokens (project_id) where revoked_at is null;
    create table audit_events (
      seq bigint generated always as identity primary key,
      id text not null unique,
      occurred_at timestamptz not null default now(),
      workspace_id text,
      actor_type text not null,
      actor_id text,
      actor_label text,
      action text not null,
      target_type text,
      target_id text,
      target_label text,
      ip text,
      user_agent text,
      details jsonb not null default '{}'
    );
    create index audit_events_workspace on audit_events (workspace_id, seq desc);
    create table invitations (
      id text primary key,
      workspace_id text not null references workspaces (id) on delete cascade,
      user_id text not null references users (id) on delete cascade,
      role text not null,
      pepper_id text not null,
      code_hash bytea not null unique,
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz
    );
    create table instance_setup (
      id integer primary key check (id = 1),
      pepper_id text not null,
      code_hash bytea not null,
      created_at timestamptz not null default now()
    );
`;
