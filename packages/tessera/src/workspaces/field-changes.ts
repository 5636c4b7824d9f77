/** The fields of `patch` whose value differs from `current`: what to write and what to audit. */
export function fieldChanges<T extends object, K extends keyof T>(current: T, patch: Partial<Pick<T, K>>) {
  const set: Partial<Pick<T, K>> = {};
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(patch) as K[]) {
    const value = patch[key];
    if (value === undefined || value === current[key]) continue;
    set[key] = value;
    from[key as string] = current[key];
    to[key as string] = value;
  }
  const changed = Object.keys(to);
  return { set, changed, details: { changed, from, to } };
}
