/**
 * The Tessera API's types, generated from its OpenAPI document (/openapi.json) by
 * openapi-typescript. Do not edit: change the route schemas, then run `npm run api-types`.
 * src/docs/render-openapi.test.ts fails when this file is not what the code generates.
 */

export interface paths {
    "/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether first-run setup is still needed */
        get: operations["getSetupStatus"];
        put?: never;
        /** Create the first owner and workspace (only while no user exists) */
        post: operations["completeSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign out: revoke the session used for this request (and clear the browser cookie) */
        delete: operations["deleteCurrentSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: the user and their workspaces, or the token and what it may do */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate a token: who it is and what it may do */
        post: operations["validateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspaces you can act in, with your role in each */
        get: operations["listWorkspaces"];
        put?: never;
        /** Create a workspace; you become its owner */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workspace (by id or slug) and your role in it */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /** Delete the workspace with its projects, members and tokens (owner, signed in: not with an API token) */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /** Rename the workspace or change its token policy (owner) */
        patch: operations["updateWorkspace"];
        trace?: never;
    };
    "/v1/workspaces/{workspace}/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List projects */
        get: operations["listProjects"];
        put?: never;
        /** Create a project (a repository) */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/projects/{project}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One project, by id or slug (a project token may read its own) */
        get: operations["getProject"];
        put?: never;
        post?: never;
        /** Delete a project: its tokens are revoked, then deleted with it */
        delete: operations["deleteProject"];
        options?: never;
        head?: never;
        /** Rename a project (name or slug) */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/v1/workspaces/{workspace}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members: humans and service accounts, with their role */
        get: operations["listMembers"];
        put?: never;
        /** Add a user by email; an unknown email gets an account and a one-time invitation code (7 days) */
        post: operations["addMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member, or leave (your own id); their personal tokens restricted to this workspace are revoked, a service account is deleted */
        delete: operations["removeMember"];
        options?: never;
        head?: never;
        /** Change a member's role (granting or taking the owner role needs an owner) */
        patch: operations["updateMember"];
        trace?: never;
    };
    "/v1/workspaces/{workspace}/members/{user_id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new one-time invitation code (7 days) to a member who has not accepted one; earlier codes stop working */
        post: operations["reissueInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List service accounts */
        get: operations["listServiceAccounts"];
        put?: never;
        /** Create a service account (a non-human member); give it tokens with POST /v1/workspaces/{workspace}/tokens {kind: "personal", user_id} */
        post: operations["createServiceAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/service-accounts/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a service account: its tokens are revoked, then deleted with it */
        delete: operations["deleteServiceAccount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: choose your password and sign in */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tokens (admins see all; others see their own personal tokens). Never returns secrets. */
        get: operations["listWorkspaceTokens"];
        put?: never;
        /** Create a workspace, project or personal token. The response is the only one that ever holds the secret. */
        post: operations["createWorkspaceToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/tokens/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke many tokens at once: by id, by kind or project, or every token without expiration */
        post: operations["revokeWorkspaceTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One token (metadata only) */
        get: operations["getToken"];
        put?: never;
        post?: never;
        /** Revoke a token: it fails from the very next request */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        /** Rename a token or change its description, agent type or labels */
        patch: operations["updateToken"];
        trace?: never;
    };
    "/v1/tokens/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a replacement token; the old one keeps working (status rotating) for the grace period, then stops */
        post: operations["rotateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your personal tokens across all workspaces */
        get: operations["listMyTokens"];
        put?: never;
        /** Create a personal token for yourself: usable in all your workspaces, or restricted to one */
        post: operations["createMyToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail, newest first, with filters and cursor pagination */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/instance/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The instance's security log (instance administrators): events of no workspace, such as denials of unknown tokens and failed sign-ins */
        get: operations["listInstanceAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/audit-events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export the audit trail as NDJSON (one event per line) or CSV */
        get: operations["exportAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{project}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project's uploads, newest first, with filters (branch, commit, kind) and cursor pagination */
        get: operations["listUploads"];
        put?: never;
        /**
         * Upload a coverage, test-results or analysis report (raw body or multipart, gzip accepted); answers with its parsed summary
         * @description Send the file as the body (any content type but multipart; `Content-Encoding: gzip` or a gzip file is decompressed) with metadata in the query string, or as the file part of a multipart/form-data form with metadata as fields. Needs the `upload` or `write` scope. Tokenless CI: the Bearer credential may also be the CI job's OIDC ID token itself (a JWT), exchanged on the spot as by POST /v1/oidc/exchange (single use).
         */
        post: operations["createUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{project}/uploads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One upload: its metadata and parsed summary (never the file) */
        get: operations["getUpload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{project}/uploads/{id}/raw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the uploaded file as stored (decompressed), as an attachment */
        get: operations["downloadUpload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/trust-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every CI trust policy of the workspace and its projects */
        get: operations["listWorkspaceTrustPolicies"];
        put?: never;
        /** Create a workspace-wide CI trust policy: matching jobs may mint ci tokens for any project of the workspace they name */
        post: operations["createWorkspaceTrustPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/projects/{project}/trust-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The CI trust policies that reach a project: its own and the workspace-wide ones */
        get: operations["listProjectTrustPolicies"];
        put?: never;
        /** Create a CI trust policy for one project: matching jobs may mint short-lived ci tokens for it */
        post: operations["createProjectTrustPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/trust-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One CI trust policy */
        get: operations["getTrustPolicy"];
        put?: never;
        post?: never;
        /** Delete a trust policy: matching jobs can no longer mint tokens (tokens already minted expire on their own) */
        delete: operations["deleteTrustPolicy"];
        options?: never;
        head?: never;
        /** Change a trust policy's name, scopes, lifetime or conditions (new conditions unpin the old repository ids) */
        patch: operations["updateTrustPolicy"];
        trace?: never;
    };
    "/v1/oidc/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a CI job's OIDC ID token (GitHub Actions, GitLab CI, …) for a short-lived ci token, as a trust policy allows
         * @description The ID token must be signed (RS256/ES256) by an issuer some trust policy names, carry this server's audience, be unexpired, younger than the maximum age and not exchanged before. The answer is a project-bound `tsrc_` token with the policy's scopes, valid for the policy's lifetime.
         */
        post: operations["exchangeOidcToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/gateway": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Gateway check for nginx auth_request, Caddy forward_auth, Traefik ForwardAuth, Envoy ext_authz (any method)
         * @description Accepts any method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) with the same answer. Reads `Authorization: Bearer <token>` and the original method (`X-Original-Method`, else `X-Forwarded-Method`, else this request's). The body is ignored, never read. See docs/integrate.md.
         */
        get: operations["gatewayCheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List this instance's scopes: the built-in ones and those its operator declared, with the token kinds that may hold each and the lowest role that may grant it */
        get: operations["listScopes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verifiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The instance-wide verifier credentials (instance administrators) */
        get: operations["listInstanceVerifiers"];
        put?: never;
        /** Create an instance-wide verifier credential (instance administrators): it may verify every token of the instance, and nothing else. The secret is shown once */
        post: operations["createInstanceVerifier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/verifiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's verifier credentials (admins and owners) */
        get: operations["listWorkspaceVerifiers"];
        put?: never;
        /** Create a verifier credential bound to the workspace (owners): it may verify the workspace's tokens only. The secret is shown once */
        post: operations["createWorkspaceVerifier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verifiers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a verifier credential, on every node at once (workspace owners; instance administrators for instance-wide ones) */
        delete: operations["revokeVerifier"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/instance-admins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The instance administrators (instance administrators) */
        get: operations["listInstanceAdmins"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/instance-admins/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Make a user an instance administrator (instance administrators) */
        put: operations["grantInstanceAdmin"];
        post?: never;
        /** Remove an instance administrator (not the last one) */
        delete: operations["revokeInstanceAdmin"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 7662 token introspection: is this token active, and for what (verifier credentials only; form-encoded or JSON) */
        post: operations["introspectToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verifiers/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invalidation stream for SDK caches (verifier credentials only): which verified tokens to forget, as Server-Sent Events
         * @description Server-Sent Events. Each event's `data` is JSON:
         *     - `ready` `{"epoch","workspace_id","heartbeat_ms"}` first;
         *     - `invalidate` `{"keys":[…]}` (id `<epoch>:<seq>`): evict the cached tokens the keys select — `t:<public id>`, `u:<user id>` (`u:*`: every personal token), `w:<workspace id>`, `j:<project id>` (`j:*`: every project-bound token), `*` (everything);
         *     - `flush` (with an id): evict everything (a resume this node cannot serve, or its listener reconnected);
         *     - `heartbeat`: sent every few seconds only while the node trusts its own invalidation listener;
         *     - `untrusted`: the node's listener is down or silent: verify every token with the server until the next heartbeat.
         *     Resume with `Last-Event-ID`: the events missed are replayed if this node still holds them, otherwise a `flush` comes first.
         */
        get: operations["verifierEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{workspace}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's webhook endpoints (admins, owners) */
        get: operations["listWebhooks"];
        put?: never;
        /** Add a webhook endpoint (admins, owners). Its signing secret (whsec_…) is shown once */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its pending deliveries */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change a webhook endpoint's URL, description or event types, or enable or disable it */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret, shown once; the previous one keeps signing for the overlap (both signatures are sent) */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's latest deliveries, newest first, with every attempt (status, duration, answer excerpt) */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{event_id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an event to the endpoint again, now (same webhook-id), with a fresh retry schedule */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/report-leak": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a Tessera token found where it should not be (any scanner, or a person). The token is the proof: a live one is revoked or flagged per its workspace's leak_response */
        post: operations["reportLeakedToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/secret-scanning/github": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * GitHub secret-scanning partner endpoint: a signed JSON array of `{token, type, url, source}` matches (at most 100); answers the feedback list
         * @description Verifies `Github-Public-Key-Signature` (base64 DER ECDSA P-256 SHA-256 over the raw body) with the key `Github-Public-Key-Identifier` names, from TESSERA_GITHUB_SCANNING_KEYS_URL; a bad or missing signature is `401 invalid_signature` and nothing is read.
         */
        post: operations["githubSecretScanning"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The one error shape of the API. */
        Error: {
            error: {
                /** @description Stable machine-readable code; see docs/errors.md. */
                code: string;
                message: string;
                request_id: string;
            } & {
                [key: string]: unknown;
            };
        };
        Workspace: {
            id: string;
            slug: string;
            name: string;
            /** Format: date-time */
            created_at: string;
            max_token_lifetime_days: number;
            default_token_lifetime_days: number;
            allow_non_expiring_tokens: boolean;
            token_limit: number | null;
            /**
             * @description What a reported leak of one of its tokens (GitHub secret scanning, report-leak) does: revoke it at once, or only flag it (audit, token.leaked).
             * @enum {string}
             */
            leak_response: "revoke" | "flag";
        };
        /** @description A workspace and the role the caller acts with in it. */
        WorkspaceWithRole: {
            id: string;
            slug: string;
            name: string;
            /** Format: date-time */
            created_at: string;
            max_token_lifetime_days: number;
            default_token_lifetime_days: number;
            allow_non_expiring_tokens: boolean;
            token_limit: number | null;
            /**
             * @description What a reported leak of one of its tokens (GitHub secret scanning, report-leak) does: revoke it at once, or only flag it (audit, token.leaked).
             * @enum {string}
             */
            leak_response: "revoke" | "flag";
            /**
             * @description owner > admin > member > viewer
             * @enum {string}
             */
            role: "owner" | "admin" | "member" | "viewer";
        };
        Project: {
            id: string;
            workspace_id: string;
            slug: string;
            name: string;
            /** Format: date-time */
            created_at: string;
        };
        Member: {
            user_id: string;
            /**
             * @description human, or service for a service account
             * @enum {string}
             */
            kind: "human" | "service";
            email: string | null;
            name: string;
            /**
             * @description owner > admin > member > viewer
             * @enum {string}
             */
            role: "owner" | "admin" | "member" | "viewer";
            /** @description Invited and has not accepted yet (no password set). */
            pending: boolean;
            /** Format: date-time */
            created_at: string;
        };
        Token: {
            id: string;
            /** @enum {string} */
            kind: "workspace" | "project" | "personal" | "ci";
            name: string;
            description: string;
            /** @description brand + kind + public id, e.g. tsrp_Ab3dE5fG: safe to show and log. */
            display_prefix: string;
            workspace_id: string | null;
            project_id: string | null;
            user_id: string | null;
            scopes: ("read" | "write" | "upload" | "admin")[];
            /** @enum {string} */
            status: "active" | "rotating" | "expired" | "revoked";
            /** Format: date-time */
            created_at: string;
            created_by: string | null;
            /** Format: date-time */
            expires_at: string | null;
            /** Format: date-time */
            last_used_at: string | null;
            last_used_ip: string | null;
            /** Format: date-time */
            revoked_at: string | null;
            revoked_by: string | null;
            revoke_reason: string | null;
            /** Format: date-time */
            grace_period_ends_at: string | null;
            rotated_from: string | null;
            rotated_to: string | null;
            agent_type: string;
            labels: {
                [key: string]: string;
            };
            /** @description A canary token: it never grants anything; any use is answered as an invalid token and reported (token.canary_triggered). */
            canary: boolean;
            /**
             * Format: date-time
             * @description When a scanner or a person first reported it leaked.
             */
            leaked_at: string | null;
        };
        AuditEvent: {
            id: string;
            /** Format: date-time */
            occurred_at: string;
            workspace_id: string | null;
            actor: {
                type: string;
                id: string | null;
                label: string | null;
            };
            /** @description e.g. token.created, token.revoked, member.added, auth.denied */
            action: string;
            target: {
                type: string;
                id: string | null;
                label: string | null;
            } | null;
            ip: string | null;
            user_agent: string | null;
            details: {
                [key: string]: unknown;
            };
        };
        Upload: {
            id: string;
            workspace_id: string;
            project_id: string;
            /**
             * @description coverage, test-results or analysis
             * @enum {string}
             */
            kind: "coverage" | "test-results" | "analysis";
            /** @enum {unknown} */
            format: "lcov" | "cobertura" | "junit" | "sarif" | "unknown";
            filename: string;
            content_type: string;
            /** @description Size of the stored file, after gzip decompression. */
            size_bytes: number;
            /** @description Hex SHA-256 of the stored file: the bytes …/raw returns. */
            sha256: string;
            /** @enum {unknown} */
            parse_status: "parsed" | "unparsable";
            /** @description Why the file could not be read, when unparsable. */
            parse_error: string | null;
            summary: ({
                lines_found: number;
                lines_hit: number;
                /** @description Lines hit over lines found, in percent (two decimals). */
                percent: number | null;
                files: number;
            } | {
                tests: number;
                passed: number;
                failed: number;
                skipped: number;
            } | {
                results: number;
                by_level: {
                    error: number;
                    warning: number;
                    note: number;
                    none: number;
                };
            }) | null;
            commit: string | null;
            branch: string | null;
            pull_request: string | null;
            ci_provider: string | null;
            build_id: string | null;
            /** @description The API token that sent it (null for a session). */
            token_id: string | null;
            /** @description The user a session or personal token sent it for. */
            user_id: string | null;
            /** Format: date-time */
            created_at: string;
            /** @description This upload in the API. */
            url: string;
            /** @description Where to download the file. */
            raw_url: string;
        };
        TrustPolicy: {
            id: string;
            workspace_id: string;
            /** @description null: applies to every project of the workspace. */
            project_id: string | null;
            name: string;
            /** @enum {string} */
            provider: "github" | "gitlab" | "generic";
            issuer: string;
            conditions: {
                [key: string]: unknown;
            };
            scopes: ("read" | "upload")[];
            lifetime_seconds: number;
            /** Format: date-time */
            pinned_at: string | null;
            created_by: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ScopeInfo: {
            /** @description The scope, as tokens hold it and verification answers report it. */
            name: string;
            description: string;
            /** @description The token kinds that may hold it. */
            kinds: ("workspace" | "project" | "personal" | "ci")[];
            /**
             * @description owner > admin > member > viewer
             * @enum {string}
             */
            min_role: "owner" | "admin" | "member" | "viewer";
            /** @description true: one of Tessera's own scopes (read, write, upload, admin), which authorize its routes; false: declared by the operator for the platform Tessera protects (never authorizes Tessera's own routes). */
            builtin: boolean;
        };
        Verifier: {
            id: string;
            name: string;
            /** @description The credential's first characters (tsrv_ + public id): safe to show and log. */
            display_prefix: string;
            /** @description null: instance-wide (verifies every token of the instance). */
            workspace_id: string | null;
            /** @enum {string} */
            status: "active" | "revoked";
            /** Format: date-time */
            created_at: string;
            /** @description Who created it (user or token id). */
            created_by: string | null;
            /** @description The creator's email or token prefix. */
            created_by_label: string | null;
            /** Format: date-time */
            last_used_at: string | null;
            /** Format: date-time */
            revoked_at: string | null;
        };
        WebhookEndpoint: {
            id: string;
            workspace_id: string;
            url: string;
            description: string;
            event_types: string[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /** Format: date-time */
            disabled_at: string | null;
            disabled_reason: string | null;
            /**
             * Format: date-time
             * @description While a rotation overlaps: when the previous secret stops signing.
             */
            previous_secret_expires_at: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getSetupStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        setup_required: boolean;
                    };
                };
            };
        };
    };
    completeSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The one-time code printed by the server at start-up. */
                    setup_code: string;
                    /** Format: email */
                    email: string;
                    /** @description At least 10 characters. */
                    password: string;
                    name: string;
                    workspace: {
                        name: string;
                        /** @description Lowercase letters, digits and inner hyphens (like a GitHub organization). */
                        slug: string;
                    };
                    /** @description Browser sign-in: hold the session in an HttpOnly cookie instead of returning it; the answer then carries csrf_token instead of token. */
                    cookie?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The session bearer token. Absent with cookie: true. */
                        token?: string;
                        /** @description With cookie: true: send it as X-CSRF-Token on every request that changes something. */
                        csrf_token?: string;
                        /** Format: date-time */
                        expires_at: string;
                        user: {
                            id: string;
                            email: string | null;
                            name: string;
                            /** @enum {string} */
                            kind: "human" | "service";
                            /** @description GET /v1/me: an instance administrator, who manages instance-wide verifier credentials. */
                            instance_admin?: boolean;
                        };
                        workspace: {
                            id: string;
                            slug: string;
                            name: string;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    /** @description Browser sign-in: hold the session in an HttpOnly cookie instead of returning it; the answer then carries csrf_token instead of token. */
                    cookie?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The session bearer token. Shown once. Absent with cookie: true. */
                        token?: string;
                        /** @description With cookie: true: send it as X-CSRF-Token on every request that changes something. */
                        csrf_token?: string;
                        /** Format: date-time */
                        expires_at: string;
                        user: {
                            id: string;
                            email: string | null;
                            name: string;
                            /** @enum {string} */
                            kind: "human" | "service";
                            /** @description GET /v1/me: an instance administrator, who manages instance-wide verifier credentials. */
                            instance_admin?: boolean;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteCurrentSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        principal: "session" | "token";
                        /** @description For a browser session (cookie): the X-CSRF-Token value its changes need. */
                        csrf_token?: string;
                        user?: {
                            id: string;
                            email: string | null;
                            name: string;
                            /** @enum {string} */
                            kind: "human" | "service";
                            /** @description GET /v1/me: an instance administrator, who manages instance-wide verifier credentials. */
                            instance_admin?: boolean;
                        };
                        workspaces?: {
                            id: string;
                            slug: string;
                            name: string;
                            /**
                             * @description owner > admin > member > viewer
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "member" | "viewer";
                        }[];
                        token?: {
                            id: string;
                            /** @enum {string} */
                            kind: "workspace" | "project" | "personal" | "ci";
                            name: string;
                            display_prefix: string;
                            /** @description Effective scopes: the token's scopes that its role may grant now (for an unrestricted personal token with no workspace named: those it holds in every one of its workspaces). */
                            scopes: ("read" | "write" | "upload" | "admin")[];
                            /** @description The scopes the token was created with; never act on these, they may exceed what its user may do now. */
                            granted_scopes: ("read" | "write" | "upload" | "admin")[];
                            /** @description The role it acts with: a personal token's user's current role in its workspace (or the named one), admin for a workspace token, member for project and ci tokens; null for an unrestricted personal token when no workspace is named, or where it cannot act. */
                            role: ("owner" | "admin" | "member" | "viewer") | null;
                            /**
                             * @description rotating: replaced by a rotation, it stops working at grace_ends_at.
                             * @enum {string}
                             */
                            status: "active" | "rotating";
                            /** @description For a rotating token: when it stops working; null otherwise. */
                            grace_ends_at: string | null;
                            /** @description Unrestricted personal tokens only: each workspace of its user, with the user's role and the token's effective scopes there. */
                            workspaces?: {
                                workspace_id: string;
                                /**
                                 * @description owner > admin > member > viewer
                                 * @enum {string}
                                 */
                                role: "owner" | "admin" | "member" | "viewer";
                                scopes: ("read" | "write" | "upload" | "admin")[];
                            }[];
                            workspace_id: string | null;
                            project_id: string | null;
                            user_id: string | null;
                            /** Format: date-time */
                            expires_at: string | null;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    validateToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    /** @description A workspace id: answer `role` and `scopes` for that workspace (an unrestricted personal token acts in each of its user's workspaces with a different role; any token answers no role and no scopes for a workspace it cannot act in). */
                    workspace?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        valid: boolean;
                        /** @description When not valid: malformed, invalid, expired or revoked. */
                        code?: string;
                        /** @description For malformed tokens: which check failed (e.g. trailing_newline). */
                        reason?: string;
                        message?: string;
                        token_id?: string;
                        kind?: string;
                        display_prefix?: string;
                        workspace_id?: string | null;
                        /** @description Same as workspace_id (nolapse compatibility). */
                        org_id?: string | null;
                        project_id?: string | null;
                        user_id?: string | null;
                        /** @description Effective scopes: the token's scopes that its role may grant now (for an unrestricted personal token with no workspace named: those it holds in every one of its workspaces). */
                        scopes?: ("read" | "write" | "upload" | "admin")[];
                        /** @description The scopes the token was created with; never act on these, they may exceed what its user may do now. */
                        granted_scopes?: ("read" | "write" | "upload" | "admin")[];
                        /** @description The role it acts with: a personal token's user's current role in its workspace (or the named one), admin for a workspace token, member for project and ci tokens; null for an unrestricted personal token when no workspace is named, or where it cannot act. */
                        role?: ("owner" | "admin" | "member" | "viewer") | null;
                        /**
                         * @description rotating: replaced by a rotation, it stops working at grace_ends_at.
                         * @enum {string}
                         */
                        status?: "active" | "rotating";
                        /** @description For a rotating token: when it stops working; null otherwise. */
                        grace_ends_at?: string | null;
                        /** @description Unrestricted personal tokens only: each workspace of its user, with the user's role and the token's effective scopes there. */
                        workspaces?: {
                            workspace_id: string;
                            /**
                             * @description owner > admin > member > viewer
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "member" | "viewer";
                            scopes: ("read" | "write" | "upload" | "admin")[];
                        }[];
                        /** Format: date-time */
                        expires_at?: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WorkspaceWithRole"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Lowercase letters, digits and inner hyphens (like a GitHub organization). */
                    slug: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A workspace and the role the caller acts with in it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceWithRole"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description Lowercase letters, digits and inner hyphens (like a GitHub organization). */
                    slug?: string;
                    /** @description The longest a new token may live, in days. */
                    max_token_lifetime_days?: number;
                    /** @description The lifetime of a new token that names none; at most max_token_lifetime_days. */
                    default_token_lifetime_days?: number;
                    allow_non_expiring_tokens?: boolean;
                    /** @description Most active tokens in the workspace; null for no limit. */
                    token_limit?: number | null;
                    /**
                     * @description What a reported leak of one of its tokens does: revoke (default) or flag only.
                     * @enum {string}
                     */
                    leak_response?: "revoke" | "flag";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProjects: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Project"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Lowercase letters, digits, dot, underscore, hyphen (like a repository name). */
                    slug: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description Project id (prj_…) or slug. */
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description Project id (prj_…) or slug. */
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description Project id (prj_…) or slug. */
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description Lowercase letters, digits, dot, underscore, hyphen (like a repository name). */
                    slug?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Project"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMembers: {
        parameters: {
            query?: {
                /** @description human, or service for a service account */
                kind?: "human" | "service";
            };
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Member"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /**
                     * @description owner > admin > member > viewer
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "member" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user_id: string;
                        /**
                         * @description human, or service for a service account
                         * @enum {string}
                         */
                        kind: "human" | "service";
                        email: string | null;
                        name: string;
                        /**
                         * @description owner > admin > member > viewer
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @description Invited and has not accepted yet (no password set). */
                        pending: boolean;
                        /** Format: date-time */
                        created_at: string;
                        invitation?: {
                            /** @description One-time invitation code: give it to the invitee (POST /v1/invitations/accept). Shown once. */
                            code: string;
                            /** Format: date-time */
                            expires_at: string;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description owner > admin > member > viewer
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "member" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reissueInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user_id: string;
                        /**
                         * @description human, or service for a service account
                         * @enum {string}
                         */
                        kind: "human" | "service";
                        email: string | null;
                        name: string;
                        /**
                         * @description owner > admin > member > viewer
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @description Invited and has not accepted yet (no password set). */
                        pending: boolean;
                        /** Format: date-time */
                        created_at: string;
                        invitation?: {
                            /** @description One-time invitation code: give it to the invitee (POST /v1/invitations/accept). Shown once. */
                            code: string;
                            /** Format: date-time */
                            expires_at: string;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listServiceAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Member"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createServiceAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /**
                     * @description owner > admin > member > viewer
                     * @enum {string}
                     */
                    role: "owner" | "admin" | "member" | "viewer";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteServiceAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The one-time code from POST /v1/workspaces/{workspace}/members. */
                    code: string;
                    /** @description At least 10 characters. */
                    password: string;
                    name?: string;
                    /** @description Browser sign-in: hold the session in an HttpOnly cookie instead of returning it; the answer then carries csrf_token instead of token. */
                    cookie?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The session bearer token. Absent with cookie: true. */
                        token?: string;
                        /** @description With cookie: true: send it as X-CSRF-Token on every request that changes something. */
                        csrf_token?: string;
                        /** Format: date-time */
                        expires_at: string;
                        user: {
                            id: string;
                            email: string | null;
                            name: string;
                            /** @enum {string} */
                            kind: "human" | "service";
                            /** @description GET /v1/me: an instance administrator, who manages instance-wide verifier credentials. */
                            instance_admin?: boolean;
                        };
                        workspace: {
                            id: string;
                            slug: string;
                            name: string;
                        };
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceTokens: {
        parameters: {
            query?: {
                kind?: "workspace" | "project" | "personal" | "ci";
                /** @description Project id (prj_…) or slug. */
                project?: string;
                status?: "active" | "rotating" | "expired" | "revoked";
                expiring_before?: string;
                /** @description Search: tokens whose name (any case) or display prefix contains this text. */
                q?: string;
                /** @description Only tokens created by this actor (a user, service account or token id). */
                created_by?: string;
                /** @description Order: created_at, name, expires_at (never-expiring last) or last_used_at (never-used first); a leading - is descending. next_cursor belongs to the sort it was issued for. */
                sort?: "-created_at" | "created_at" | "name" | "-name" | "expires_at" | "-expires_at" | "last_used_at" | "-last_used_at";
                limit?: number;
                /** @description next_cursor from the previous page, with the same sort */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Token"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspaceToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description ci tokens are minted by POST /v1/oidc/exchange only.
                     * @enum {string}
                     */
                    kind: "workspace" | "project" | "personal";
                    /** @description Project id (prj_…) or slug. */
                    project?: string;
                    /** @description An id starting with usr_ */
                    user_id?: string;
                    /** @description A canary (workspace and project tokens): never grants anything; plant it in CI variables or repositories, and any use of it emits token.canary_triggered with the IP, user agent and route. */
                    canary?: boolean;
                    name: string;
                    description?: string;
                    /** @description Built-in scopes (read, write, upload, admin) and platform-defined ones: GET /v1/scopes lists them, with the token kinds that may hold each and the lowest role that may grant it. */
                    scopes: string[];
                    /**
                     * Format: date-time
                     * @description A custom expiry, or null for none (where the workspace policy allows it).
                     */
                    expires_at?: string | null;
                    /** @description Presets 7, 30, 90, or any number of days within the policy maximum. */
                    expires_in_days?: number;
                    /** @description Free text naming what uses the token (nolapse agent_type). */
                    agent_type?: string;
                    /** @description Free key/value labels. */
                    labels?: {
                        [key: string]: string;
                    };
                    /** @description Ignored: the workspace comes from the path (or `workspace`), never from here. */
                    workspace_id?: unknown;
                    /** @description Ignored (nolapse compatibility): the workspace comes from the path, never from here. */
                    org_id?: unknown;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"] & {
                        /** @description The token. This is the only response that ever contains it: store it now. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeWorkspaceTokens: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    token_ids?: string[];
                    /** @description Revoke every live token that never expires (Codacy). */
                    without_expiration?: boolean;
                    /** @enum {string} */
                    kind?: "workspace" | "project" | "personal" | "ci";
                    /** @description Project id (prj_…) or slug. */
                    project?: string;
                    /** @description Revoke every token you may revoke in this workspace. */
                    all?: boolean;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked_count: number;
                        tokens: {
                            id: string;
                            display_prefix: string;
                            name: string;
                        }[];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A token id (tok_…) or its display prefix (tsrp_Ab3dE5fG) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: {
                reason?: string;
            };
            header?: never;
            path: {
                /** @description A token id (tok_…) or its display prefix (tsrp_Ab3dE5fG) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A token id (tok_…) or its display prefix (tsrp_Ab3dE5fG) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string;
                    /** @description Free text naming what uses the token (nolapse agent_type). */
                    agent_type?: string;
                    /** @description Free key/value labels. */
                    labels?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A token id (tok_…) or its display prefix (tsrp_Ab3dE5fG) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description How long the old token keeps working (0 = stops now; at most 7 days).
                     * @default 0
                     */
                    grace_period_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"] & {
                        /** @description The token. This is the only response that ever contains it: store it now. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyTokens: {
        parameters: {
            query?: {
                status?: "active" | "rotating" | "expired" | "revoked";
                /** @description Search: tokens whose name (any case) or display prefix contains this text. */
                q?: string;
                /** @description Order: created_at, name, expires_at (never-expiring last) or last_used_at (never-used first); a leading - is descending. next_cursor belongs to the sort it was issued for. */
                sort?: "-created_at" | "created_at" | "name" | "-name" | "expires_at" | "-expires_at" | "last_used_at" | "-last_used_at";
                limit?: number;
                /** @description next_cursor from the previous page, with the same sort */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Token"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createMyToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Restrict the token to this workspace (id or slug). */
                    workspace?: string;
                    name: string;
                    description?: string;
                    /** @description Built-in scopes (read, write, upload, admin) and platform-defined ones: GET /v1/scopes lists them, with the token kinds that may hold each and the lowest role that may grant it. */
                    scopes: string[];
                    /**
                     * Format: date-time
                     * @description A custom expiry, or null for none (where the workspace policy allows it).
                     */
                    expires_at?: string | null;
                    /** @description Presets 7, 30, 90, or any number of days within the policy maximum. */
                    expires_in_days?: number;
                    /** @description Free text naming what uses the token (nolapse agent_type). */
                    agent_type?: string;
                    /** @description Free key/value labels. */
                    labels?: {
                        [key: string]: string;
                    };
                    /** @description Ignored: the workspace comes from the path (or `workspace`), never from here. */
                    workspace_id?: unknown;
                    /** @description Ignored (nolapse compatibility): the workspace comes from the path, never from here. */
                    org_id?: unknown;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"] & {
                        /** @description The token. This is the only response that ever contains it: store it now. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description Actor id (usr_… or tok_…) */
                actor?: string;
                /** @description An action, or a prefix ending in .* (e.g. token.*) */
                action?: string;
                /** @description Target id */
                target?: string;
                since?: string;
                until?: string;
                limit?: number;
                /** @description next_cursor from the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEvent"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listInstanceAuditEvents: {
        parameters: {
            query?: {
                /** @description Actor id (usr_… or tok_…) */
                actor?: string;
                /** @description An action, or a prefix ending in .* (e.g. token.*) */
                action?: string;
                /** @description Target id */
                target?: string;
                since?: string;
                until?: string;
                limit?: number;
                /** @description next_cursor from the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEvent"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportAuditEvents: {
        parameters: {
            query?: {
                /** @description Actor id (usr_… or tok_…) */
                actor?: string;
                /** @description An action, or a prefix ending in .* (e.g. token.*) */
                action?: string;
                /** @description Target id */
                target?: string;
                since?: string;
                until?: string;
                /** @description ndjson (one AuditEvent per line) or csv (a header row, details as JSON) */
                format?: "ndjson" | "csv";
            };
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON (one AuditEvent per line) or CSV (a header row, then one row per event) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listUploads: {
        parameters: {
            query?: {
                branch?: string;
                /** @description A full SHA, or a prefix of at least 7 hex digits. */
                commit?: string;
                /** @description coverage, test-results or analysis */
                kind?: "coverage" | "test-results" | "analysis";
                limit?: number;
                /** @description next_cursor from the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description Project id (prj_…) or `<workspace>/<project>` slugs, the slash URL-encoded: `acme%2Fweb`. */
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Upload"][];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUpload: {
        parameters: {
            query?: {
                /** @description coverage, test-results or analysis; inferred from the format when omitted. */
                kind?: "coverage" | "test-results" | "analysis";
                /** @description lcov, cobertura, junit, sarif, or auto (the default): detected from the content. */
                format?: "lcov" | "cobertura" | "junit" | "sarif" | "auto";
                /** @description The commit SHA the artifact was built from (7 to 64 hex digits). */
                commit?: string;
                branch?: string;
                /** @description Pull or merge request number. */
                pull_request?: string;
                /** @description e.g. github-actions, gitlab-ci, circleci, buildkite, jenkins. */
                ci_provider?: string;
                /** @description The CI run or pipeline id. */
                build_id?: string;
                /** @description The file name to keep (default: the multipart file name, else one from the format). */
                filename?: string;
            };
            header?: never;
            path: {
                /** @description Project id (prj_…) or `<workspace>/<project>` slugs, the slash URL-encoded: `acme%2Fweb`. */
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The report file (exactly one file part), as is or gzip-compressed.
                     */
                    file: string;
                    /**
                     * @description coverage, test-results or analysis; inferred from the format when omitted.
                     * @enum {string}
                     */
                    kind?: "coverage" | "test-results" | "analysis";
                    /**
                     * @description lcov, cobertura, junit, sarif, or auto (the default): detected from the content.
                     * @enum {string}
                     */
                    format?: "lcov" | "cobertura" | "junit" | "sarif" | "auto";
                    /** @description The commit SHA the artifact was built from (7 to 64 hex digits). */
                    commit?: string;
                    branch?: string;
                    /** @description Pull or merge request number. */
                    pull_request?: string;
                    /** @description e.g. github-actions, gitlab-ci, circleci, buildkite, jenkins. */
                    ci_provider?: string;
                    /** @description The CI run or pipeline id. */
                    build_id?: string;
                    /** @description The file name to keep (default: the multipart file name, else one from the format). */
                    filename?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Upload"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Project id (prj_…) or `<workspace>/<project>` slugs, the slash URL-encoded: `acme%2Fweb`. */
                project: string;
                /** @description An id starting with upl_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Upload"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Project id (prj_…) or `<workspace>/<project>` slugs, the slash URL-encoded: `acme%2Fweb`. */
                project: string;
                /** @description An id starting with upl_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file; its SHA-256 is the upload's sha256 (also the ETag). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceTrustPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TrustPolicy"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspaceTrustPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Scopes of the minted ci token (default ["upload"]): read, upload, and platform-defined scopes declared for ci tokens. */
                    scopes?: ("read" | "upload")[];
                    /** @description Lifetime of the minted token (default 900). */
                    lifetime_seconds?: number;
                    /** @enum {string} */
                    provider: "github" | "gitlab" | "generic";
                    /** @description Issuer URL. Default: GitHub https://token.actions.githubusercontent.com, GitLab https://gitlab.com; required for generic. */
                    issuer?: string;
                    conditions: {
                        /** @description GitHub: owner/name. */
                        repository?: string;
                        repository_id?: string;
                        repository_owner_id?: string;
                        project_path?: string;
                        project_id?: string;
                        namespace_path?: string;
                        namespace_id?: string;
                        refs?: string[];
                        /** @enum {string} */
                        ref_type?: "branch" | "tag";
                        ref_protected?: boolean;
                        environments?: string[];
                        workflows?: string[];
                        event_names?: string[];
                        allow_pull_requests?: boolean;
                        runner_environment?: string;
                        subject?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustPolicy"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listProjectTrustPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description Project id (prj_…) or slug. */
                project: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TrustPolicy"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createProjectTrustPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
                /** @description Project id (prj_…) or slug. */
                project: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description Scopes of the minted ci token (default ["upload"]): read, upload, and platform-defined scopes declared for ci tokens. */
                    scopes?: ("read" | "upload")[];
                    /** @description Lifetime of the minted token (default 900). */
                    lifetime_seconds?: number;
                    /** @enum {string} */
                    provider: "github" | "gitlab" | "generic";
                    /** @description Issuer URL. Default: GitHub https://token.actions.githubusercontent.com, GitLab https://gitlab.com; required for generic. */
                    issuer?: string;
                    conditions: {
                        /** @description GitHub: owner/name. */
                        repository?: string;
                        repository_id?: string;
                        repository_owner_id?: string;
                        project_path?: string;
                        project_id?: string;
                        namespace_path?: string;
                        namespace_id?: string;
                        refs?: string[];
                        /** @enum {string} */
                        ref_type?: "branch" | "tag";
                        ref_protected?: boolean;
                        environments?: string[];
                        workflows?: string[];
                        event_names?: string[];
                        allow_pull_requests?: boolean;
                        runner_environment?: string;
                        subject?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustPolicy"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTrustPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with trp_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustPolicy"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTrustPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with trp_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateTrustPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with trp_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description Scopes of the minted ci token (default ["upload"]): read, upload, and platform-defined scopes declared for ci tokens. */
                    scopes?: ("read" | "upload")[];
                    /** @description Lifetime of the minted token (default 900). */
                    lifetime_seconds?: number;
                    conditions?: {
                        /** @description GitHub: owner/name. */
                        repository?: string;
                        repository_id?: string;
                        repository_owner_id?: string;
                        project_path?: string;
                        project_id?: string;
                        namespace_path?: string;
                        namespace_id?: string;
                        refs?: string[];
                        /** @enum {string} */
                        ref_type?: "branch" | "tag";
                        ref_protected?: boolean;
                        environments?: string[];
                        workflows?: string[];
                        event_names?: string[];
                        allow_pull_requests?: boolean;
                        runner_environment?: string;
                        subject?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrustPolicy"];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exchangeOidcToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The CI job's OIDC ID token (a JWT). */
                    token: string;
                    /** @description prj_… or workspace/project: needed when the matching policy is workspace-wide. */
                    project?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A ci token (tsrc_…): shown only here. */
                        token: string;
                        token_id: string;
                        display_prefix: string;
                        /** Format: date-time */
                        expires_at: string;
                        scopes: string[];
                        project_id: string;
                        workspace_id: string;
                        policy_id: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    gatewayCheck: {
        parameters: {
            query?: {
                /** @description The scope the location requires (built-in or platform-defined). Default: `read` for GET, HEAD and OPTIONS, `write` for every other method. */
                scope?: string;
                /** @description The project the location serves: `<workspace>/<project>` (slugs or ids) or a project id (`prj_…`). The token must be able to act on it. */
                project?: string;
                /** @description The workspace the location serves (slug or `wsp_…` id). An unrestricted personal token is then judged by its role there. */
                workspace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Allowed. No body; the identity is in the headers, for the proxy to pass upstream. */
            200: {
                headers: {
                    /** @description The token id (`tok_…`). */
                    "x-tessera-token-id"?: string;
                    /** @description `personal`, `workspace`, `project` or `ci`. */
                    "x-tessera-kind"?: string;
                    /** @description The workspace it acts in (the named one for an unrestricted personal token); empty when none. */
                    "x-tessera-workspace-id"?: string;
                    /** @description The project a project or ci token is bound to; empty otherwise. */
                    "x-tessera-project-id"?: string;
                    /** @description The user of a personal token; empty otherwise. */
                    "x-tessera-user-id"?: string;
                    /** @description Effective scopes, space-separated (OAuth style). */
                    "x-tessera-scopes"?: string;
                    /** @description Effective role in that workspace; empty for an unrestricted personal token with no workspace named. */
                    "x-tessera-role"?: string;
                    /** @description `active`, or `rotating` (replaced by a rotation; it stops at the end of its grace period). */
                    "x-tessera-status"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listScopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ScopeInfo"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listInstanceVerifiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Verifier"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createInstanceVerifier: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** @description The credential's first characters (tsrv_ + public id): safe to show and log. */
                        display_prefix: string;
                        /** @description null: instance-wide (verifies every token of the instance). */
                        workspace_id: string | null;
                        /** @enum {string} */
                        status: "active" | "revoked";
                        /** Format: date-time */
                        created_at: string;
                        /** @description Who created it (user or token id). */
                        created_by: string | null;
                        /** @description The creator's email or token prefix. */
                        created_by_label: string | null;
                        /** Format: date-time */
                        last_used_at: string | null;
                        /** Format: date-time */
                        revoked_at: string | null;
                        /** @description The credential (tsrv_…): shown only in this answer. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceVerifiers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Verifier"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspaceVerifier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        /** @description The credential's first characters (tsrv_ + public id): safe to show and log. */
                        display_prefix: string;
                        /** @description null: instance-wide (verifies every token of the instance). */
                        workspace_id: string | null;
                        /** @enum {string} */
                        status: "active" | "revoked";
                        /** Format: date-time */
                        created_at: string;
                        /** @description Who created it (user or token id). */
                        created_by: string | null;
                        /** @description The creator's email or token prefix. */
                        created_by_label: string | null;
                        /** Format: date-time */
                        last_used_at: string | null;
                        /** Format: date-time */
                        revoked_at: string | null;
                        /** @description The credential (tsrv_…): shown only in this answer. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeVerifier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with vrf_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listInstanceAdmins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            user_id: string;
                            email: string | null;
                            name: string;
                        }[];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    grantInstanceAdmin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user_id: string;
                        email: string | null;
                        name: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeInstanceAdmin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with usr_ */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    introspectToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description The token to introspect. */
                    token: string;
                    /** @description Ignored (RFC 7662 allows it). */
                    token_type_hint?: string;
                };
                "application/json": {
                    /** @description The token to introspect. */
                    token: string;
                    /** @description Ignored (RFC 7662 allows it). */
                    token_type_hint?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        /** @description Effective scopes, space-separated: what the token may do now (in the verifier's workspace, for a workspace-bound verifier). */
                        scope?: string;
                        /** @enum {string} */
                        token_type?: "Bearer";
                        /** @description When it stops being valid (seconds since the epoch): its expiry, or a rotation's grace end if sooner. Absent: never expires. */
                        exp?: number;
                        iat?: number;
                        /** @description The user a personal token acts for, else the token id. */
                        sub?: string;
                        /** @description This instance's public URL. */
                        iss?: string;
                        token_id?: string;
                        /** @enum {string} */
                        kind?: "workspace" | "project" | "personal" | "ci";
                        workspace_id?: string | null;
                        project_id?: string | null;
                        user_id?: string | null;
                        role?: ("owner" | "admin" | "member" | "viewer") | null;
                        /** @enum {string} */
                        status?: "active" | "rotating";
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifierEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received, to resume. */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream (text/event-stream) that stays open */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Workspace id (wsp_…) or slug. */
                workspace: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Where deliveries are POSTed: https (plain http only for loopback with TESSERA_WEBHOOK_ALLOW_INSECURE). */
                    url: string;
                    description?: string;
                    /** @description The event types to send; empty or absent: all of them. */
                    event_types?: ("token.created" | "token.rotated" | "token.revoked" | "token.expiring" | "token.expired" | "token.leaked" | "token.canary_triggered" | "member.added" | "member.removed" | "member.role_changed" | "trust_policy.changed" | "oidc.exchange_denied")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workspace_id: string;
                        url: string;
                        description: string;
                        event_types: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** Format: date-time */
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        /**
                         * Format: date-time
                         * @description While a rotation overlaps: when the previous secret stops signing.
                         */
                        previous_secret_expires_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string | null;
                        /** @description The signing secret (whsec_…): shown only in this answer. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workspace_id: string;
                        url: string;
                        description: string;
                        event_types: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** Format: date-time */
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        /**
                         * Format: date-time
                         * @description While a rotation overlaps: when the previous secret stops signing.
                         */
                        previous_secret_expires_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Where deliveries are POSTed: https (plain http only for loopback with TESSERA_WEBHOOK_ALLOW_INSECURE). */
                    url?: string;
                    description?: string;
                    /** @description The event types to send; empty or absent: all of them. */
                    event_types?: ("token.created" | "token.rotated" | "token.revoked" | "token.expiring" | "token.expired" | "token.leaked" | "token.canary_triggered" | "member.added" | "member.removed" | "member.role_changed" | "trust_policy.changed" | "oidc.exchange_denied")[];
                    /** @description true: turn a disabled endpoint (410 Gone, or by hand) back on; false: stop deliveries (they wait, and go out when it is enabled again). */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workspace_id: string;
                        url: string;
                        description: string;
                        event_types: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** Format: date-time */
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        /**
                         * Format: date-time
                         * @description While a rotation overlaps: when the previous secret stops signing.
                         */
                        previous_secret_expires_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string | null;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description How long the previous secret keeps signing too (a second signature in webhook-signature). Default 86400 (a day); 0 stops it at once. */
                    overlap_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        workspace_id: string;
                        url: string;
                        description: string;
                        event_types: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        /** Format: date-time */
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        /**
                         * Format: date-time
                         * @description While a rotation overlaps: when the previous secret stops signing.
                         */
                        previous_secret_expires_at: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string | null;
                        /** @description The signing secret (whsec_…): shown only in this answer. */
                        secret: string;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description The webhook-id: the same on every attempt. */
                            event_id: string;
                            type: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            /** Format: date-time */
                            next_attempt_at: string | null;
                            /** Format: date-time */
                            delivered_at: string | null;
                            last_status: number | null;
                            last_error: string | null;
                            /** Format: date-time */
                            created_at: string;
                            attempt_log: {
                                /** Format: date-time */
                                attempted_at: string;
                                status_code: number | null;
                                duration_ms: number;
                                /** @description Why no answer came: timeout, connect_failed, forbidden_address, redirect, … */
                                error: string | null;
                                /** @description The first KiB of the answer. */
                                response_excerpt: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An id starting with whk_ */
                id: string;
                /** @description An id starting with msg_ */
                event_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportLeakedToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The token found: it is the proof. */
                    token: string;
                    /** @description Where it was found. */
                    url?: string;
                    /** @description What kind of place (commit, issue, ci_log, paste, …). */
                    source?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Always true: the answer is the same whether or not the string is a live token. */
                        received: boolean;
                    };
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    githubSecretScanning: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description SHA-256 of the reported token, hex. */
                        token_hash: string;
                        token_type: string;
                        /** @enum {string} */
                        label: "true_positive" | "false_positive";
                    }[];
                };
            };
            /** @description The one error shape of the API. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The one error shape of the API. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
