import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

// Token lifecycle events (issue 15).
//
// webhook_endpoints: per workspace, a URL, the event types it wants (empty: all) and its signing
// secret (whsec_…), sealed with the keyring (AES-256-GCM under a key derived from the pepper), so
// every node can sign and nothing stores it in plain text. During a rotation's overlap the
// previous secret is kept (sealed) until previous_secret_expires_at, and both sign.
//
// webhook_events: the transactional outbox. A row is written on the transaction of the change it
// describes (with the change's audit event); `payload` is the exact body sent, so a retry signs
// and sends the same bytes under the same webhook-id.
//
// webhook_deliveries: one row per (event, endpoint), the delivery worker's queue. A worker claims
// due rows (FOR UPDATE SKIP LOCKED) by setting a lease; a node killed mid-delivery leaves a lease
// that runs out, and the row is claimed again.
//
// webhook_attempts: every HTTP attempt (status, duration, an excerpt of the answer).
//
// scheduler_leases: one named lease per periodic pass (the expiry pass), so one node at a time runs it.
// token_expiry_notices: which expiry warnings a token has had (once per threshold).
// api_tokens.canary / leaked_at, workspaces.leak_response: canary tokens and leaked-token response.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, SCHEMA);
}

const SCHEMA = `
    create table webhook_endpoints (
      id text primary key,
      workspace_id text not null references workspaces (id) on delete cascade,
      url text not null,
      description text not null default '',
      event_types text[] not null default '{}',
      secret_pepper_id text not null,
      secret_sealed bytea not null,
      previous_secret_pepper_id text,
      previous_secret_sealed bytea,
      previous_secret_expires_at timestamptz,
      created_at timestamptz not null default now(),
      created_by text,
      disabled_at timestamptz,
      disabled_reason text
    );
    create index webhook_endpoints_workspace on webhook_endpoints (workspace_id, created_at, id);
    create table webhook_events (
      id text primary key,
      seq bigserial not null unique,
      workspace_id text not null references workspaces (id) on delete cascade,
      type text not null,
      payload text not null,
      created_at timestamptz not null
    );
    create index webhook_events_workspace on webhook_events (workspace_id, seq desc);
    create table webhook_deliveries (
      event_id text not null references webhook_events (id) on delete cascade,
      endpoint_id text not null references webhook_endpoints (id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease_until timestamptz,
      lease_holder text,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      primary key (event_id, endpoint_id)
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
    create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc);
    create table webhook_attempts (
      id bigserial primary key,
      event_id text not null,
      endpoint_id text not null,
      attempted_at timestamptz not null,
      duration_ms integer not null,
      status_code integer,
      error text,
      response_excerpt text not null default '',
      foreign key (event_id, endpoint_id) references webhook_deliveries (event_id, endpoint_id) on delete cascade
    );
    create index webhook_attempts_delivery on webhook_attempts (event_id, endpoint_id, id);
    create table scheduler_leases (
      name text primary key,
      holder text not null,
      lease_until timestamptz not null
    );
    create table token_expiry_notices (
      token_id text not null references api_tokens (id) on delete cascade,
      threshold text not null,
      sent_at timestamptz not null,
      primary key (token_id, threshold)
    );
    alter table api_tokens add column canary boolean not null default false;
    alter table api_tokens add column leaked_at timestamptz;
    alter table workspaces add column leak_response text not null default 'revoke' check (leak_response in ('revoke', 'flag'))
`;
