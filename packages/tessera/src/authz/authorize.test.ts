import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { authorize, authorizeUser } from './authorize.js';
import { ACTIONS, SCOPES, USER_ACTIONS, type Action, type UserAction } from './roles.js';
import { sessionPrincipal, tokenPrincipal, type Principal } from './principal.js';
import type { Role } from '../db/schema.js';
import { BUILTIN_SCOPES } from './scope-registry.js';
import { effectivePermissions } from './effective-permissions.js';

/** authorize() reads a token's reach, not its reported permissions: these fixtures need none. */
const noEffect = effectivePermissions({ kind: 'personal', scopes: [], workspaceId: null, revokedAt: null, memberships: [] }, BUILTIN_SCOPES);

// The role matrix as docs/roles.md states it, written out by hand: V viewer, M member, A admin, O owner.
const MATRIX: Record<Action, string> = {
  'workspace.read': 'VMAO',
  'workspace.update': 'O',
  'workspace.delete': 'O',
  'project.read': 'VMAO',
  'project.write': 'AO',
  'member.read': 'VMAO',
  'member.write': 'AO',
  'owner.write': 'O',
  'token.list': 'AO',
  'token.project.manage': 'AO',
  'token.workspace.manage': 'O',
  'token.personal.manage': 'VMAO',
  'audit.read': 'AO',
  'upload.read': 'VMAO',
  'upload.write': 'MAO',
  'trust.read': 'AO',
  'trust.write': 'AO',
  'verifier.read': 'AO',
  'verifier.manage': 'O',
  'webhook.manage': 'AO',
};
// The scope an API token needs for each action ("a|b": either one).
const SCOPE: Record<Action, string> = {
  'workspace.read': 'read', 'workspace.update': 'admin', 'workspace.delete': 'admin', 'project.read': 'read', 'project.write': 'write',
  'member.read': 'read', 'member.write': 'admin', 'owner.write': 'admin', 'token.list': 'admin', 'token.project.manage': 'admin',
  'token.workspace.manage': 'admin', 'token.personal.manage': 'admin', 'audit.read': 'admin', 'upload.read': 'read', 'upload.write': 'upload|write',
  'trust.read': 'read', 'trust.write': 'admin', 'verifier.read': 'admin', 'verifier.manage': 'admin',
  'webhook.manage': 'admin',
};
const LETTER: Record<Role, string> = { viewer: 'V', member: 'M', admin: 'A', owner: 'O' };

describe('role matrix', () => {
  let t: TestApp;
  let workspaceId: string;
  const sessions = {} as Record<Role, Principal>;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await t.bootstrap();
    workspaceId = owner.workspaceId;
    for (const role of ['viewer', 'member', 'admin', 'owner'] as Role[]) {
      const m = await t.addMember(workspaceId, role);
      sessions[role] = sessionPrincipal({ sessionId: 'ses_x', user: { id: m.userId, email: m.email, name: role, kind: 'human' } });
    }
  });
  afterAll(() => t?.close());

  it('covers every action', () => expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ACTIONS).sort()));

  it('lets each role do exactly what the matrix says', async () => {
    for (const action of Object.keys(MATRIX) as Action[]) {
      for (const role of ['viewer', 'member', 'admin', 'owner'] as Role[]) {
        const allowed = await authorize(t.ctx.db, sessions[role], workspaceId, action).then(() => true, (e) => (e.code === 'forbidden' ? false : Promise.reject(e)));
        expect({ action, role, allowed }).toEqual({ action, role, allowed: MATRIX[action].includes(LETTER[role]) });
      }
    }
  });

  it('asks API tokens for the scope of each action, and caps workspace tokens below owner', async () => {
    for (const action of Object.keys(MATRIX) as Action[]) {
      const base = { tokenId: 'tok_x', name: 'x', displayPrefix: 'tsrw_x', workspaceId, projectId: null, userId: null, expiresAt: null, createdAt: new Date(0), kind: 'workspace' as const, effective: noEffect };
      const accepted = SCOPE[action].split('|') as ('read' | 'write' | 'upload' | 'admin')[];
      for (const scope of accepted) {
        const withScope = tokenPrincipal({ ...base, scopes: [scope] });
        const ok = await authorize(t.ctx.db, withScope, workspaceId, action).then(() => 'ok', (e) => e.code);
        expect({ action, scope, ok }).toEqual({ action, scope, ok: MATRIX[action].includes('A') ? 'ok' : 'forbidden' });
      }
      const without = tokenPrincipal({ ...base, scopes: (['read', 'write', 'upload', 'admin'] as const).filter((s) => !accepted.includes(s)) });
      if (MATRIX[action].includes('A')) {
        expect({ action, without: await authorize(t.ctx.db, without, workspaceId, action).then(() => 'ok', (e) => e.code) }).toEqual({ action, without: 'insufficient_scope' });
      }
    }
  });

  it('names every accepted scope when a token has none of them', async () => {
    const base = { tokenId: 'tok_x', name: 'x', displayPrefix: 'tsrw_x', workspaceId, projectId: null, userId: null, expiresAt: null, createdAt: new Date(0), kind: 'workspace' as const, effective: noEffect };
    const token = tokenPrincipal({ ...base, scopes: ['read'] });
    const err = await authorize(t.ctx.db, token, workspaceId, 'upload.write').catch((e) => e);
    expect(err).toMatchObject({ code: 'insufficient_scope', message: 'this token lacks the "upload" or "write" scope (it has: read)', details: { required_scope: 'upload', accepted_scopes: ['upload', 'write'] } });
    expect(err.headers['www-authenticate']).toContain('scope="upload"');
    const single = await authorize(t.ctx.db, tokenPrincipal({ ...base, scopes: ['upload'] }), workspaceId, 'upload.read').catch((e) => e);
    expect(single).toMatchObject({ code: 'insufficient_scope', message: 'this token lacks the "read" scope (it has: upload)', details: { required_scope: 'read' } });
    expect(single.details).not.toHaveProperty('accepted_scopes');
  });
});

