import type { TokenKind } from '../db/schema.js';

/**
 * The kinds of API token, in the order the docs list them: the one list that schemas, CLI flags
 * and the console's filters are built from. (The database's column type in db/schema.ts and the
 * CHECK constraint of migration 0001 state the same set; `satisfies` fails to compile if this
 * list names a kind the database does not hold.)
 */
export const TOKEN_KINDS = ['workspace', 'project', 'personal', 'ci'] as const satisfies readonly TokenKind[];

/** The kinds a person creates directly; ci tokens are only minted by the OIDC exchange. */
export const CREATABLE_TOKEN_KINDS = ['workspace', 'project', 'personal'] as const satisfies readonly TokenKind[];
export type CreatableTokenKind = (typeof CREATABLE_TOKEN_KINDS)[number];

/** A token's lifecycle status, derived from its timestamps (token-repository.ts). */
export const TOKEN_STATUSES = ['active', 'rotating', 'expired', 'revoked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** What a token list can be ordered by (newest first by default); a leading `-` is descending. Ties are broken by id, in the same direction. */
export const TOKEN_SORTS = ['-created_at', 'created_at', 'name', '-name', 'expires_at', '-expires_at', 'last_used_at', '-last_used_at'] as const;
export type TokenSort = (typeof TOKEN_SORTS)[number];
