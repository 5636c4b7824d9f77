/**
 * Glob patterns for refs, environments, workflow refs and subjects, as GitHub writes them in
 * branch protection: `*` matches any characters except `/`, `**` matches anything, `?` one
 * character other than `/`. Everything else is literal, case-sensitive; the whole value must
 * match. Pairs of stars are read left to right (`***` is `**` then `*`).
 *
 * Patterns come from users and values from ID tokens, so matching never backtracks: the pattern
 * runs as a small automaton over the value, holding the set of pattern positions reached so far.
 * A literal or `?` position either advances or drops out on each character; only star positions
 * stay. The work is O(value length × positions alive), at most O(n·m), whatever the pattern.
 */

/** A pattern position: a literal UTF-16 code unit (≥ 0) or one of these. */
const ONE = -1;
const STAR = -2; // any run of characters except '/'
const GLOBSTAR = -3; // any run of characters
const SLASH = 0x2f;

export type CompiledGlob = Int32Array;

export function compileGlob(pattern: string): CompiledGlob {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a /* * */ && pattern.charCodeAt(i + 1) === 0x2a) {
      out.push(GLOBSTAR);
      i++;
    } else if (c === 0x2a) out.push(STAR);
    else if (c === 0x3f /* ? */) out.push(ONE);
    else out.push(c);
  }
  return Int32Array.from(out);
}

/** How many wildcards (`*`, `**`, `?`) a pattern holds. */
export function wildcardCount(pattern: string): number {
  let n = 0;
  for (const t of compileGlob(pattern)) if (t < 0) n++;
  return n;
}

export function matchGlob(glob: CompiledGlob, value: string): boolean {
  const m = glob.length;
  // Two sets of positions (each holds a position at most once), swapped on every character;
  // seen[p] === generation: p is already in the set being built for this character.
  let current = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  const seen = new Int32Array(m + 1).fill(-1);
  let size = reach(glob, current, 0, seen, 0, 0);
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    const generation = i + 1;
    let nextSize = 0;
    for (let k = 0; k < size; k++) {
      const p = current[k]!;
      if (p === m) continue;
      const t = glob[p]!;
      if (t === GLOBSTAR || (t === STAR && ch !== SLASH)) nextSize = reach(glob, next, nextSize, seen, p, generation);
      else if (t === ch || (t === ONE && ch !== SLASH)) nextSize = reach(glob, next, nextSize, seen, p + 1, generation);
    }
    if (nextSize === 0) return false;
    const swap = current;
    current = next;
    next = swap;
    size = nextSize;
  }
  for (let k = 0; k < size; k++) if (current[k] === m) return true;
  return false;
}

/** Adds position `from` to `set` (of `size` entries) and, past stars (which may match nothing), the positions after it. */
function reach(glob: CompiledGlob, set: Int32Array, size: number, seen: Int32Array, from: number, generation: number): number {
  const m = glob.length;
  for (let p = from; p <= m && seen[p] !== generation; p++) {
    seen[p] = generation;
    set[size++] = p;
    if (p === m || glob[p]! > STAR) break;
  }
  return size;
}

export const globMatch = (patterns: readonly string[], value: string): boolean => patterns.some((p) => matchGlob(compileGlob(p), value));
