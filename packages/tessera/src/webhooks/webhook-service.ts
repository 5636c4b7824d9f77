import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { WebhookEndpointRow } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { newId } from '../crypto/ids.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { authorize } from '../authz/authorize.js';
import type { Principal } from '../authz/principal.js';
import { ApiError, notFound } from '../errors/api-error.js';
import { classifyAddress, hostOf, isAllowListed, normalizeAllowedHost } from '../outbound/address-policy.js';
import { isIP } from 'node:net';
import { generateWebhookSecret } from './webhook-signature.js';
import type { EventType } from './event-types.js';
import * as repo from './webhook-repository.js';

/** The purpose the keyring seals webhook secrets under (a key of their own, derived from the pepper). */
export const SECRET_PURPOSE = 'webhook-secret';
const MAX_ENDPOINTS = 50;
const MAX_OVERLAP_SECONDS = 7 * 86400;
const DEFAULT_OVERLAP_SECONDS = 86400;

export interface WebhookEndpointView {
  id: string;
  workspace_id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  event_types: string[];
  status: 'enabled' | 'disabled';
  disabled_at: string | null;
  disabled_reason: string | null;
  /** When the previous secret stops signing (a rotation's overlap), or null. */
  previous_secret_expires_at: string | null;
  created_at: string;
  created_by: string | null;
}

export const endpointView = (r: WebhookEndpointRow, now: Date): WebhookEndpointView => ({
  id: r.id, workspace_id: r.workspace_id, url: r.url, description: r.description, event_types: r.event_types,
  status: r.disabled_at ? 'disabled' : 'enabled', disabled_at: r.disabled_at?.toISOString() ?? null, disabled_reason: r.disabled_reason,
  previous_secret_expires_at: r.previous_secret_expires_at && r.previous_secret_expires_at > now ? r.previous_secret_expires_at.toISOString() : null,
  created_at: r.created_at.toISOString(), created_by: r.created_by,
});

export interface WebhookServiceDeps {
  db: Db;
  keyring: PepperKeyring;
  /** Hosts deliveries may reach whatever their address (TESSERA_OUTBOUND_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Plain http to a loopback host (TESSERA_WEBHOOK_ALLOW_INSECURE: tests, local development). */
  allowInsecureLoopback: boolean;
  clock?: Clock;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/;
const target = (r: WebhookEndpointRow) => ({ type: 'webhook_endpoint', id: r.id, label: r.url.slice(0, 200) });

/**
 * Webhook endpoints of a workspace, managed by its admins and owners. The signing secret is shown
 * once (creation, rotation) and stored sealed by the keyring; a rotation keeps the previous secret
 * signing for an overlap, so receivers can switch without losing a delivery.
 */
export function createWebhookService(deps: WebhookServiceDeps) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const allowed = deps.allowedHosts.map(normalizeAllowedHost);

