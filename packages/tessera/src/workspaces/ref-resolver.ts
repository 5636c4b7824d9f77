import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import { findProject, findProjectById } from './project-repository.js';
import { findWorkspace } from './workspace-repository.js';

/** A workspace or project a gateway location names, as ids; `null` when there is none. */
export interface ResolvedRef {
  workspaceId: string;
  /** Null for a workspace reference. */
  projectId: string | null;
}

export interface RefResolverOptions {
  db: Db;
  /** How long a resolution is kept (default 10 s): a renamed slug keeps resolving to its old project for at most this long on a node. */
  ttlMs?: number;
  /** Resolutions kept at most (default 10,000); the oldest go first. */
  maxEntries?: number;
  clock?: Clock;
}

export interface RefResolver {
  /** `<workspace slug or id>/<project slug or id>`, or a project id (`prj_…`). The answer itself on a hit, a promise on a miss. */
  project(ref: string): ResolvedRef | null | Promise<ResolvedRef | null>;
  /** A workspace slug or id (`wsp_…`). */
  workspace(ref: string): ResolvedRef | null | Promise<ResolvedRef | null>;
}

/**
 * Turns the workspace and project names a gateway location is configured with into ids, with a
 * short-lived cache so a location's requirement costs no database read on most requests. The
 * names come from the proxy's configuration, so the set is small; a caller only asks once the
 * token is known to be valid, so a stranger cannot fill it.
 *
 * Slugs can be renamed: a node keeps a resolution for `ttlMs`, so for that long after a rename a
 * location naming the old slug still matches the renamed project (and a new project that takes the
 * old slug is not matched yet). Name projects by id (`prj_…`) where that matters; an id never changes.
 */
export function createRefResolver(o: RefResolverOptions): RefResolver {
  const ttlMs = o.ttlMs ?? 10_000;
  const max = o.maxEntries ?? 10_000;
  const clock = o.clock ?? systemClock;
  const kept = new Map<string, { value: ResolvedRef | null; atMs: number }>();

  function cached(key: string, load: () => Promise<ResolvedRef | null>): ResolvedRef | null | Promise<ResolvedRef | null> {
    const hit = kept.get(key);
    const now = clock.monotonicMs();
    if (hit && now - hit.atMs < ttlMs) return hit.value;
    return load().then((value) => {
      kept.delete(key);
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(key, { value, atMs: clock.monotonicMs() });
      return value;
    });
  }

  async function loadProject(ref: string): Promise<ResolvedRef | null> {
    const slash = ref.indexOf('/');
    if (slash < 0) {
      // A bare project id: its workspace is found through it.
      const p = await findProjectById(o.db, ref);
      return p ? { workspaceId: p.workspace_id, projectId: p.id } : null;
    }
    const ws = await findWorkspace(o.db, ref.slice(0, slash));
    if (!ws) return null;
    const p = await findProject(o.db, ws.id, ref.slice(slash + 1));
    return p ? { workspaceId: ws.id, projectId: p.id } : null;
  }

  return {
    project: (ref) => cached(`p:${ref}`, () => loadProject(ref)),
    workspace: (ref) => cached(`w:${ref}`, async () => {
      const ws = await findWorkspace(o.db, ref);
      return ws ? { workspaceId: ws.id, projectId: null } : null;
    }),
  };
}
