import type { components, operations } from './api-types.gen.js';

/**
 * Names for the API's shapes, for the CLI and the console: every one is taken from the types
 * generated from the OpenAPI document (api-types.gen.ts), none is written by hand. Types only:
 * importing this loads nothing of the server.
 */
export type { components, operations, paths } from './api-types.gen.js';

type Schemas = components['schemas'];
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON an operation answers with, by operationId and status: `ResponseOf<'getMe', 200>`. */
export type ResponseOf<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = JsonOf<operations[Op]['responses'][Status]>;
/** The JSON body an operation takes, by operationId. */
export type RequestOf<Op extends keyof operations> = JsonOf<NonNullable<operations[Op]['requestBody']>>;

export type Token = Schemas['Token'];
export type TokenWithSecret = ResponseOf<'createWorkspaceToken', 201>;
export type TokenKind = Token['kind'];
export type TokenStatus = Token['status'];
export type Scope = Token['scopes'][number];
export type BulkRevokeResult = ResponseOf<'revokeWorkspaceTokens', 200>;
export type Validation = ResponseOf<'validateToken', 200>;
/** One scope of the instance (GET /v1/scopes): built-in or platform-defined. */
export type ScopeInfo = Schemas['ScopeInfo'];

export type Workspace = Schemas['Workspace'];
export type WorkspaceWithRole = Schemas['WorkspaceWithRole'];
export type Role = WorkspaceWithRole['role'];
export type Project = Schemas['Project'];
export type Member = Schemas['Member'];
export type MemberAdded = ResponseOf<'addMember', 201>;

export type Me = ResponseOf<'getMe', 200>;
export type User = NonNullable<Me['user']>;
export type SessionCreated = ResponseOf<'createSession', 201>;
export type SetupCreated = ResponseOf<'completeSetup', 201>;
export type SetupStatus = ResponseOf<'getSetupStatus', 200>;

export type AuditEvent = Schemas['AuditEvent'];
export type Upload = Schemas['Upload'];
export type TrustPolicy = Schemas['TrustPolicy'];
export type TrustProvider = TrustPolicy['provider'];
export type Exchanged = ResponseOf<'exchangeOidcToken', 201>;

/** A page of a cursor-paginated list (tokens, audit events, uploads). */
export type Page<T> = { items: T[]; next_cursor: string | null };

export type Verifier = Schemas['Verifier'];
export type VerifierWithSecret = ResponseOf<'createWorkspaceVerifier', 201>;
export type InstanceAdmin = ResponseOf<'grantInstanceAdmin', 200>;
export type Introspection = ResponseOf<'introspectToken', 200>;

export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookWithSecret = ResponseOf<'createWebhook', 201>;
export type WebhookDelivery = ResponseOf<'listWebhookDeliveries', 200>['items'][number];
