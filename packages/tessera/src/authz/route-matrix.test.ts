import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { uploadFixture } from '../test-support/upload-requests.js';
import { ACTIONS, ROLES, SCOPES, USER_ACTIONS, acceptedScopes, roleAtLeast, type Action, type UserAction } from './roles.js';
import type { Role } from '../db/schema.js';

/**
 * The tenant/role matrix (issue 11): every route of /openapi.json, called by every credential that
 * must not use it, answers 4xx and leaks nothing of the target; the proper caller gets 2xx (the
 * positive control, without which the denials would prove nothing). Routes are listed in ROUTES,
 * and a test fails when /openapi.json has a route ROUTES does not classify (or the reverse).
 *
 * Workspace A is the target. Credentials that must be refused:
 *  - none at all;
 *  - of another workspace B: a member's session, a workspace token, a project token, a personal token;
 *  - of a lower role in A (each role below the action's, from ACTIONS), and A's workspace token for owner-only actions;
 *  - narrower tokens: a token of A lacking the action's scope, a project token of another project
 *    of A, a personal token of A's owner restricted to workspace B; A's project token of the
 *    target's own project everywhere but on that project's reads and uploads (and itself); a token
 *    that would hand out scopes it lacks (rotating a broader token, a trust policy minting them).
 */

type Req = { method: string; url: string; body?: unknown; contentType?: string };
type CellName =
  | 'anonymous' | 'B session' | 'B workspace token' | 'B project token' | 'B personal token'
  | 'A viewer session' | 'A member session' | 'A admin session' | 'A workspace token'
  | 'A project token (other project)' | 'A owner token restricted to B' | 'A owner token lacking the scope'
  | 'A owner token with fewer scopes' | 'A owner token restricted to A' | 'A project token (own project)'
  | 'A owner admin-only token restricted to A'
  | 'A verifier credential' | 'instance verifier credential';

/** Verifier credentials verify tokens and do nothing else: every checked route refuses both (issue 13). */
const VERIFIER_CELLS: CellName[] = ['A verifier credential', 'instance verifier credential'];
/** Instance administration: everyone but A's owner (the first owner from setup, an instance administrator) is refused. */
const NOT_INSTANCE_ADMIN: CellName[] = [
  'anonymous', 'B session', 'B workspace token', 'B project token', 'B personal token', 'A viewer session', 'A member session', 'A admin session',
  'A workspace token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token lacking the scope', 'A owner token restricted to A',
  'A project token (own project)', 'A owner admin-only token restricted to A',
];

interface Fixture {
  /** A variant's name, when a route has several (e.g. the kind of token created). */
  variant?: string;
  /** The decision the route makes: an ACTIONS entry (workspace routes) or a USER_ACTIONS entry. */
  action: Action | UserAction;
  /** The request; called once per cell, so destructive routes get a fresh target each time. */
  request: () => Promise<Req>;
  /** The status the proper caller gets (the positive control). */
  ok: number;
  /** The proper caller (default: A's owner, signed in). */
  proper?: () => string;
  /** User-level routes: the cells that must be refused, listed explicitly. Workspace routes: computed from ACTIONS. */
  cells?: CellName[];
  /** Workspace routes: cells refused on top of the computed ones. */
  alsoRefuse?: CellName[];
  /** Cells that may succeed but must see only their own (filtered lists). */
  filtered?: CellName[];
}

type Route =
  | { kind: 'public'; reason: string }
  | { kind: 'self'; reason: string }
  | { kind: 'checked'; fixtures: Fixture[] };

let t: TestApp;
const w = {} as {
  owner: { token: string; userId: string; workspaceId: string; slug: string };
  viewer: { token: string; userId: string; email: string };
  member: { token: string; userId: string; email: string };
  admin: { token: string; userId: string; email: string };
  bob: { token: string; userId: string; email: string };
  project: { id: string; slug: string };
  project2: { id: string; slug: string };
  projectToken: { id: string; secret: string };
  policy: { id: string };
  upload: { id: string };
  ownerUnrestricted: { id: string; secret: string };
  ownRestrictedId: string;
  creds: Record<CellName, string | undefined>;
  /** Strings of workspace A that no refused answer may contain (unless the request itself carried them). */
  sensitive: string[];
};
let n = 0;
const uniq = (p: string) => `${p}-${++n}`;
const A = () => w.owner.slug;

async function call(req: Req, token: string | undefined) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (req.contentType) headers['content-type'] = req.contentType;
  const raw = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, ...(req.body !== undefined ? { payload: req.body as object } : {}) });
  return { status: raw.statusCode, text: raw.body };
}

