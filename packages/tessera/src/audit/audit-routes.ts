import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditQuery, AuditService } from './audit-service.js';
import { CursorQuery, Nullable, StringEnum, WorkspaceRef, errorResponses } from '../http/common-schemas.js';
import { principalOf } from '../auth/request-context.js';
import { cursorField, decodeCursor, encodeCursor } from '../http/cursors.js';
import { auditCsvHeader, auditCsvRow } from './audit-csv.js';
import { AuditEvent } from './audit-schemas.js';

const filters = {
  actor: Type.Optional(Type.String({ maxLength: 64, description: 'Actor id (usr_… or tok_…)' })),
  action: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z_.]+\\*?$', description: 'An action, or a prefix ending in .* (e.g. token.*)' })),
  target: Type.Optional(Type.String({ maxLength: 64, description: 'Target id' })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
};

export const auditRoutes: FastifyPluginAsync<{ audit: AuditService }> = async (fastify, { audit }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(AuditEvent);
  const params = Type.Object({ workspace: WorkspaceRef });

  const listQuery = Type.Object({ ...filters, ...CursorQuery }, { additionalProperties: false });
  const listPage = Type.Object({ items: Type.Array(Type.Ref('AuditEvent')), next_cursor: Nullable(Type.String()) });
  /** The cursor in, the page out: both trails page the same way. */
  const paged = async (query: { cursor?: string | undefined } & AuditQuery, list: (q: AuditQuery) => Promise<{ items: unknown[]; next: string | null }>) => {
    const { cursor, ...q } = query;
    const before = decodeCursor(cursor, { s: cursorField.sequence })?.s;
    const page = await list({ ...q, ...(before ? { before } : {}) });
    return { items: page.items, next_cursor: page.next ? encodeCursor({ s: page.next }) : null };
  };

  app.get('/v1/workspaces/:workspace/audit-events', {
    schema: {
      operationId: 'listAuditEvents',
      tags: ['audit'], summary: 'The audit trail, newest first, with filters and cursor pagination', params,
      querystring: listQuery, response: { 200: listPage, ...errorResponses },
    },
  }, (request) => paged(request.query, (q) => audit.list(principalOf(request), request.params.workspace, q)));

  app.get('/v1/instance/audit-events', {
    schema: {
      operationId: 'listInstanceAuditEvents',
      tags: ['audit'],
      summary: "The instance's security log (instance administrators): events of no workspace, such as denials of unknown tokens and failed sign-ins",
      querystring: listQuery, response: { 200: listPage, ...errorResponses },
    },
  }, (request) => paged(request.query, (q) => audit.listInstance(principalOf(request), q)));

  app.get('/v1/workspaces/:workspace/audit-events/export', {
    schema: {
      operationId: 'exportAuditEvents',
      tags: ['audit'], summary: 'Export the audit trail as NDJSON (one event per line) or CSV', params,
      querystring: Type.Object({
        ...filters,
        format: Type.Optional(StringEnum(['ndjson', 'csv'], { default: 'ndjson', description: 'ndjson (one AuditEvent per line) or csv (a header row, details as JSON)' })),
      }, { additionalProperties: false }),
      response: {
        200: {
          description: 'NDJSON (one AuditEvent per line) or CSV (a header row, then one row per event)',
          content: { 'application/x-ndjson': { schema: Type.String() }, 'text/csv': { schema: Type.String() } },
        },
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const { format = 'ndjson', ...query } = request.query;
    const events = audit.export(principalOf(request), request.params.workspace, query);
    const first = await events.next(); // authorization errors surface here, before the 200 is sent
    const line = format === 'csv' ? auditCsvRow : (e: object) => `${JSON.stringify(e)}\n`;
    async function* lines() {
      if (format === 'csv') yield auditCsvHeader();
      if (!first.done) yield line(first.value);
      for await (const e of events) yield line(e);
    }
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="audit-${request.params.workspace}.${format}"`)
      .send(Readable.from(lines()) as unknown as string); // a stream of lines
  });
};
