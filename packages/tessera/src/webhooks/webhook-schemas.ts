import { Type } from 'typebox';
import { IdOf, Nullable, NullableTimestamp, StringEnum, Timestamp } from '../http/common-schemas.js';
import { EVENT_TYPES } from './event-types.js';

export const WebhookId = Type.Object({ id: IdOf('whk') });
export const DeliveryParams = Type.Object({ id: IdOf('whk'), event_id: IdOf('msg') });

const EventTypeList = Type.Array(StringEnum(EVENT_TYPES), { maxItems: EVENT_TYPES.length, description: 'The event types to send; empty or absent: all of them.' });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'Where deliveries are POSTed: https (plain http only for loopback with TESSERA_WEBHOOK_ALLOW_INSECURE).' });
const Description = Type.String({ maxLength: 500 });

export const CreateWebhookBody = Type.Object({
  url: Url,
  description: Type.Optional(Description),
  event_types: Type.Optional(EventTypeList),
}, { additionalProperties: false });

export const UpdateWebhookBody = Type.Object({
  url: Type.Optional(Url),
  description: Type.Optional(Description),
  event_types: Type.Optional(EventTypeList),
  enabled: Type.Optional(Type.Boolean({ description: 'true: turn a disabled endpoint (410 Gone, or by hand) back on; false: stop deliveries (they wait, and go out when it is enabled again).' })),
}, { additionalProperties: false, minProperties: 1 });

export const RotateWebhookSecretBody = Type.Object({
  overlap_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86400, description: 'How long the previous secret keeps signing too (a second signature in webhook-signature). Default 86400 (a day); 0 stops it at once.' })),
}, { additionalProperties: false });

const endpointFields = {
  id: Type.String(),
  workspace_id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String()),
  status: StringEnum(['enabled', 'disabled']),
  disabled_at: NullableTimestamp,
  disabled_reason: Nullable(Type.String()),
  previous_secret_expires_at: Nullable(Type.String({ format: 'date-time', description: 'While a rotation overlaps: when the previous secret stops signing.' })),
  created_at: Timestamp,
  created_by: Nullable(Type.String()),
};

/** Response allow-list: never the secret, except the one-time answer of creation and rotation. */
export const WebhookEndpoint = Type.Object(endpointFields, { $id: 'WebhookEndpoint' });
export const NewWebhookSecret = Type.Object({ ...endpointFields, secret: Type.String({ description: 'The signing secret (whsec_…): shown only in this answer.' }) });
export const WebhookEndpointList = Type.Object({ items: Type.Array(Type.Ref('WebhookEndpoint')) });

const Attempt = Type.Object({
  attempted_at: Timestamp,
  status_code: Nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  error: Nullable(Type.String({ description: 'Why no answer came: timeout, connect_failed, forbidden_address, redirect, …' })),
  response_excerpt: Type.String({ description: 'The first KiB of the answer.' }),
});

export const WebhookDeliveryList = Type.Object({
  items: Type.Array(Type.Object({
    event_id: Type.String({ description: 'The webhook-id: the same on every attempt.' }),
    type: Type.String(),
    status: StringEnum(['pending', 'delivered', 'failed']),
    attempts: Type.Integer(),
    next_attempt_at: NullableTimestamp,
    delivered_at: NullableTimestamp,
    last_status: Nullable(Type.Integer()),
    last_error: Nullable(Type.String()),
    created_at: Timestamp,
    attempt_log: Type.Array(Attempt),
  })),
});