async function ok(method: string, url: string, token: string, body?: unknown): Promise<any> {
  const r = await call({ method, url, body }, token);
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text}`);
  return r.text ? JSON.parse(r.text) : undefined;
}

/** A webhook endpoint of A (never delivered to: the matrix's app runs no delivery worker). */
const freshHook = (): Promise<{ id: string }> => ok('POST', `/v1/workspaces/${A()}/webhooks`, w.owner.token, { url: `https://hooks.example.com/${uniq('h')}`, event_types: ['member.added'] });
/** One endpoint of A with one delivery, for the routes that change nothing or nothing lasting (a workspace keeps at most 50 endpoints). */
let sharedHookMade: Promise<{ id: string; eventId: string }> | undefined;
const sharedHook = () => (sharedHookMade ??= (async () => {
  const hook = await freshHook();
  await ok('POST', `/v1/workspaces/${A()}/members`, w.owner.token, { email: `${uniq('hooked')}@example.com`, role: 'viewer' });
  const d = await t.ctx.db.selectFrom('webhook_deliveries').select('event_id').where('endpoint_id', '=', hook.id).executeTakeFirstOrThrow();
  return { id: hook.id, eventId: d.event_id };
})());
const freshProjectToken = () => ok('POST', `/v1/workspaces/${A()}/tokens`, w.owner.token, { kind: 'project', project: w.project.slug, name: uniq('fresh'), scopes: ['read'] });
const lcov = uploadFixture('coverage.lcov');

const ALL_SCOPES = [...SCOPES];
const lackingTokens = new Map<string, string>();
async function tokenLacking(action: Action | UserAction): Promise<string> {
  const accepted: readonly string[] = action in ACTIONS ? acceptedScopes(action as Action) : [USER_ACTIONS[action as UserAction].scope];
  const scopes = ALL_SCOPES.filter((s) => !accepted.includes(s));
  const key = scopes.join(',');
  if (!lackingTokens.has(key)) {
    const body = action in ACTIONS ? { workspace: A(), name: uniq('lacking'), scopes } : { name: uniq('lacking'), scopes };
    lackingTokens.set(key, (await ok('POST', '/v1/me/tokens', w.owner.token, body)).secret);
  }
  return lackingTokens.get(key)!;
}

/** The credentials that must be refused a workspace action. */
function workspaceCells(action: Action): CellName[] {
  const need: Role = ACTIONS[action].role;
  const cells: CellName[] = ['anonymous', 'B session', 'B workspace token', 'B project token', 'B personal token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token lacking the scope'];
  for (const role of ROLES.filter((r) => r !== 'owner') as ('viewer' | 'member' | 'admin')[]) {
    if (!roleAtLeast(role, need)) cells.push(`A ${role} session`);
  }
  if (need === 'owner') cells.push('A workspace token'); // acts as admin
  cells.push('A project token (own project)');
  return cells;
}

const get = (url: () => string) => async (): Promise<Req> => ({ method: 'GET', url: url() });

