import { diagnoseToken, type Diagnosis } from '../tokens/token-diagnosis.js';
import { TOKEN_KIND_LETTERS, type TokenKindName } from '../tokens/token-format.js';

/**
 * Every problem with a pasted token, not just the first: the offline diagnosis (tokens/
 * token-diagnosis.ts) is run again after undoing each problem it can undo (quotes, "Bearer ",
 * a line break, surrounding spaces), so `"tsrp_…"\n` reports both the quotes and the newline.
 * `repaired` is the token with those undone, when what remains is well-formed.
 */
export interface TokenProblems {
  problems: Diagnosis[];
  repaired: string | undefined;
  kind: TokenKindName | undefined;
}

const REPAIRS: Partial<Record<Diagnosis['code'], (s: string) => string>> = {
  bearer_prefix_included: (s) => s.replace(/^\s*bearer\s+/i, ''),
  quoted: (s) => s.replace(/^(\s*)["'`]/, '$1').replace(/["'`](\s*)$/, '$1'),
  trailing_newline: (s) => s.replace(/\r?\n$/, ''),
  surrounding_whitespace: (s) => s.trim(),
};

export function findTokenProblems(raw: string, brand: string): TokenProblems {
  const problems: Diagnosis[] = [];
  let current = raw;
  for (let i = 0; i < 16; i++) {
    const d = diagnoseToken(current, brand);
    if (!d) return { problems, repaired: current, kind: kindOf(current, brand) };
    const last = problems[problems.length - 1];
    if (!last || last.code !== d.code || last.message !== d.message) problems.push(d); // several line breaks: one problem
    const repair = REPAIRS[d.code];
    if (!repair) break;
    current = repair(current);
  }
  return { problems, repaired: undefined, kind: undefined };
}

function kindOf(token: string, brand: string): TokenKindName | undefined {
  const letter = token.slice(brand.length, brand.length + 1);
  return (Object.keys(TOKEN_KIND_LETTERS) as TokenKindName[]).find((k) => TOKEN_KIND_LETTERS[k] === letter);
}

/** A problem `tessera token check` reports: one of the offline diagnoses, or a token of the wrong kind. */
export interface CheckProblem {
  code: Diagnosis['code'] | 'wrong_kind';
  message: string;
  fix: string;
}

/** "Wrong kind for what you are doing": a token of another kind than the one expected (--kind). */
export function kindProblem(actual: TokenKindName, expected: TokenKindName): CheckProblem | null {
  if (actual === expected) return null;
  const hint = actual === 'session'
    ? 'this is a sign-in session (from tessera login), not an API token: create one with `tessera token create`'
    : `create a ${expected} token with \`tessera token create --kind ${expected}\`, or use the one meant for this`;
  return { code: 'wrong_kind', message: `this is a ${actual} token, not a ${expected} token`, fix: hint };
}