describe('user-level actions (USER_ACTIONS)', () => {
  const token = (over: Partial<Parameters<typeof tokenPrincipal>[0]>) => tokenPrincipal({
    tokenId: 'tok_x', name: 'x', displayPrefix: 'tsru_x', workspaceId: null, projectId: null, userId: 'usr_u', expiresAt: null, createdAt: new Date(0), kind: 'personal', scopes: ['read', 'write', 'upload', 'admin'],
    effective: noEffect, ...over,
  });
  const codeOf = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };

  it('lets a session and an unrestricted personal token do each, and a restricted one only what stays inside its workspace', () => {
    const session = sessionPrincipal({ sessionId: 'ses_x', user: { id: 'usr_u', email: null, name: 'u', kind: 'human' } });
    for (const [action, rule] of Object.entries(USER_ACTIONS) as [UserAction, (typeof USER_ACTIONS)[UserAction]][]) {
      expect({ action, session: codeOf(() => authorizeUser(session, action)) }).toEqual({ action, session: 'ok' });
      expect({ action, unrestricted: codeOf(() => authorizeUser(token({}), action)) }).toEqual({ action, unrestricted: 'ok' });
      expect({ action, restricted: codeOf(() => authorizeUser(token({ workspaceId: 'wsp_a' }), action)) }).toEqual({ action, restricted: rule.restricted ? 'ok' : 'token_restricted' });
      expect({ action, lacking: codeOf(() => authorizeUser(token({ scopes: SCOPES.filter((s) => s !== rule.scope) }), action)) }).toEqual({ action, lacking: 'insufficient_scope' });
      for (const kind of ['workspace', 'project', 'ci'] as const) {
        expect({ action, kind, code: codeOf(() => authorizeUser(token({ kind, userId: null, workspaceId: 'wsp_a' }), action)) }).toEqual({ action, kind, code: 'wrong_token_kind' });
      }
    }
  });

  it('hides from a restricted token the things of its user that lie outside its workspace', () => {
    const restricted = token({ workspaceId: 'wsp_a' });
    expect(authorizeUser(restricted, 'account.token.manage', { workspaceId: 'wsp_a' })).toEqual({ userId: 'usr_u', workspaceId: 'wsp_a' });
    expect(codeOf(() => authorizeUser(restricted, 'account.token.manage', { workspaceId: null }))).toBe('not_found');
    expect(codeOf(() => authorizeUser(restricted, 'account.read', { workspaceId: 'wsp_b' }))).toBe('not_found');
    expect(authorizeUser(token({}), 'account.token.manage', { workspaceId: 'wsp_b' })).toEqual({ userId: 'usr_u', workspaceId: null });
  });
});
