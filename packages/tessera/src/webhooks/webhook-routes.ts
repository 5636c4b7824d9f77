import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import type { WebhookService } from './webhook-service.js';
import { CreateWebhookBody, DeliveryParams, NewWebhookSecret, RotateWebhookSecretBody, UpdateWebhookBody, WebhookDeliveryList, WebhookEndpoint, WebhookEndpointList, WebhookId } from './webhook-schemas.js';

const WorkspaceParams = Type.Object({ workspace: WorkspaceRef });

/** Webhook endpoints of a workspace (admins and owners): signed deliveries of token lifecycle events (docs/events.md). */
export const webhookRoutes: FastifyPluginAsync<{ webhooks: WebhookService }> = async (fastify, { webhooks }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(WebhookEndpoint);
  const tags = ['webhooks'];
  const unprocessable = { 422: ErrorResponse };

  app.post('/v1/workspaces/:workspace/webhooks', {
    schema: { operationId: 'createWebhook', tags, summary: 'Add a webhook endpoint (admins, owners). Its signing secret (whsec_…) is shown once', params: WorkspaceParams, body: CreateWebhookBody, response: { 201: NewWebhookSecret, ...errorResponses, ...unprocessable } },
  }, async (request, reply) => reply.status(201).send(await webhooks.create(principalOf(request), request.params.workspace, request.body, auditContextOf(request))));

  app.get('/v1/workspaces/:workspace/webhooks', {
    schema: { operationId: 'listWebhooks', tags, summary: "The workspace's webhook endpoints (admins, owners)", params: WorkspaceParams, response: { 200: WebhookEndpointList, ...errorResponses } },
  }, async (request) => ({ items: await webhooks.list(principalOf(request), request.params.workspace) }));

  app.get('/v1/webhooks/:id', {
    schema: { operationId: 'getWebhook', tags, summary: 'One webhook endpoint', params: WebhookId, response: { 200: WebhookEndpoint, ...errorResponses } },
  }, async (request) => webhooks.get(principalOf(request), request.params.id));

  app.patch('/v1/webhooks/:id', {
    schema: { operationId: 'updateWebhook', tags, summary: "Change a webhook endpoint's URL, description or event types, or enable or disable it", params: WebhookId, body: UpdateWebhookBody, response: { 200: WebhookEndpoint, ...errorResponses, ...unprocessable } },
  }, async (request) => webhooks.update(principalOf(request), request.params.id, request.body, auditContextOf(request)));

  app.delete('/v1/webhooks/:id', {
    schema: { operationId: 'deleteWebhook', tags, summary: 'Delete a webhook endpoint and its pending deliveries', params: WebhookId, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await webhooks.remove(principalOf(request), request.params.id, auditContextOf(request));
    return reply.status(204).send(null);
  });

  app.post('/v1/webhooks/:id/rotate-secret', {
    schema: { operationId: 'rotateWebhookSecret', tags, summary: 'A new signing secret, shown once; the previous one keeps signing for the overlap (both signatures are sent)', params: WebhookId, body: Type.Optional(RotateWebhookSecretBody), response: { 200: NewWebhookSecret, ...errorResponses } },
  }, async (request) => webhooks.rotateSecret(principalOf(request), request.params.id, request.body?.overlap_seconds, auditContextOf(request)));

  app.get('/v1/webhooks/:id/deliveries', {
    schema: { operationId: 'listWebhookDeliveries', tags, summary: "The endpoint's latest deliveries, newest first, with every attempt (status, duration, answer excerpt)", params: WebhookId, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }), response: { 200: WebhookDeliveryList, ...errorResponses } },
  }, async (request) => ({ items: await webhooks.deliveries(principalOf(request), request.params.id, request.query.limit) }));

  app.post('/v1/webhooks/:id/deliveries/:event_id/redeliver', {
    schema: { operationId: 'redeliverWebhook', tags, summary: 'Send an event to the endpoint again, now (same webhook-id), with a fresh retry schedule', params: DeliveryParams, response: { 202: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    await webhooks.redeliver(principalOf(request), request.params.id, request.params.event_id, auditContextOf(request));
    return reply.status(202).send(null);
  });
};
