import type { Db } from '../db/database.js';
import { newId } from '../crypto/ids.js';
import { payloadOf, type WebhookEventInput } from './event-types.js';
import { enqueueEvent } from './webhook-repository.js';

/**
 * Writes webhook events into the outbox on the caller's executor: pass the transaction of the
 * change, so the event exists exactly when the change does. The delivery worker sends it later.
 * `at` is the event's timestamp and when its first attempt is due.
 */
export async function emitWebhookEvents(db: Db, events: readonly WebhookEventInput[], at: Date = new Date()): Promise<void> {
  for (const e of events) {
    await enqueueEvent(db, { id: newId('webhookEvent'), workspaceId: e.workspaceId, type: e.type, payload: payloadOf(e.type, at, e.data), at });
  }
}