const ROUTES: Record<string, Route> = {
  'GET /v1/setup': { kind: 'public', reason: 'says only whether setup is still needed' },
  'POST /v1/setup': { kind: 'public', reason: 'first-run setup: refused once a user exists, guarded by the setup code printed at start-up' },
  'POST /v1/sessions': { kind: 'public', reason: 'sign-in with email and password (throttled)' },
  'POST /v1/auth/validate': { kind: 'public', reason: 'token validation: answers about the token in the body, which the caller holds' },
  'GET /v1/auth/gateway': { kind: 'public', reason: "gateway check (any method): answers about the caller's own bearer token, nothing about any workspace it cannot act in; its own matrix is tokens/gateway-routes.test.ts" },
  'POST /v1/invitations/accept': { kind: 'public', reason: 'the one-time invitation code is the credential; it signs in its own invited user only' },
  'POST /v1/tokens/report-leak': { kind: 'public', reason: 'the reported token is the proof; the answer is the same 202 whatever it is; tested in tokens/leak-routes.test.ts' },
  'POST /v1/secret-scanning/github': { kind: 'public', reason: "GitHub's ECDSA signature over the body is the credential; tested with good and forged signatures in tokens/leak-routes.test.ts" },
  'POST /v1/oidc/exchange': { kind: 'public', reason: "the CI job's OIDC ID token is the credential, checked against trust policies" },
  'GET /v1/me': { kind: 'self', reason: 'describes the calling credential itself, whatever it is (no target); 401 without one' },
  'GET /v1/scopes': { kind: 'self', reason: "the instance's scope vocabulary (built-in and platform-defined), the same for every caller (no target); 401 without a valid credential" },
  'DELETE /v1/sessions/current': { kind: 'self', reason: 'signs out the calling session itself (no target); 401 without one, 403 for an API token' },
  'GET /v1/verifiers/events': { kind: 'public', reason: 'verifier credentials only (every session and token gets 401 invalid_client): its reach is tested in verifiers/verifier-events.test.ts' },
  'POST /v1/oauth/introspect': { kind: 'public', reason: 'verifier credentials only (config.verifier; every session and token gets 401): its reach is tested in verifiers/verifiers.test.ts' },

  'POST /v1/verifiers': { kind: 'checked', fixtures: [{ action: 'instance.manage', ok: 201, cells: NOT_INSTANCE_ADMIN, request: async () => ({ method: 'POST', url: '/v1/verifiers', body: { name: uniq('edge') } }) }] },
  'GET /v1/verifiers': { kind: 'checked', fixtures: [{ action: 'instance.manage', ok: 200, cells: NOT_INSTANCE_ADMIN, request: get(() => '/v1/verifiers') }] },
  'GET /v1/instance-admins': { kind: 'checked', fixtures: [{ action: 'instance.manage', ok: 200, cells: NOT_INSTANCE_ADMIN, request: get(() => '/v1/instance-admins') }] },
  'GET /v1/instance/audit-events': { kind: 'checked', fixtures: [{ action: 'instance.manage', ok: 200, cells: NOT_INSTANCE_ADMIN, request: get(() => '/v1/instance/audit-events') }] },
  'PUT /v1/instance-admins/{user_id}': { kind: 'checked', fixtures: [{
    action: 'instance.manage', ok: 200, cells: NOT_INSTANCE_ADMIN,
    request: async () => ({ method: 'PUT', url: `/v1/instance-admins/${(await t.addMember(w.owner.workspaceId, 'viewer')).userId}` }),
  }] },
  'DELETE /v1/instance-admins/{user_id}': { kind: 'checked', fixtures: [{
    action: 'instance.manage', ok: 204, cells: NOT_INSTANCE_ADMIN,
    request: async () => {
      const { userId } = await t.addMember(w.owner.workspaceId, 'viewer');
      await ok('PUT', `/v1/instance-admins/${userId}`, w.owner.token);
      return { method: 'DELETE', url: `/v1/instance-admins/${userId}` };
    },
  }] },
  'POST /v1/workspaces/{workspace}/verifiers': { kind: 'checked', fixtures: [{ action: 'verifier.manage', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/verifiers`, body: { name: uniq('gw') } }) }] },
  'GET /v1/workspaces/{workspace}/verifiers': { kind: 'checked', fixtures: [{ action: 'verifier.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/verifiers`) }] },
  'DELETE /v1/verifiers/{id}': { kind: 'checked', fixtures: [
    { variant: 'a workspace verifier', action: 'verifier.manage', ok: 204, request: async () => ({ method: 'DELETE', url: `/v1/verifiers/${(await ok('POST', `/v1/workspaces/${A()}/verifiers`, w.owner.token, { name: uniq('doomed') })).id}` }) },
    { variant: 'an instance-wide verifier', action: 'instance.manage', ok: 204, cells: NOT_INSTANCE_ADMIN, request: async () => ({ method: 'DELETE', url: `/v1/verifiers/${(await ok('POST', '/v1/verifiers', w.owner.token, { name: uniq('doomed') })).id}` }) },
  ] },

  'POST /v1/workspaces': { kind: 'checked', fixtures: [{
    action: 'workspace.create', ok: 201, request: async () => ({ method: 'POST', url: '/v1/workspaces', body: { name: 'New', slug: uniq('new') } }),
    cells: ['anonymous', 'A workspace token', 'A project token (other project)', 'B workspace token', 'B project token', 'A owner token restricted to B', 'A owner token lacking the scope'],
  }] },
  'GET /v1/workspaces': { kind: 'checked', fixtures: [{
    action: 'account.read', ok: 200, request: get(() => '/v1/workspaces'),
    cells: ['anonymous', 'A project token (other project)', 'B project token', 'A owner token lacking the scope'],
    filtered: ['B session', 'B workspace token', 'B personal token', 'A owner token restricted to B'],
  }] },
  'POST /v1/me/tokens': { kind: 'checked', fixtures: [{
    action: 'account.token.create', ok: 201, request: async () => ({ method: 'POST', url: '/v1/me/tokens', body: { name: uniq('mine'), scopes: ['read'] } }),
    cells: ['anonymous', 'A workspace token', 'A project token (other project)', 'B workspace token', 'B project token', 'A owner token restricted to B', 'A owner token restricted to A', 'A owner token lacking the scope'],
  }] },
  'GET /v1/me/tokens': { kind: 'checked', fixtures: [{
    action: 'account.read', ok: 200, request: get(() => '/v1/me/tokens'),
    cells: ['anonymous', 'A workspace token', 'A project token (other project)', 'B workspace token', 'B project token', 'A owner token lacking the scope'],
    filtered: ['B session', 'B personal token', 'A owner token restricted to B', 'A owner token restricted to A'],
  }] },

  'GET /v1/workspaces/{workspace}': { kind: 'checked', fixtures: [{ action: 'workspace.read', ok: 200, request: get(() => `/v1/workspaces/${A()}`) }] },
  'PATCH /v1/workspaces/{workspace}': { kind: 'checked', fixtures: [{ action: 'workspace.update', ok: 200, request: async () => ({ method: 'PATCH', url: `/v1/workspaces/${A()}`, body: { default_token_lifetime_days: 30 } }) }] },
  'DELETE /v1/workspaces/{workspace}': { kind: 'checked', fixtures: [{
    action: 'workspace.delete', ok: 204,
    // A fresh workspace per cell, owned by A's owner, with A's lower-role members in it.
    request: async () => {
      const slug = uniq('doomed');
      await ok('POST', '/v1/workspaces', w.owner.token, { name: 'Doomed', slug });
      for (const m of [w.viewer, w.member, w.admin]) {
        const role = m === w.viewer ? 'viewer' : m === w.member ? 'member' : 'admin';
        await ok('POST', `/v1/workspaces/${slug}/members`, w.owner.token, { email: m.email, role });
      }
      return { method: 'DELETE', url: `/v1/workspaces/${slug}` };
    },
  }] },

  'POST /v1/workspaces/{workspace}/projects': { kind: 'checked', fixtures: [{ action: 'project.write', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/projects`, body: { name: 'P', slug: uniq('p') } }) }] },
  'GET /v1/workspaces/{workspace}/projects': { kind: 'checked', fixtures: [{ action: 'project.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/projects`) }] },
  'GET /v1/workspaces/{workspace}/projects/{project}': { kind: 'checked', fixtures: [{ filtered: ['A project token (own project)'], action: 'project.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/projects/${w.project.slug}`) }] },
  'PATCH /v1/workspaces/{workspace}/projects/{project}': { kind: 'checked', fixtures: [{ action: 'project.write', ok: 200, request: async () => ({ method: 'PATCH', url: `/v1/workspaces/${A()}/projects/${w.project.slug}`, body: { name: 'Zephyr Site' } }) }] },
  'DELETE /v1/workspaces/{workspace}/projects/{project}': { kind: 'checked', fixtures: [{
    action: 'project.write', ok: 204,
    request: async () => ({ method: 'DELETE', url: `/v1/workspaces/${A()}/projects/${(await ok('POST', `/v1/workspaces/${A()}/projects`, w.owner.token, { name: 'Doomed', slug: uniq('doomed') })).slug}` }),
  }] },

  'GET /v1/workspaces/{workspace}/members': { kind: 'checked', fixtures: [{ action: 'member.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/members`) }] },
  'POST /v1/workspaces/{workspace}/members': { kind: 'checked', fixtures: [{ action: 'member.write', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/members`, body: { email: `${uniq('invitee')}@example.com`, role: 'viewer' } }) }] },
  'PATCH /v1/workspaces/{workspace}/members/{user_id}': { kind: 'checked', fixtures: [{
    action: 'member.write', ok: 200,
    request: async () => ({ method: 'PATCH', url: `/v1/workspaces/${A()}/members/${(await t.addMember(w.owner.workspaceId, 'viewer')).userId}`, body: { role: 'member' } }),
  }] },
  'POST /v1/workspaces/{workspace}/members/{user_id}/invitation': { kind: 'checked', fixtures: [{
    action: 'member.write', ok: 201,
    request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/members/${(await ok('POST', `/v1/workspaces/${A()}/members`, w.owner.token, { email: `${uniq('invitee')}@example.com`, role: 'viewer' })).user_id}/invitation` }),
  }] },
  'DELETE /v1/workspaces/{workspace}/members/{user_id}': { kind: 'checked', fixtures: [{
    action: 'member.write', ok: 204,
    request: async () => ({ method: 'DELETE', url: `/v1/workspaces/${A()}/members/${(await t.addMember(w.owner.workspaceId, 'viewer')).userId}` }),
  }] },
  'POST /v1/workspaces/{workspace}/service-accounts': { kind: 'checked', fixtures: [{ action: 'member.write', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/service-accounts`, body: { name: uniq('bot'), role: 'viewer' } }) }] },
  'GET /v1/workspaces/{workspace}/service-accounts': { kind: 'checked', fixtures: [{ action: 'member.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/service-accounts`) }] },
  'DELETE /v1/workspaces/{workspace}/service-accounts/{user_id}': { kind: 'checked', fixtures: [{
    action: 'member.write', ok: 204,
    request: async () => ({ method: 'DELETE', url: `/v1/workspaces/${A()}/service-accounts/${(await ok('POST', `/v1/workspaces/${A()}/service-accounts`, w.owner.token, { name: uniq('bot'), role: 'viewer' })).user_id}` }),
  }] },

  'POST /v1/workspaces/{workspace}/tokens': { kind: 'checked', fixtures: [
    { variant: 'workspace token', action: 'token.workspace.manage', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/tokens`, body: { kind: 'workspace', name: uniq('w'), scopes: ['read'] } }) },
    { variant: 'project token', action: 'token.project.manage', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/tokens`, body: { kind: 'project', project: w.project.slug, name: uniq('p'), scopes: ['read'] } }) },
    { variant: 'own personal token', action: 'token.personal.manage', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/tokens`, body: { kind: 'personal', name: uniq('u'), scopes: ['read'] } }) },
    {
      variant: "an owner service account's token", action: 'owner.write', ok: 201,
      request: async () => {
        const bot = await ok('POST', `/v1/workspaces/${A()}/service-accounts`, w.owner.token, { name: uniq('root bot'), role: 'owner' });
        return { method: 'POST', url: `/v1/workspaces/${A()}/tokens`, body: { kind: 'personal', user_id: bot.user_id, name: uniq('bot'), scopes: ['admin'] } };
      },
    },
  ] },
  'GET /v1/workspaces/{workspace}/tokens': { kind: 'checked', fixtures: [{
    // Every member may list; below admin only their own personal tokens: the lower roles must see none of A's tokens.
    action: 'workspace.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/tokens`),
    filtered: ['A viewer session', 'A member session'],
  }] },
  'POST /v1/workspaces/{workspace}/tokens/revoke': { kind: 'checked', fixtures: [{
    action: 'token.project.manage', ok: 200,
    request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/tokens/revoke`, body: { token_ids: [(await freshProjectToken()).id] } }),
  }] },
  'GET /v1/tokens/{id}': { kind: 'checked', fixtures: [
    { variant: 'a project token', action: 'token.list', filtered: ['A project token (own project)'], ok: 200, request: get(() => `/v1/tokens/${w.projectToken.id}`) },
    {
      variant: "the owner's unrestricted personal token", action: 'account.read', ok: 200, request: get(() => `/v1/tokens/${w.ownerUnrestricted.id}`),
      cells: ['anonymous', 'B session', 'B workspace token', 'B project token', 'B personal token', 'A admin session', 'A workspace token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token restricted to A'],
    },
  ] },
  'PATCH /v1/tokens/{id}': { kind: 'checked', fixtures: [
    { variant: 'a project token', action: 'token.project.manage', ok: 200, request: async () => ({ method: 'PATCH', url: `/v1/tokens/${w.projectToken.id}`, body: { description: 'x' } }) },
    {
      variant: "the owner's unrestricted personal token", action: 'account.token.manage', ok: 200, request: async () => ({ method: 'PATCH', url: `/v1/tokens/${w.ownerUnrestricted.id}`, body: { description: 'x' } }),
      cells: ['anonymous', 'B session', 'B workspace token', 'B personal token', 'A admin session', 'A workspace token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token restricted to A', 'A owner token lacking the scope'],
    },
  ] },
  'DELETE /v1/tokens/{id}': { kind: 'checked', fixtures: [
    { variant: 'a project token', action: 'token.project.manage', ok: 204, request: async () => ({ method: 'DELETE', url: `/v1/tokens/${(await freshProjectToken()).id}` }) },
    {
      variant: "the owner's unrestricted personal token", action: 'account.token.manage', ok: 204,
      request: async () => ({ method: 'DELETE', url: `/v1/tokens/${(await ok('POST', '/v1/me/tokens', w.owner.token, { name: uniq('doomed'), scopes: ['read'] })).id}` }),
      cells: ['anonymous', 'B session', 'B workspace token', 'B personal token', 'A admin session', 'A workspace token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token restricted to A', 'A owner token lacking the scope'],
    },
  ] },
  'POST /v1/tokens/{id}/rotate': { kind: 'checked', fixtures: [
    { variant: 'a project token', action: 'token.project.manage', ok: 201, alsoRefuse: ['A owner admin-only token restricted to A'], request: async () => ({ method: 'POST', url: `/v1/tokens/${(await freshProjectToken()).id}/rotate`, body: {} }) },
    {
      variant: 'a workspace token', action: 'token.workspace.manage', ok: 201, alsoRefuse: ['A owner admin-only token restricted to A'],
      request: async () => ({ method: 'POST', url: `/v1/tokens/${(await ok('POST', `/v1/workspaces/${A()}/tokens`, w.owner.token, { kind: 'workspace', name: uniq('w'), scopes: ['read'] })).id}/rotate`, body: {} }),
    },
    {
      variant: "the owner's unrestricted personal token", action: 'account.token.manage', ok: 201,
      request: async () => ({ method: 'POST', url: `/v1/tokens/${(await ok('POST', '/v1/me/tokens', w.owner.token, { name: uniq('rot'), scopes: ['read', 'write', 'upload', 'admin'] })).id}/rotate`, body: {} }),
      cells: ['anonymous', 'B session', 'B workspace token', 'B personal token', 'A admin session', 'A workspace token', 'A project token (other project)', 'A owner token restricted to B', 'A owner token restricted to A', 'A owner token lacking the scope', 'A owner token with fewer scopes'],
    },
  ] },

  'GET /v1/workspaces/{workspace}/audit-events': { kind: 'checked', fixtures: [{ action: 'audit.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/audit-events`) }] },
  'GET /v1/workspaces/{workspace}/audit-events/export': { kind: 'checked', fixtures: [{ action: 'audit.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/audit-events/export`) }] },

  'POST /v1/projects/{project}/uploads': { kind: 'checked', fixtures: [{ filtered: ['A project token (own project)'], action: 'upload.write', ok: 201, request: async () => ({ method: 'POST', url: `/v1/projects/${w.project.id}/uploads?kind=coverage`, body: lcov, contentType: 'application/octet-stream' }) }] },
  'GET /v1/projects/{project}/uploads': { kind: 'checked', fixtures: [{ filtered: ['A project token (own project)'], action: 'upload.read', ok: 200, request: get(() => `/v1/projects/${w.project.id}/uploads`) }] },
  'GET /v1/projects/{project}/uploads/{id}': { kind: 'checked', fixtures: [{ filtered: ['A project token (own project)'], action: 'upload.read', ok: 200, request: get(() => `/v1/projects/${w.project.id}/uploads/${w.upload.id}`) }] },
  'GET /v1/projects/{project}/uploads/{id}/raw': { kind: 'checked', fixtures: [{ filtered: ['A project token (own project)'], action: 'upload.read', ok: 200, request: get(() => `/v1/projects/${w.project.id}/uploads/${w.upload.id}/raw`) }] },

  'POST /v1/workspaces/{workspace}/trust-policies': { kind: 'checked', fixtures: [{ action: 'trust.write', ok: 201, alsoRefuse: ['A owner admin-only token restricted to A'], request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/trust-policies`, body: { name: uniq('ci'), provider: 'github', conditions: { repository: 'quillon/zephyr' } } }) }] },
  'GET /v1/workspaces/{workspace}/trust-policies': { kind: 'checked', fixtures: [{ action: 'trust.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/trust-policies`) }] },
  'POST /v1/workspaces/{workspace}/projects/{project}/trust-policies': { kind: 'checked', fixtures: [{ action: 'trust.write', ok: 201, alsoRefuse: ['A owner admin-only token restricted to A'], request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/projects/${w.project.slug}/trust-policies`, body: { name: uniq('ci'), provider: 'github', conditions: { repository: 'quillon/zephyr' } } }) }] },
  'GET /v1/workspaces/{workspace}/projects/{project}/trust-policies': { kind: 'checked', fixtures: [{ action: 'trust.read', ok: 200, request: get(() => `/v1/workspaces/${A()}/projects/${w.project.slug}/trust-policies`) }] },
  'POST /v1/workspaces/{workspace}/webhooks': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 201, request: async () => ({ method: 'POST', url: `/v1/workspaces/${A()}/webhooks`, body: { url: `https://hooks.example.com/${uniq('h')}` } }) }] },
  'GET /v1/workspaces/{workspace}/webhooks': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 200, request: get(() => `/v1/workspaces/${A()}/webhooks`) }] },
  'GET /v1/webhooks/{id}': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 200, request: async () => ({ method: 'GET', url: `/v1/webhooks/${(await sharedHook()).id}` }) }] },
  'PATCH /v1/webhooks/{id}': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 200, request: async () => ({ method: 'PATCH', url: `/v1/webhooks/${(await sharedHook()).id}`, body: { description: 'changed' } }) }] },
  'DELETE /v1/webhooks/{id}': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 204, request: async () => ({ method: 'DELETE', url: `/v1/webhooks/${(await freshHook()).id}` }) }] },
  'POST /v1/webhooks/{id}/rotate-secret': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 200, request: async () => ({ method: 'POST', url: `/v1/webhooks/${(await sharedHook()).id}/rotate-secret`, body: {} }) }] },
  'GET /v1/webhooks/{id}/deliveries': { kind: 'checked', fixtures: [{ action: 'webhook.manage', ok: 200, request: async () => ({ method: 'GET', url: `/v1/webhooks/${(await sharedHook()).id}/deliveries` }) }] },
  'POST /v1/webhooks/{id}/deliveries/{event_id}/redeliver': { kind: 'checked', fixtures: [{
    action: 'webhook.manage', ok: 202,
    request: async () => {
      const hook = await sharedHook();
      return { method: 'POST', url: `/v1/webhooks/${hook.id}/deliveries/${hook.eventId}/redeliver` };
    },
  }] },
  'GET /v1/trust-policies/{id}': { kind: 'checked', fixtures: [{ action: 'trust.read', ok: 200, request: get(() => `/v1/trust-policies/${w.policy.id}`) }] },
  'PATCH /v1/trust-policies/{id}': { kind: 'checked', fixtures: [{ action: 'trust.write', ok: 200, alsoRefuse: ['A owner admin-only token restricted to A'], request: async () => ({ method: 'PATCH', url: `/v1/trust-policies/${w.policy.id}`, body: { lifetime_seconds: 600 } }) }] },
  'DELETE /v1/trust-policies/{id}': { kind: 'checked', fixtures: [{
    action: 'trust.write', ok: 204,
    request: async () => ({ method: 'DELETE', url: `/v1/trust-policies/${(await ok('POST', `/v1/workspaces/${A()}/trust-policies`, w.owner.token, { name: uniq('doomed'), provider: 'github', conditions: { repository: 'quillon/zephyr' } })).id}` }),
  }] },
};

