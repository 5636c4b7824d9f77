import { Type } from 'typebox';
import { RoleName } from '../workspaces/workspace-schemas.js';
import { SCOPE_ENUM_KEY, TokenKindName } from '../tokens/token-schemas.js';
import type { ScopeRegistry } from './scope-registry.js';

/** Response allow-list: one scope of this instance. */
export const ScopeInfo = Type.Object({
  name: Type.String({ description: 'The scope, as tokens hold it and verification answers report it.' }),
  description: Type.String(),
  kinds: Type.Array(TokenKindName, { description: 'The token kinds that may hold it.' }),
  /** The lowest role that may grant it to a token; a personal token keeps it only while its user has this role or higher. */
  min_role: RoleName,
  builtin: Type.Boolean({ description: "true: one of Tessera's own scopes (read, write, upload, admin), which authorize its routes; false: declared by the operator for the platform Tessera protects (never authorizes Tessera's own routes)." }),
}, { $id: 'ScopeInfo' });

export const ScopeList = Type.Object({ items: Type.Array(Type.Ref('ScopeInfo')) });
export const ScopeListQuery = Type.Object({}, { additionalProperties: false });

/**
 * The served OpenAPI document with this instance's scopes: every schema marked with
 * SCOPE_ENUM_KEY gets the enum of the scopes it may name (all of them, or those a token kind may
 * hold), and loses the mark. A copy: the route schemas that validation compiles stay as they are.
 */
export function withInstanceScopes<T extends object>(doc: T, registry: ScopeRegistry): T {
  const copy = structuredClone(doc);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    const mark = o[SCOPE_ENUM_KEY];
    if (typeof mark === 'string') {
      o.enum = [...(mark === 'any' ? registry.names() : registry.forKind(mark as Parameters<ScopeRegistry['forKind']>[0]))];
      delete o[SCOPE_ENUM_KEY];
      delete o.pattern;
    }
    Object.values(o).forEach(visit);
  };
  visit(copy);
  return copy;
}
