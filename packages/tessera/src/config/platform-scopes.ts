/**
 * Platform-defined scopes: extra scopes the operator declares (TESSERA_SCOPES or the config
 * file's `scopes`) for the platform Tessera protects, next to Tessera's own read, write, upload
 * and admin. Tessera only issues, lists and reports them; they never authorize Tessera's own routes.
 *
 * A leaf imports no feature, so the names below restate Tessera's built-in scopes, roles and token
 * kinds; authz/scope-registry.ts fails to compile if they drift from authz/roles.ts and db/schema.ts.
 */
export const BUILTIN_SCOPE_NAMES = ['read', 'write', 'upload', 'admin'] as const;
export const ROLE_NAMES = ['viewer', 'member', 'admin', 'owner'] as const;
export const TOKEN_KIND_NAMES = ['workspace', 'project', 'personal', 'ci'] as const;

export type DeclaredRole = (typeof ROLE_NAMES)[number];
export type DeclaredKind = (typeof TOKEN_KIND_NAMES)[number];

/** One declared scope, checked and frozen. */
export interface PlatformScope {
  name: string;
  description: string;
  /** The token kinds that may hold it. */
  kinds: readonly DeclaredKind[];
  /** The lowest role that may grant it (and, for a personal token, that its user must still have for it to count). */
  min_role: DeclaredRole;
}

export const SCOPE_NAME_PATTERN = /^[a-z][a-z0-9_:.-]{0,63}$/;
export const DEFAULT_SCOPE_KINDS: readonly DeclaredKind[] = ['workspace', 'project', 'personal'];
export const DEFAULT_SCOPE_MIN_ROLE: DeclaredRole = 'member';
/** At most this many, so the built-ins and every platform scope fit in one token (64 scopes). */
export const MAX_PLATFORM_SCOPES = 60;
const MAX_DESCRIPTION = 200;
const FIELDS = ['name', 'description', 'kinds', 'min_role'];

/**
 * Parses the declarations: a JSON array of `{name, description, kinds?, min_role?}`. Returns the
 * frozen list or the problems, each naming the declaration it is about, so one start reports all.
 */
export function parsePlatformScopes(raw: string): { scopes: readonly PlatformScope[]; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { scopes: [], problems: ['must be a JSON array of {"name", "description", "kinds", "min_role"} objects'] };
  }
  if (!Array.isArray(value)) return { scopes: [], problems: ['must be a JSON array of {"name", "description", "kinds", "min_role"} objects'] };
  if (value.length > MAX_PLATFORM_SCOPES) return { scopes: [], problems: [`declares ${value.length} scopes; at most ${MAX_PLATFORM_SCOPES} are allowed`] };
  const problems: string[] = [];
  const scopes: PlatformScope[] = [];
  const seen = new Set<string>();
  value.forEach((d: unknown, i) => {
    const at = (msg: string) => problems.push(`scope ${typeof (d as { name?: unknown })?.name === 'string' ? `"${(d as { name: string }).name}"` : `#${i + 1}`}: ${msg}`);
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return at('must be an object with "name" and "description"');
    const o = d as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(o)) if (!FIELDS.includes(k)) at(`unknown field "${k}" (known: ${FIELDS.join(', ')})`);
    const name = o.name;
    if (typeof name !== 'string' || !SCOPE_NAME_PATTERN.test(name)) at('"name" must be 1 to 64 characters: a lowercase letter, then lowercase letters, digits, _ : . or -');
    else if ((BUILTIN_SCOPE_NAMES as readonly string[]).includes(name)) at(`collides with the built-in scope "${name}" (built-in: ${BUILTIN_SCOPE_NAMES.join(', ')}); choose another name`);
    else if (seen.has(name)) at('is declared twice');
    if (typeof o.description !== 'string' || !o.description.trim() || o.description.length > MAX_DESCRIPTION) at(`"description" must be a non-empty string of at most ${MAX_DESCRIPTION} characters`);
    let kinds = DEFAULT_SCOPE_KINDS;
    if (o.kinds !== undefined) {
      const list = o.kinds;
      if (!Array.isArray(list) || !list.length || list.some((k) => !(TOKEN_KIND_NAMES as readonly unknown[]).includes(k))) at(`"kinds" must be a non-empty list of ${TOKEN_KIND_NAMES.join(', ')}`);
      else kinds = TOKEN_KIND_NAMES.filter((k) => list.includes(k));
    }
    const minRole = o.min_role ?? DEFAULT_SCOPE_MIN_ROLE;
    if (!(ROLE_NAMES as readonly unknown[]).includes(minRole)) at(`"min_role" must be one of ${ROLE_NAMES.join(', ')}`);
    if (problems.length !== before) return;
    seen.add(name as string);
    scopes.push(Object.freeze({ name: name as string, description: (o.description as string).trim(), kinds: Object.freeze([...kinds]), min_role: minRole as DeclaredRole }));
  });
  return { scopes: problems.length ? [] : Object.freeze(scopes), problems };
}