/** What a cell's credential may see of A because it is its own: its user, and the workspace it belongs to. */
function ownOf(cell: CellName): string[] {
  const ownerOwn = [w.owner.userId, 'owner@example.com'];
  const inA = [w.owner.workspaceId, 'Quillon Works'];
  switch (cell) {
    case 'A owner token restricted to A': return [...ownerOwn, ...inA, w.ownRestrictedId];
    case 'A owner token restricted to B': case 'A owner token lacking the scope': case 'A owner token with fewer scopes': return ownerOwn;
    case 'A owner admin-only token restricted to A': return [...ownerOwn, ...inA];
    case 'A viewer session': return [...inA, w.viewer.userId, w.viewer.email];
    case 'A member session': return [...inA, w.member.userId, w.member.email];
    case 'A admin session': return [...inA, w.admin.userId, w.admin.email];
    case 'A workspace token': case 'A project token (other project)': return inA;
    // Its project, itself, and the project's uploads (the raw file among them), which name who uploaded them and who created the token.
    case 'A project token (own project)': return [...inA, w.project.id, 'Zephyr Site', w.projectToken.id, w.upload.id, 'src/index.ts', w.owner.userId];
    default: return [];
  }
}

/** Routes the app serves outside /openapi.json (none of them acts on a tenant's data), each with why. */
const UNDOCUMENTED: Record<string, string> = {
  'GET /openapi.json': 'the API description itself',
  'GET /docs*': 'the API reference UI (static pages and the same description)',
  'GET /setup': 'the first-run setup page (static; the setup itself is POST /v1/setup)',
  'GET /setup.js': "the setup page's script (static)",
  'GET /healthz': 'liveness: no data',
  'GET /readyz': 'readiness: no data',
  'GET /metrics': 'Prometheus metrics: aggregate counters only, behind TESSERA_METRICS_TOKEN when set',
  // Only when the console is built (console/console-routes.ts): its static files and its page.
  'GET /assets/*': "the console's static files",
  'GET /*': "the console's single page (API paths under it answer 404)",
  // The gateway check answers every method the same; documented once, as GET /v1/auth/gateway.
  ...Object.fromEntries(['HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => [`${m} /v1/auth/gateway`, 'the gateway check, as GET /v1/auth/gateway (any method)'])),
  // Envoy's ext_authz appends the client's path: the same check, its query string ignored.
  ...Object.fromEntries(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((m) => [`${m} /v1/auth/gateway*`, "the gateway check for Envoy's ext_authz (any path under it; the method decides)"])),
};

/** Every route Fastify serves, as `METHOD /path/{param}` (HEAD, which Fastify adds to each GET, left out). */
function servedRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+) \(([A-Z, ]+)\)$/u.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}

