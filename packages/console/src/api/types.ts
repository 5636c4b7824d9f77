/**
 * The shapes the public API answers with: generated from its OpenAPI document
 * (packages/tessera/src/api-types.gen.ts, `npm run api-types`), the same types the CLI uses.
 * Types only: nothing of the server reaches the bundle.
 */
import type { Me } from '../../../tessera/src/api-types.js';

export type {
  AuditEvent, BulkRevokeResult, Me, Member, MemberAdded, Page, Project, Role, Scope, ScopeInfo, SessionCreated, SetupCreated, SetupStatus, Token, TokenKind, TokenStatus,
  TokenWithSecret, TrustPolicy, TrustProvider, Upload, User, Verifier, VerifierWithSecret, WebhookDelivery, WebhookEndpoint, WebhookWithSecret,
  WorkspaceWithRole as Workspace,
} from '../../../tessera/src/api-types.js';

/** A workspace as GET /v1/me lists it: id, slug, name and the caller's role. */
export type WorkspaceRef = NonNullable<Me['workspaces']>[number];
