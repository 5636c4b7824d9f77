import type { Command } from 'commander';

/**
 * Test support for docs/doc-snippets.test.ts: the fenced code blocks of the Markdown docs, the
 * `tessera` command lines in them, and a check of such a line against the real program's
 * commands and options (without running it).
 */
export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  text: string;
}

/** Fenced blocks (```lang … ```) of a Markdown text; a block left open is an error. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let open: { line: number; lang: string; fence: string; body: string[] } | null = null;
  lines.forEach((l, i) => {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(l);
    if (!open) {
      if (fence) open = { line: i + 1, lang: fence[3]!.toLowerCase(), fence: fence[2]!, body: [] };
      return;
    }
    if (fence && fence[2]!.startsWith(open.fence) && !fence[3]) {
      out.push({ file, line: open.line, lang: open.lang, text: open.body.join('\n') });
      open = null;
    } else open.body.push(l);
  });
  if (open) throw new Error(`${file}:${(open as { line: number }).line}: a code block is never closed`);
  return out;
}

/** One command of a shell snippet, continuation lines joined, with the `# → …` answer the docs promise for it (if any). */
export interface ShellStep {
  command: string;
  expect: string | null;
}

/** The commands of a shell snippet, in order; comment lines are dropped, except a `# → …` answer (and its indented continuation lines). */
export function shellSteps(script: string): ShellStep[] {
  const steps: ShellStep[] = [];
  let inExpect = false;
  for (const line of script.replace(/\\\n/g, ' ').split('\n')) {
    const t = line.trim();
    const arrow = /^#\s*→\s*(.*)$/.exec(t);
    if (arrow && steps.length) {
      steps[steps.length - 1]!.expect = arrow[1]!;
      inExpect = true;
      continue;
    }
    if (inExpect && /^#\s{2,}/.test(t)) {
      steps[steps.length - 1]!.expect += ' ' + t.replace(/^#\s*/, '');
      continue;
    }
    inExpect = false;
    if (!t || t.startsWith('#')) continue;
    steps.push({ command: stripComment(t).trim(), expect: null });
  }
  return steps;
}

/**
 * The `"key": value` pairs of a documented answer that say something exact: strings, booleans
 * and null. Not what the docs write to show the shape of a value that varies: anything with `…`,
 * numbers (sizes, counts, times of an example), ids and display prefixes (`tok_…`, `tsrp_Ab3dE5fG`).
 */
export function exactPairs(expected: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const m of expected.matchAll(/"([\w-]+)"\s*:\s*("(?:[^"\\]|\\.)*"|true|false|null)(?=\s*[,}])/g)) {
    const value = JSON.parse(m[2]!) as unknown;
    if (typeof value === 'string' && (value.includes('…') || /^(?:[a-z]{3}_|tsr[a-z]_)[0-9A-Za-z]+$/.test(value))) continue;
    out.push([m[1]!, value]);
  }
  return out;
}

export interface CommandLine {
  /** Where it was found, for messages. */
  where: string;
  /** The words after `tessera`, as a shell would split them (quotes removed, variables left as written). */
  args: string[];
}

/**
 * The `tessera …` commands of a shell snippet: continuation lines joined, `$ ` prompts and
 * comments dropped, each `|`, `&&`, `||` or `;` segment that starts with `tessera` (after any
 * `VAR=value` assignments).
 */
export function tesseraCommands(where: string, script: string, opts: { synopsis?: boolean } = {}): CommandLine[] {
  const joined = script.replace(/\\\n/g, ' ');
  const out: CommandLine[] = [];
  for (const raw of joined.split('\n')) {
    const line = stripComment(raw.replace(/^\s*\$\s+/, ''));
    // A synopsis (`--kind workspace|project`) is one command, not a pipeline.
    for (const segment of opts.synopsis ? [line.trim()] : splitSegments(line)) {
      let words = opts.synopsis ? segment.split(/\s+/) : shellWords(segment);
      while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words = words.slice(1);
      if (words[0] === 'tessera') out.push({ where, args: words.slice(1) });
      else if (words[0] === 'npx' && words[1] === 'tessera') out.push({ where, args: words.slice(2) });
      else if (words[0] === 'npm' && words[1] === 'run' && words[2] === 'tessera' && words[3] === '--') out.push({ where, args: words.slice(4) });
    }
  }
  return out;
}

/** Drops a `#` comment (one that starts a word, outside quotes). */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function splitSegments(line: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&')) {
      out.push(line.slice(start, i));
      if (line[i + 1] === c) i++;
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Splits a command into words as a shell would, without expanding anything. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = null;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in: ${s}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * What is wrong with `tessera <args>` for this program: an unknown command, or an option the
 * command does not have (its own or its ancestors'). Synopsis notation (`[--kind K]`,
 * `--scopes LIST`, `A|B`) is read too: every `--flag` / `-f` word is checked. Empty when fine.
 */
export function problemsWith(program: Command, args: readonly string[]): string[] {
  let cmd = program;
  let i = 0;
  for (; i < args.length; i++) {
    const sub = cmd.commands.find((c) => c.name() === args[i] || c.aliases().includes(args[i]!));
    if (!sub) break;
    cmd = sub;
  }
  const path = ['tessera', ...args.slice(0, i)].join(' ');
  const problems: string[] = [];
  if (cmd.commands.length && i < args.length && !args[i]!.startsWith('-')) {
    problems.push(`${path}: no command "${args[i]}" (it has ${cmd.commands.map((c) => c.name()).join(', ')})`);
  }
  const known = new Set<string>(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long) known.add(o.long);
      if (o.short) known.add(o.short);
      // commander's --no-x for a boolean --x defaults
      if (o.long?.startsWith('--no-')) known.add(`--${o.long.slice(5)}`);
    }
  }
  for (const w of args.slice(i)) {
    for (const m of w.matchAll(/(?:^|[[|])(--?[A-Za-z][\w-]*)/g)) {
      const flag = m[1]!.split('=')[0]!;
      if (!known.has(flag)) problems.push(`${path}: no option ${flag}`);
    }
  }
  return problems;
}
