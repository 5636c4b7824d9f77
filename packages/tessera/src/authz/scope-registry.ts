import type { Role, TokenKind } from '../db/schema.js';
import { BUILTIN_SCOPE_NAMES, ROLE_NAMES, TOKEN_KIND_NAMES, type PlatformScope } from '../config/platform-scopes.js';
import { TOKEN_KINDS } from '../tokens/token-kinds.js';
import { GRANTABLE_SCOPES, KIND_SCOPES, ROLES, SCOPES, SCOPE_DOCS, roleAtLeast, type Scope } from './roles.js';

/** One scope this instance knows: a built-in one or one its operator declared. */
export interface ScopeInfo {
  readonly name: string;
  readonly description: string;
  /** The token kinds that may hold it, in TOKEN_KINDS order. */
  readonly kinds: readonly TokenKind[];
  /** The lowest role that may grant it to a token (a personal token keeps it only while its user has this role or higher). */
  readonly minRole: Role;
  /** Tessera's own (read, write, upload, admin): these, and only these, authorize Tessera's routes. */
  readonly builtin: boolean;
}

/**
 * Every scope of this instance, built once from the config (composition root) and handed to what
 * needs it: token creation (what a kind may hold, what a role may grant), effective permissions,
 * trust policies, the discovery route and the OpenAPI document. Immutable.
 */
export interface ScopeRegistry {
  /** Built-ins first (read, write, upload, admin), then platform scopes in declared order: the canonical order of every scope list. */
  all(): readonly ScopeInfo[];
  names(): readonly string[];
  get(name: string): ScopeInfo | undefined;
  isKnown(name: string): boolean;
  isBuiltin(name: string): boolean;
  kindMayHold(kind: TokenKind, name: string): boolean;
  roleMayGrant(role: Role, name: string): boolean;
  /** The scopes a role may grant, in canonical order. */
  grantable(role: Role): readonly string[];
  /** The scopes a token kind may hold, in canonical order. */
  forKind(kind: TokenKind): readonly string[];
  /** The known ones of `scopes`, once each, in canonical order. */
  order(scopes: readonly string[]): string[];
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** config/platform-scopes.ts restates these lists (a leaf imports no feature): compiling fails if they drift. */
const _sameScopes: Same<(typeof BUILTIN_SCOPE_NAMES)[number], Scope> = true;
const _sameRoles: Same<(typeof ROLE_NAMES)[number], Role> = true;
const _sameKinds: Same<(typeof TOKEN_KIND_NAMES)[number], TokenKind> = true;
void [_sameScopes, _sameRoles, _sameKinds];

/** A built-in scope's lowest granting role, read from the role table (which is monotonic). */
const builtinMinRole = (s: Scope): Role => ROLES.find((r) => GRANTABLE_SCOPES[r].includes(s))!;

const BUILTINS: readonly ScopeInfo[] = Object.freeze(SCOPES.map((s) => Object.freeze({
  name: s, description: SCOPE_DOCS[s], kinds: Object.freeze(TOKEN_KINDS.filter((k) => KIND_SCOPES[k].includes(s))), minRole: builtinMinRole(s), builtin: true,
})));

export function createScopeRegistry(platform: readonly PlatformScope[] = []): ScopeRegistry {
  const list: readonly ScopeInfo[] = Object.freeze([
    ...BUILTINS,
    ...platform.map((p) => Object.freeze({ name: p.name, description: p.description, kinds: Object.freeze(TOKEN_KINDS.filter((k) => p.kinds.includes(k))), minRole: p.min_role, builtin: false })),
  ]);
  const byName = new Map(list.map((s) => [s.name, s]));
  if (byName.size !== list.length) throw new TypeError('platform scopes must have unique names that are not built-in');
  const names = Object.freeze(list.map((s) => s.name));
  const grantable = new Map(ROLES.map((r) => [r, Object.freeze(list.filter((s) => roleAtLeast(r, s.minRole)).map((s) => s.name))]));
  const forKind = new Map(TOKEN_KINDS.map((k) => [k, Object.freeze(list.filter((s) => s.kinds.includes(k)).map((s) => s.name))]));
  return Object.freeze({
    all: () => list,
    names: () => names,
    get: (name: string) => byName.get(name),
    isKnown: (name: string) => byName.has(name),
    isBuiltin: (name: string) => byName.get(name)?.builtin ?? false,
    kindMayHold: (kind: TokenKind, name: string) => byName.get(name)?.kinds.includes(kind) ?? false,
    roleMayGrant: (role: Role, name: string) => {
      const s = byName.get(name);
      return s !== undefined && roleAtLeast(role, s.minRole);
    },
    grantable: (role: Role) => grantable.get(role)!,
    forKind: (kind: TokenKind) => forKind.get(kind)!,
    order: (scopes: readonly string[]) => names.filter((n) => scopes.includes(n)),
  });
}

/** Tessera's own scopes only: for code and tests that run without a configured instance. */
export const BUILTIN_SCOPES: ScopeRegistry = createScopeRegistry();
