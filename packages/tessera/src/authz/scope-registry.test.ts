import { describe, expect, it } from 'vitest';
import { parsePlatformScopes } from '../config/platform-scopes.js';
import { effectivePermissions } from './effective-permissions.js';
import { GRANTABLE_SCOPES, KIND_SCOPES, ROLES, SCOPES } from './roles.js';
import { BUILTIN_SCOPES, createScopeRegistry } from './scope-registry.js';
import { TOKEN_KINDS } from '../tokens/token-kinds.js';

const declared = parsePlatformScopes(JSON.stringify([
  { name: 'deploy', description: 'Deploy', kinds: ['workspace', 'personal', 'ci'], min_role: 'admin' },
  { name: 'reports:read', description: 'Reports' },
]));
const registry = createScopeRegistry(declared.scopes);

describe('the scope registry', () => {
  it('describes the built-ins exactly as the role and kind tables do', () => {
    for (const role of ROLES) expect(BUILTIN_SCOPES.grantable(role)).toEqual(GRANTABLE_SCOPES[role]);
    for (const kind of TOKEN_KINDS) expect(BUILTIN_SCOPES.forKind(kind)).toEqual(KIND_SCOPES[kind]);
    expect(BUILTIN_SCOPES.names()).toEqual(SCOPES);
  });

  it('adds platform scopes after the built-ins, with their kinds and lowest granting role', () => {
    expect(declared.problems).toEqual([]);
    expect(registry.names()).toEqual(['read', 'write', 'upload', 'admin', 'deploy', 'reports:read']);
    expect(registry.isKnown('deploy')).toBe(true);
    expect(registry.isBuiltin('deploy')).toBe(false);
    expect(registry.isBuiltin('read')).toBe(true);
    expect(registry.isKnown('execute')).toBe(false);
    expect(registry.kindMayHold('ci', 'deploy')).toBe(true);
    expect(registry.kindMayHold('project', 'deploy')).toBe(false);
    expect(registry.grantable('member')).toEqual(['read', 'write', 'upload', 'reports:read']);
    expect(registry.grantable('admin')).toEqual(['read', 'write', 'upload', 'admin', 'deploy', 'reports:read']);
    expect(registry.forKind('ci')).toEqual(['read', 'upload', 'deploy']);
    expect(registry.order(['reports:read', 'nope', 'deploy', 'read', 'read'])).toEqual(['read', 'deploy', 'reports:read']);
  });

  it('effective permissions: a personal token keeps a platform scope only at its min role; a scope no longer declared, or no longer allowed for its kind, is not effective', () => {
    const personal = (role: 'member' | 'admin') => effectivePermissions({ kind: 'personal', scopes: ['deploy', 'read'], workspaceId: 'w1', revokedAt: null, memberships: [{ workspaceId: 'w1', role }] }, registry);
    expect(personal('admin').scopes).toEqual(['read', 'deploy']);
    expect(personal('member').scopes).toEqual(['read']);
    const ws = effectivePermissions({ kind: 'workspace', scopes: ['deploy', 'read'], workspaceId: 'w1', revokedAt: null, memberships: [] }, registry);
    expect(ws.scopes).toEqual(['read', 'deploy']);
    expect(effectivePermissions({ kind: 'workspace', scopes: ['deploy', 'read'], workspaceId: 'w1', revokedAt: null, memberships: [] }, BUILTIN_SCOPES).scopes).toEqual(['read']);
    expect(effectivePermissions({ kind: 'project', scopes: ['deploy', 'upload'], workspaceId: 'w1', revokedAt: null, memberships: [] }, registry).scopes).toEqual(['upload']);
  });
});