  /** Refuses a URL no delivery could go to: wrong scheme, credentials, a forbidden IP literal. Names are checked at each delivery. */
  function checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ApiError('invalid_request', 'body.url must be an absolute URL');
    }
    const host = hostOf(url);
    const insecureOk = url.protocol === 'http:' && deps.allowInsecureLoopback && LOOPBACK_HOST.test(host);
    if (url.protocol !== 'https:' && !insecureOk) throw new ApiError('webhook_url_not_allowed', 'a webhook URL must use https');
    if (url.username || url.password) throw new ApiError('webhook_url_not_allowed', 'a webhook URL must not carry credentials');
    if (isIP(host) && !isAllowListed(host, allowed) && !classifyAddress(host).allowed) {
      throw new ApiError('webhook_url_not_allowed', `${host} is not a public address; list it in TESSERA_OUTBOUND_ALLOWED_HOSTS to deliver there`);
    }
    return url.toString();
  }

  const seal = (secret: string) => {
    const { pepperId, sealed } = deps.keyring.seal(SECRET_PURPOSE, secret);
    return { pepperId, sealed };
  };

  async function loadManaged(tx: Db, principal: Principal, id: string, lock = false): Promise<WebhookEndpointRow> {
    const row = lock ? await repo.lockEndpoint(tx, id) : await repo.findEndpoint(tx, id);
    if (!row) throw notFound('webhook endpoint');
    await authorize(tx, principal, row.workspace_id, 'webhook.manage').catch((err: unknown) => {
      throw err instanceof ApiError && err.code === 'not_found' ? notFound('webhook endpoint') : err;
    });
    return row;
  }

  return {
    async create(principal: Principal, workspaceRef: string, input: { url: string; description?: string; event_types?: EventType[] }, ctx: AuditContext): Promise<WebhookEndpointView & { secret: string }> {
      const url = checkUrl(input.url);
      return db.transaction().execute(async (tx) => {
        const { workspace } = await authorize(tx, principal, workspaceRef, 'webhook.manage');
        if ((await repo.countEndpoints(tx, workspace.id)) >= MAX_ENDPOINTS) throw new ApiError('invalid_request', `a workspace may have at most ${MAX_ENDPOINTS} webhook endpoints`);
        const secret = generateWebhookSecret();
        const s = seal(secret);
        const row = await repo.insertEndpoint(tx, {
          id: newId('webhook'), workspace_id: workspace.id, url, description: input.description ?? '', event_types: [...new Set(input.event_types ?? [])],
          secret_pepper_id: s.pepperId, secret_sealed: s.sealed, created_at: clock.now(), created_by: ctx.actor.id,
        });
        await audit(tx, ctx, { workspaceId: workspace.id, action: 'webhook.created', target: target(row), details: { url: row.url, event_types: row.event_types } });
        return { ...endpointView(row, clock.now()), secret };
      });
    },

    async list(principal: Principal, workspaceRef: string): Promise<WebhookEndpointView[]> {
      const { workspace } = await authorize(db, principal, workspaceRef, 'webhook.manage');
      const at = clock.now();
      return (await repo.listEndpoints(db, workspace.id, MAX_ENDPOINTS * 5)).map((r) => endpointView(r, at));
    },

    async get(principal: Principal, id: string): Promise<WebhookEndpointView> {
      return endpointView(await loadManaged(db, principal, id), clock.now());
    },

    /** Changes the URL, description or event types; `enabled: true` turns a disabled endpoint (410, or by hand) back on, `false` off. */
    async update(principal: Principal, id: string, patch: { url?: string; description?: string; event_types?: EventType[]; enabled?: boolean }, ctx: AuditContext): Promise<WebhookEndpointView> {
      const url = patch.url !== undefined ? checkUrl(patch.url) : undefined;
      return db.transaction().execute(async (tx) => {
        const row = await loadManaged(tx, principal, id, true);
        const at = clock.now();
        const fields = {
          ...(url !== undefined ? { url } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.event_types !== undefined ? { event_types: [...new Set(patch.event_types)] } : {}),
          ...(patch.enabled === true ? { disabled_at: null, disabled_reason: null } : {}),
          ...(patch.enabled === false && !row.disabled_at ? { disabled_at: at, disabled_reason: 'disabled by hand' } : {}),
        };
        const updated = Object.keys(fields).length ? await repo.updateEndpoint(tx, row.id, fields) : row;
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'webhook.updated', target: target(updated), details: { changed: Object.keys(patch) } });
        return endpointView(updated, at);
      });
    },

    /**
     * A new signing secret, shown once. The previous one keeps signing (a second signature in
     * `webhook-signature`) for `overlapSeconds` (0: stops at once).
     */
    async rotateSecret(principal: Principal, id: string, overlapSeconds: number | undefined, ctx: AuditContext): Promise<WebhookEndpointView & { secret: string }> {
      const overlap = overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
      if (overlap < 0 || overlap > MAX_OVERLAP_SECONDS) throw new ApiError('invalid_request', `overlap_seconds must be between 0 and ${MAX_OVERLAP_SECONDS}`);
      return db.transaction().execute(async (tx) => {
        const row = await loadManaged(tx, principal, id, true);
        const at = clock.now();
        const secret = generateWebhookSecret();
        const s = seal(secret);
        const updated = await repo.updateEndpoint(tx, row.id, {
          secret_pepper_id: s.pepperId, secret_sealed: s.sealed,
          previous_secret_pepper_id: overlap > 0 ? row.secret_pepper_id : null,
          previous_secret_sealed: overlap > 0 ? row.secret_sealed : null,
          previous_secret_expires_at: overlap > 0 ? new Date(at.getTime() + overlap * 1000) : null,
        });
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'webhook.secret_rotated', target: target(row), details: { overlap_seconds: overlap } });
        return { ...endpointView(updated, at), secret };
      });
    },

    async remove(principal: Principal, id: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const row = await loadManaged(tx, principal, id, true);
        await repo.deleteEndpoint(tx, row.id);
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'webhook.deleted', target: target(row), details: { url: row.url } });
      });
    },

    /** The endpoint's latest deliveries, newest first, each with its attempts. */
    async deliveries(principal: Principal, id: string, limit = 50) {
      const row = await loadManaged(db, principal, id);
      const deliveries = await repo.listDeliveries(db, row.id, limit);
      const attempts = await repo.listAttempts(db, row.id, deliveries.map((d) => d.event_id));
      return deliveries.map((d) => ({
        event_id: d.event_id, type: d.type, status: d.status, attempts: Number(d.attempts),
        next_attempt_at: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
        delivered_at: d.delivered_at?.toISOString() ?? null, last_status: d.last_status, last_error: d.last_error, created_at: d.created_at.toISOString(),
        attempt_log: attempts.filter((a) => a.event_id === d.event_id).map((a) => ({
          attempted_at: a.attempted_at.toISOString(), status_code: a.status_code, duration_ms: a.duration_ms, error: a.error, response_excerpt: a.response_excerpt,
        })),
      }));
    },

    /** Sends an event to the endpoint again, now, with a fresh retry schedule (same webhook-id: receivers deduplicate on it). */
    async redeliver(principal: Principal, id: string, eventId: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const row = await loadManaged(tx, principal, id);
        if (!(await repo.requeueDelivery(tx, row.id, eventId, clock.now()))) throw notFound('delivery');
        await audit(tx, ctx, { workspaceId: row.workspace_id, action: 'webhook.redelivered', target: target(row), details: { event_id: eventId } });
      });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
