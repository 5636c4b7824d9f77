/**
 * What an invalidation names. A key selects cached tokens (and remembered-unknown public ids):
 * `t:<public id>` one token; `n:<public id>` a token just created (a node's caches treat it as
 * `t:`: what they remember of that public id is that it was unknown; it is not passed on to SDK
 * caches, see verifier-events.ts); `u:<user id>` a user's tokens (disabled, removed, role changed);
 * `w:<workspace id>` / `j:<project id>` everything in a workspace or project; `*` everything.
 * Public ids, not token ids, so a key finds its cache entry without an index.
 */
export type CacheKey = `t:${string}` | `n:${string}` | `u:${string}` | `w:${string}` | `j:${string}` | '*';

export const tokenKey = (publicId: string): CacheKey => `t:${publicId}`;
/** A token (or verifier credential) created with this public id: nothing can have held it but as unknown. */
export const createdKey = (publicId: string): CacheKey => `n:${publicId}`;
export const userKey = (userId: string): CacheKey => `u:${userId}`;
export const workspaceKey = (workspaceId: string): CacheKey => `w:${workspaceId}`;
export const projectKey = (projectId: string): CacheKey => `j:${projectId}`;
export const ALL: CacheKey = '*';

/** What a cached entry is, as far as keys are concerned. */
export interface KeyedEntry {
  publicId: string;
  userId: string | null;
  workspaceId: string | null;
  projectId: string | null;
}

/** Does any of `keys` select this entry? */
export function selects(keys: Iterable<string>, e: KeyedEntry): boolean {
  for (const k of keys) {
    if (k === '*') return true;
    const id = k.slice(2);
    switch (k[0]) {
      case 't':
      case 'n': if (id === e.publicId) return true; break;
      case 'u': if (id === e.userId) return true; break;
      case 'w': if (id === e.workspaceId) return true; break;
      case 'j': if (id === e.projectId) return true; break;
    }
  }
  return false;
}

const KEY = /^(?:[tnuwj]:[0-9A-Za-z_-]{1,64}|\*)$/;

/**
 * Notification payload: `1|<nonce>|<key>,<key>,…`. The nonce names the publishing transaction so
 * its node can tell when its own notification came back. Payloads stay under PostgreSQL's 8000
 * bytes by splitting; anything unparsable decodes as `*` (flush everything: safe, never stale).
 */
export function encodePayloads(nonce: string, keys: readonly CacheKey[], maxBytes = 7000): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const k of keys) {
    if (size + k.length + 1 > maxBytes && current.length) {
      out.push(`1|${nonce}|${current.join(',')}`);
      current = [];
      size = 0;
    }
    current.push(k);
    size += k.length + 1;
  }
  if (current.length || !out.length) out.push(`1|${nonce}|${current.join(',')}`);
  return out;
}

export function decodePayload(payload: string): { nonce: string | null; keys: CacheKey[] } {
  const parts = payload.split('|');
  if (parts.length !== 3 || parts[0] !== '1') return { nonce: null, keys: [ALL] };
  const keys = parts[2] ? parts[2].split(',') : [];
  if (!keys.every((k) => KEY.test(k))) return { nonce: parts[1] || null, keys: [ALL] };
  return { nonce: parts[1] || null, keys: keys as CacheKey[] };
}
