import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointsTable } from '../db/schema.js';
import type { Insertable, Updateable } from 'kysely';

/** Only this file touches the webhook tables. Every function takes the executor to run on (a transaction or the database). */

export function insertEndpoint(db: Db, row: Insertable<WebhookEndpointsTable>): Promise<WebhookEndpointRow> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findEndpoint(db: Db, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockEndpoint(db: Db, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listEndpoints(db: Db, workspaceId: string, limit: number): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').limit(limit).execute();
}

export function countEndpoints(db: Db, workspaceId: string): Promise<number> {
  return db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow().then((r) => Number(r.n));
}

export function updateEndpoint(db: Db, id: string, fields: Updateable<WebhookEndpointsTable>): Promise<WebhookEndpointRow> {
  return db.updateTable('webhook_endpoints').set(fields).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteEndpoint(db: Db, id: string): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/**
 * The outbox write: the event, and one pending delivery per enabled endpoint of the workspace that
 * wants its type, in one statement on the caller's transaction. Nothing is written when no
 * endpoint wants it. Returns how many deliveries were queued.
 */
export async function enqueueEvent(db: Db, e: { id: string; workspaceId: string; type: string; payload: string; at: Date }): Promise<number> {
  const r = await sql<{ n: string }>`
    with eps as (
      select id from webhook_endpoints
      where workspace_id = ${e.workspaceId} and disabled_at is null and (cardinality(event_types) = 0 or ${e.type} = any(event_types))
    ), ev as (
      insert into webhook_events (id, workspace_id, type, payload, created_at)
      select ${e.id}, ${e.workspaceId}, ${e.type}, ${e.payload}, ${e.at} where exists (select 1 from eps)
      returning id
    ), ins as (
      insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
      select ev.id, eps.id, ${e.at}, ${e.at} from ev cross join eps
      returning 1
    )
    select count(*) as n from ins
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  event_id: string;
  endpoint_id: string;
  attempts: number;
  type: string;
  payload: string;
  url: string;
  secret_pepper_id: string;
  secret_sealed: Uint8Array;
  previous_secret_pepper_id: string | null;
  previous_secret_sealed: Uint8Array | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `holder` until `leaseUntil`. Rows
 * another worker is claiming right now are skipped (FOR UPDATE SKIP LOCKED), and a row with a
 * live lease is not due, so two workers never hold the same delivery; a lease that ran out (its
 * worker died mid-delivery) makes the row due again. Counts the attempt at claim time.
 */
export async function claimDue(db: Db, c: { now: Date; leaseUntil: Date; holder: string; limit: number }): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (tx) => {
    const claimed = await sql<{ event_id: string; endpoint_id: string; attempts: number }>`
      update webhook_deliveries d set lease_until = ${c.leaseUntil}, lease_holder = ${c.holder}, attempts = d.attempts + 1
      from (
        select d2.event_id, d2.endpoint_id from webhook_deliveries d2
        join webhook_endpoints e on e.id = d2.endpoint_id
        where d2.status = 'pending' and d2.next_attempt_at <= ${c.now} and (d2.lease_until is null or d2.lease_until <= ${c.now}) and e.disabled_at is null
        order by d2.next_attempt_at
        limit ${c.limit}
        for update of d2 skip locked
      ) due
      where d.event_id = due.event_id and d.endpoint_id = due.endpoint_id
      returning d.event_id, d.endpoint_id, d.attempts
    `.execute(tx);
    if (!claimed.rows.length) return [];
    const details = await tx.selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.event_id', 'd.endpoint_id', 'd.attempts', 'ev.type', 'ev.payload', 'e.url', 'e.secret_pepper_id', 'e.secret_sealed', 'e.previous_secret_pepper_id', 'e.previous_secret_sealed', 'e.previous_secret_expires_at'])
      .where('d.lease_holder', '=', c.holder)
      .where((eb) => eb.or(claimed.rows.map((r) => eb.and([eb('d.event_id', '=', r.event_id), eb('d.endpoint_id', '=', r.endpoint_id)]))))
      .execute();
    return details.map((d) => ({ ...d, attempts: Number(d.attempts) }));
  });
}

/** The outcome of one attempt, written only while `holder` still holds the lease (a late answer after the lease ran out changes nothing but the attempt log). */
export async function finishAttempt(db: Db, f: {
  eventId: string; endpointId: string; holder: string; attemptedAt: Date; durationMs: number; statusCode: number | null; error: string | null; excerpt: string;
  outcome: { status: 'delivered'; at: Date } | { status: 'failed' } | { status: 'pending'; nextAttemptAt: Date };
}): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('webhook_attempts').values({
      event_id: f.eventId, endpoint_id: f.endpointId, attempted_at: f.attemptedAt, duration_ms: f.durationMs, status_code: f.statusCode, error: f.error, response_excerpt: f.excerpt,
    }).execute();
    const o = f.outcome;
    const r = await tx.updateTable('webhook_deliveries')
      .set({
        status: o.status, lease_until: null, lease_holder: null, last_status: f.statusCode, last_error: f.error,
        ...(o.status === 'delivered' ? { delivered_at: o.at } : {}),
        ...(o.status === 'pending' ? { next_attempt_at: o.nextAttemptAt } : {}),
      })
      .where('event_id', '=', f.eventId).where('endpoint_id', '=', f.endpointId).where('lease_holder', '=', f.holder).where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  });
}

export async function disableEndpoint(db: Db, id: string, at: Date, reason: string): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ disabled_at: at, disabled_reason: reason }).where('id', '=', id).where('disabled_at', 'is', null).execute();
}

export interface DeliveryListRow extends WebhookDeliveryRow {
  type: string;
}

export function listDeliveries(db: Db, endpointId: string, limit: number): Promise<DeliveryListRow[]> {
  return db.selectFrom('webhook_deliveries as d').innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
    .selectAll('d').select('ev.type')
    .where('d.endpoint_id', '=', endpointId).orderBy('d.created_at', 'desc').orderBy('d.event_id', 'desc').limit(limit).execute();
}

export function listAttempts(db: Db, endpointId: string, eventIds: string[]): Promise<WebhookAttemptRow[]> {
  if (!eventIds.length) return Promise.resolve([]);
  return db.selectFrom('webhook_attempts').selectAll().where('endpoint_id', '=', endpointId).where('event_id', 'in', eventIds).orderBy('id').execute();
}

/** Queues a delivery again, now, with a fresh retry schedule (a manual redelivery). False when there is no such delivery. */
export async function requeueDelivery(db: Db, endpointId: string, eventId: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, lease_until: null, lease_holder: null, delivered_at: null })
    .where('event_id', '=', eventId).where('endpoint_id', '=', endpointId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
