import { describe, expect, it } from 'vitest';
import type { Role, TokenKind } from '../db/schema.js';
import { BUILTIN_SCOPES } from './scope-registry.js';
import { CEILING_ROLE, effectivePermissions, permissionsIn } from './effective-permissions.js';
import { GRANTABLE_SCOPES, KIND_SCOPES, ROLES, SCOPES, type Scope } from './roles.js';

/** Every subset of `scopes`, in canonical order. */
const subsets = (scopes: readonly Scope[]): Scope[][] => scopes.reduce<Scope[][]>((acc, s) => [...acc, ...acc.map((a) => [...a, s])], [[]]);

const ROTATION_END = new Date('2026-12-01T00:00:00Z');

describe('effectivePermissions: the table, each role × each scope set × each kind', () => {
  it('a restricted personal token holds its scopes that its user\'s current role may grant, and that role', () => {
    for (const role of ROLES) {
      for (const scopes of subsets(KIND_SCOPES.personal)) {
        const p = effectivePermissions({ kind: 'personal', scopes, workspaceId: 'w1', revokedAt: null, memberships: [{ workspaceId: 'w1', role }] }, BUILTIN_SCOPES);
        expect(p, `${role} ${scopes.join(',')}`).toEqual({ status: 'active', graceEndsAt: null, role, scopes: scopes.filter((s) => GRANTABLE_SCOPES[role].includes(s)), workspaces: null });
      }
    }
  });

  it('a restricted personal token whose user is no member of its workspace holds nothing', () => {
    const p = effectivePermissions({ kind: 'personal', scopes: [...SCOPES], workspaceId: 'w1', revokedAt: null, memberships: [] }, BUILTIN_SCOPES);
    expect(p).toMatchObject({ role: null, scopes: [] });
  });

  it('an unrestricted personal token: per workspace its role there; overall only what it holds in every workspace', () => {
    for (const a of ROLES) {
      for (const b of ROLES) {
        for (const scopes of subsets(KIND_SCOPES.personal)) {
          const p = effectivePermissions({ kind: 'personal', scopes, workspaceId: null, revokedAt: null, memberships: [{ workspaceId: 'w1', role: a }, { workspaceId: 'w2', role: b }] }, BUILTIN_SCOPES);
          const inA = scopes.filter((s) => GRANTABLE_SCOPES[a].includes(s));
          const inB = scopes.filter((s) => GRANTABLE_SCOPES[b].includes(s));
          expect(p.workspaces).toEqual([{ workspaceId: 'w1', role: a, scopes: inA }, { workspaceId: 'w2', role: b, scopes: inB }]);
          expect(p.role).toBeNull();
          expect(p.scopes).toEqual(inA.filter((s) => inB.includes(s)));
          expect(permissionsIn(p, null, 'w2')).toEqual({ role: b, scopes: inB });
          expect(permissionsIn(p, null, 'w3')).toEqual({ role: null, scopes: [] });
        }
      }
    }
    expect(effectivePermissions({ kind: 'personal', scopes: ['read'], workspaceId: null, revokedAt: null, memberships: [] }, BUILTIN_SCOPES)).toMatchObject({ scopes: [], workspaces: [] });
  });

  it('workspace, project and ci tokens hold their fixed scopes with their kind\'s ceiling role, whatever any membership says', () => {
    const fixed: [Exclude<TokenKind, 'personal'>, Role][] = [['workspace', 'admin'], ['project', 'member'], ['ci', 'member']];
    for (const [kind, ceiling] of fixed) {
      expect(CEILING_ROLE[kind]).toBe(ceiling);
      for (const scopes of subsets(KIND_SCOPES[kind])) {
        const p = effectivePermissions({ kind, scopes: [...scopes].reverse(), workspaceId: 'w1', revokedAt: null, memberships: [{ workspaceId: 'w1', role: 'viewer' }] }, BUILTIN_SCOPES);
        expect(p).toEqual({ status: 'active', graceEndsAt: null, role: ceiling, scopes, workspaces: null });
        expect(permissionsIn(p, 'w1', 'w1')).toEqual({ role: ceiling, scopes });
        expect(permissionsIn(p, 'w1', 'w2')).toEqual({ role: null, scopes: [] });
      }
    }
  });

  it('a token with a revocation time (only a rotation leaves a valid token with one) is rotating until then', () => {
    for (const kind of ['workspace', 'project', 'ci', 'personal'] as const) {
      const p = effectivePermissions({ kind, scopes: ['read'], workspaceId: 'w1', revokedAt: ROTATION_END, memberships: [{ workspaceId: 'w1', role: 'viewer' }] }, BUILTIN_SCOPES);
      expect(p).toMatchObject({ status: 'rotating', graceEndsAt: ROTATION_END });
    }
  });

  it('is frozen: the cache shares it between calls', () => {
    const p = effectivePermissions({ kind: 'personal', scopes: ['read'], workspaceId: null, revokedAt: null, memberships: [{ workspaceId: 'w1', role: 'viewer' }] }, BUILTIN_SCOPES);
    expect(Object.isFrozen(p) && Object.isFrozen(p.scopes) && Object.isFrozen(p.workspaces) && Object.isFrozen(p.workspaces![0])).toBe(true);
  });
});
