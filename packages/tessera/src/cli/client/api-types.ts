/**
 * The shapes the CLI reads: generated from the OpenAPI document (src/api-types.gen.ts), the
 * same types the console uses, so neither can drift from what the server sends.
 */
export type { AuditEvent, Me, Member, MemberAdded, Page, Project, ScopeInfo, SessionCreated, Token, TokenWithSecret, Validation, WorkspaceWithRole as Workspace } from '../../api-types.js';
