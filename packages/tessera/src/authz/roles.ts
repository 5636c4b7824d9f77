import type { Role, TokenKind } from '../db/schema.js';

export const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];
export const SCOPES = ['read', 'write', 'upload', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DOCS: Record<Scope, string> = {
  read: 'Read resources (GET).',
  write: 'Create, change and delete resources (POST, PATCH, DELETE).',
  upload: 'Upload CI artifacts (coverage, test results, analysis) to projects.',
  admin: 'Manage tokens, members and workspace settings.',
};

export const roleAtLeast = (role: Role, min: Role) => ROLES.indexOf(role) >= ROLES.indexOf(min);

/**
 * The role matrix: each action names the lowest role that may do it and the scope a token needs
 * for it (or, where `altScope` is given, either of the two). docs/roles.md is written from this
 * table and a test walks every cell.
 */
export const ACTIONS = {
  'workspace.read': { role: 'viewer', scope: 'read', doc: 'See the workspace and its settings' },
  'workspace.update': { role: 'owner', scope: 'admin', doc: 'Rename the workspace, change its token policy' },
  'workspace.delete': { role: 'owner', scope: 'admin', doc: 'Delete the workspace' },
  'project.read': { role: 'viewer', scope: 'read', doc: 'List and see projects' },
  'project.write': { role: 'admin', scope: 'write', doc: 'Create, rename and delete projects' },
  'member.read': { role: 'viewer', scope: 'read', doc: 'List members and service accounts' },
  'member.write': { role: 'admin', scope: 'admin', doc: 'Add, change and remove members below owner; manage service accounts' },
  'owner.write': { role: 'owner', scope: 'admin', doc: 'Grant or remove the owner role' },
  'token.list': { role: 'admin', scope: 'admin', doc: "See every token of the workspace (others see only their own)" },
  'token.project.manage': { role: 'admin', scope: 'admin', doc: 'Create, rotate and revoke project tokens and service-account tokens' },
  'token.workspace.manage': { role: 'owner', scope: 'admin', doc: 'Create, rotate and revoke workspace tokens' },
  'token.personal.manage': { role: 'viewer', scope: 'admin', doc: 'Create, rotate and revoke your own personal tokens' },
  'audit.read': { role: 'admin', scope: 'admin', doc: 'Read and export the audit trail' },
  'upload.read': { role: 'viewer', scope: 'read', doc: "List and download a project's uploads" },
  'upload.write': { role: 'member', scope: 'upload', altScope: 'write', doc: 'Upload coverage, test results and analysis to a project' },
  'trust.read': { role: 'admin', scope: 'read', doc: 'See the CI trust policies (OIDC federation) of the workspace and its projects' },
  'trust.write': { role: 'admin', scope: 'admin', doc: 'Create, change and delete CI trust policies: which CI jobs may mint short-lived ci tokens' },
  'verifier.read': { role: 'admin', scope: 'admin', doc: "List the workspace's verifier credentials (resource servers that verify its tokens)" },
  'verifier.manage': { role: 'owner', scope: 'admin', doc: 'Create and revoke verifier credentials bound to the workspace' },
  'webhook.manage': { role: 'admin', scope: 'admin', doc: "List, create, change, rotate the secret of and delete the workspace's webhook endpoints; see and redeliver their deliveries" },
} as const satisfies Record<string, { role: Role; scope: Scope; altScope?: Scope; doc: string }>;

export type Action = keyof typeof ACTIONS;

/**
 * What a principal does for its user rather than inside one workspace: only a session or a
 * personal token may. `restricted: true`: a personal token restricted to one workspace may do it
 * too, but sees and touches only what lies inside that workspace (the personal tokens restricted
 * to it); `false`: it would reach beyond the workspace, so a restricted token may not.
 */
export const USER_ACTIONS = {
  'account.read': { scope: 'read', restricted: true, doc: 'See your workspaces and your personal tokens' },
  'account.token.manage': { scope: 'admin', restricted: true, doc: 'Change, rotate and revoke your own personal tokens' },
  'account.token.create': { scope: 'admin', restricted: false, doc: 'Create a personal token usable in all your workspaces' },
  'workspace.create': { scope: 'admin', restricted: false, doc: 'Create a workspace (you become its owner)' },
  'workspace.leave': { scope: 'admin', restricted: true, doc: 'Leave a workspace' },
  'instance.manage': { scope: 'admin', restricted: false, doc: 'Instance administrators only: create, list and revoke instance-wide verifier credentials; name and remove instance administrators' },
} as const satisfies Record<string, { scope: Scope; restricted: boolean; doc: string }>;

export type UserAction = keyof typeof USER_ACTIONS;

/** The scopes any one of which lets a token do an action. */
export function acceptedScopes(action: Action): readonly Scope[] {
  const rule: { scope: Scope; altScope?: Scope } = ACTIONS[action];
  return rule.altScope ? [rule.scope, rule.altScope] : [rule.scope];
}

/** What a role may grant to a token it creates: never more than it can do itself. */
export const GRANTABLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['read'],
  member: ['read', 'write', 'upload'],
  admin: ['read', 'write', 'upload', 'admin'],
  owner: ['read', 'write', 'upload', 'admin'],
};

/** Scopes each token kind can hold at all. */
export const KIND_SCOPES: Record<TokenKind, readonly Scope[]> = {
  workspace: ['read', 'write', 'upload', 'admin'],
  project: ['read', 'write', 'upload'],
  personal: ['read', 'write', 'upload', 'admin'],
  ci: ['read', 'upload'],
};
