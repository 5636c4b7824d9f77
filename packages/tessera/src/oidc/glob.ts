/**
 * Glob patterns for refs, environments and workflow refs, as GitHub writes them in branch
 * protection: `*` matches any characters except `/`, `**` matches anything, `?` one character
 * other than `/`. Everything else is literal. The whole value must match.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

export const globMatch = (patterns: readonly string[], value: string): boolean => patterns.some((p) => globToRegExp(p).test(value));
