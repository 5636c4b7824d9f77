import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// Verifier credentials (issue 13): what a resource server (a gateway, an SDK, an introspection
// client) authenticates with to verify tokens and nothing else. Instance-wide (workspace_id null,
// created by an instance administrator) or bound to one workspace (created by its owners). Only a
// keyed hash of the secret is stored, like api_tokens.
//
// users.instance_admin: who may create instance-wide verifiers and name other instance
// administrators. The first human user (the owner from setup) is one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    alter table users add column instance_admin boolean not null default false;
    update users set instance_admin = true where id = (select id from users where kind = 'human' order by created_at, id limit 1);
    create table verifier_credentials (
      id text primary key,
      public_id text not null unique,
      name text not null,
      workspace_id text references workspaces (id) on delete cascade,
      pepper_id text not null,
      secret_hash bytea not null,
      display_prefix text not null,
      created_at timestamptz not null default now(),
      created_by text,
      created_by_label text,
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by text
    );
    create unique index verifier_credentials_live_name on verifier_credentials (coalesce(workspace_id, ''), lower(name)) where revoked_at is null;
    create index verifier_credentials_workspace on verifier_credentials (workspace_id, created_at desc, id desc)
`;