let cellCount = 0;
const refusals = new Map<string, number>();

describe('the tenant/role matrix: every route refuses every credential that may not use it (issue 11)', () => {
  beforeAll(async () => {
    t = await createTestApp({ TESSERA_PROJECT_TOKEN_LIMIT: '100000', TESSERA_WEBHOOK_WORKER: 'false' });
    w.owner = await t.bootstrap();
    await ok('PATCH', `/v1/workspaces/${A()}`, w.owner.token, { name: 'Quillon Works' });
    w.project = await ok('POST', `/v1/workspaces/${A()}/projects`, w.owner.token, { name: 'Zephyr Site', slug: 'zephyr' });
    w.project2 = await ok('POST', `/v1/workspaces/${A()}/projects`, w.owner.token, { name: 'Yonder Tools', slug: 'yonder' });
    w.viewer = await t.addMember(w.owner.workspaceId, 'viewer');
    w.member = await t.addMember(w.owner.workspaceId, 'member');
    w.admin = await t.addMember(w.owner.workspaceId, 'admin');
    // Workspace B: Bob owns it and is not in A. A's owner is in B too, for a token restricted to B.
    const b = await ok('POST', '/v1/workspaces', w.owner.token, { name: 'Bravo', slug: 'bravo' });
    w.bob = await t.addMember(b.id, 'owner');
    await ok('POST', '/v1/workspaces/bravo/projects', w.bob.token, { name: 'Bravo Web', slug: 'bweb' });
    w.projectToken = await t.createToken(w.owner.token, A(), { kind: 'project', project: 'zephyr', scopes: ['read', 'write', 'upload'] });
    w.ownerUnrestricted = await ok('POST', '/v1/me/tokens', w.owner.token, { name: 'owner everywhere', scopes: ['read', 'write', 'upload', 'admin'] });
    w.policy = await ok('POST', `/v1/workspaces/${A()}/trust-policies`, w.owner.token, { name: 'Quillon CI policy', provider: 'github', conditions: { repository: 'quillon/zephyr' } });
    const up = await call({ method: 'POST', url: `/v1/projects/${w.project.id}/uploads?kind=coverage`, body: lcov, contentType: 'application/octet-stream' }, w.owner.token);
    expect(up.status).toBe(201);
    w.upload = JSON.parse(up.text);
    const all = ['read', 'write', 'upload', 'admin'];
    const aWorkspace = await t.createToken(w.owner.token, A(), { kind: 'workspace', scopes: all });
    const aOwnerRestricted = await ok('POST', '/v1/me/tokens', w.owner.token, { name: 'owner in A', workspace: A(), scopes: all });
    w.ownRestrictedId = aOwnerRestricted.id;
    w.creds = {
      anonymous: undefined,
      'B session': w.bob.token,
      'B workspace token': (await t.createToken(w.bob.token, 'bravo', { kind: 'workspace', scopes: all })).secret,
      'B project token': (await t.createToken(w.bob.token, 'bravo', { kind: 'project', project: 'bweb', scopes: ['read', 'write', 'upload'] })).secret,
      'B personal token': (await ok('POST', '/v1/me/tokens', w.bob.token, { name: 'bob everywhere', scopes: all })).secret,
      'A viewer session': w.viewer.token,
      'A member session': w.member.token,
      'A admin session': w.admin.token,
      'A workspace token': aWorkspace.secret,
      'A project token (other project)': (await t.createToken(w.owner.token, A(), { kind: 'project', project: 'yonder', scopes: ['read', 'write', 'upload'] })).secret,
      'A owner token restricted to B': (await ok('POST', '/v1/me/tokens', w.owner.token, { name: 'owner in B', workspace: 'bravo', scopes: all })).secret,
      'A owner token restricted to A': aOwnerRestricted.secret,
      'A owner token lacking the scope': undefined, // per action, see tokenLacking()
      'A project token (own project)': w.projectToken.secret,
      'A owner admin-only token restricted to A': (await ok('POST', '/v1/me/tokens', w.owner.token, { name: 'owner admin in A', workspace: A(), scopes: ['admin'] })).secret,
      'A owner token with fewer scopes': (await ok('POST', '/v1/me/tokens', w.owner.token, { name: 'owner admin only', scopes: ['admin'] })).secret,
      'A verifier credential': (await ok('POST', `/v1/workspaces/${A()}/verifiers`, w.owner.token, { name: 'A gateway' })).secret,
      'instance verifier credential': (await ok('POST', '/v1/verifiers', w.owner.token, { name: 'instance gateway' })).secret,
    };
    w.sensitive = [
      w.owner.workspaceId, 'Quillon Works', w.owner.userId, 'owner@example.com', w.project.id, 'Zephyr Site', w.project2.id, 'Yonder Tools',
      w.viewer.userId, w.viewer.email, w.member.userId, w.member.email, w.admin.userId, w.admin.email,
      w.projectToken.id, w.projectToken.secret, w.ownerUnrestricted.id, w.ownerUnrestricted.secret, aWorkspace.id, aWorkspace.secret, aOwnerRestricted.id,
      w.policy.id, 'Quillon CI policy', w.upload.id, 'src/index.ts',
    ];
  });
  afterAll(() => t?.close());

  it('classifies every route of /openapi.json, and only those', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]); // a new route needs a fixture here
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('serves no route that is neither in /openapi.json nor listed here as undocumented, with a reason', async () => {
    const doc = (await t.request('GET', '/openapi.json')).body as { paths: Record<string, unknown> };
    const documented = new Set(Object.keys(ROUTES));
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(served).toEqual(expect.arrayContaining(['POST /v1/tokens/{id}/rotate', 'GET /v1/projects/{project}/uploads/{id}/raw', 'GET /healthz']));
    expect(served.length).toBeGreaterThan(Object.keys(doc.paths).length);
    const unexplained = served.filter((r) => !documented.has(r) && !(r in UNDOCUMENTED) && !(r.startsWith('GET /docs') && 'GET /docs*' in UNDOCUMENTED));
    expect(unexplained).toEqual([]);
  });

  it('self routes answer 401 without credentials', async () => {
    for (const [route, c] of Object.entries(ROUTES)) {
      if (c.kind !== 'self') continue;
      const [method, path] = route.split(' ') as [string, string];
      expect({ route, status: (await call({ method, url: path }, undefined)).status }).toEqual({ route, status: 401 });
    }
    expect((await call({ method: 'DELETE', url: '/v1/sessions/current' }, w.projectToken.secret)).status).toBe(403);
    for (const cell of VERIFIER_CELLS) {
      for (const [method, url] of [['GET', '/v1/me'], ['DELETE', '/v1/sessions/current']] as const) {
        expect({ cell, url, status: (await call({ method, url }, w.creds[cell])).status }).toEqual({ cell, url, status: 403 });
      }
    }
  });

  for (const [route, c] of Object.entries(ROUTES)) {
    if (c.kind !== 'checked') continue;
    for (const f of c.fixtures) {
      it(`${route}${f.variant ? ` (${f.variant})` : ''}: ${f.action}`, async () => {
        const problems: unknown[] = [];
        const positive = await f.request();
        const proper = f.proper?.() ?? w.owner.token;
        const res = await call(positive, proper);
        expect({ positive: res.status, body: res.status === f.ok ? '' : res.text }).toEqual({ positive: f.ok, body: '' });

        const cells = [...(f.cells ?? workspaceCells(f.action as Action)), ...(f.alsoRefuse ?? []), ...VERIFIER_CELLS];
        for (const cell of [...cells, ...(f.filtered ?? [])]) {
          const req = await f.request();
          const cred = cell === 'A owner token lacking the scope' ? await tokenLacking(f.action) : w.creds[cell];
          if (cell !== 'anonymous' && !cred) throw new Error(`no credential for ${cell}`);
          const r = await call(req, cred);
          cellCount++;
          const asked = `${req.url} ${typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? JSON.stringify(req.body) : ''}`;
          const leaked = w.sensitive.filter((s) => r.text.includes(s) && !asked.includes(s) && !ownOf(cell).includes(s));
          const allowed = f.filtered?.includes(cell) ?? false;
          const refused = r.status >= 400 && r.status < 500;
          if ((!allowed && !refused) || (allowed && r.status !== f.ok) || leaked.length) {
            problems.push({ cell, status: r.status, leaked, body: r.text.slice(0, 300) });
          }
          if (refused) {
            const code = (JSON.parse(r.text) as { error?: { code?: string } }).error?.code ?? String(r.status);
            refusals.set(`${r.status} ${code}`, (refusals.get(`${r.status} ${code}`) ?? 0) + 1);
          }
        }
        expect(problems).toEqual([]);
      });
    }
  }

  it('reports the matrix size', () => {
    const checked = Object.values(ROUTES).filter((c) => c.kind === 'checked');
    const fixtures = checked.reduce((k, c) => k + (c.kind === 'checked' ? c.fixtures.length : 0), 0);
    console.log(`route matrix: ${Object.keys(ROUTES).length} routes (${checked.length} checked with ${fixtures} fixtures, ${Object.keys(ROUTES).length - checked.length} public or self), ${cellCount} refusal cells + ${fixtures} positive controls; refusals by code: ${JSON.stringify(Object.fromEntries(refusals))}`);
    expect(cellCount).toBeGreaterThan(300);
  });
});
