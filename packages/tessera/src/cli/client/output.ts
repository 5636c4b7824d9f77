import { styleText } from 'node:util';

/**
 * How client commands print. Results go to stdout, messages and errors to stderr. Colour only
 * when the stream is a terminal, never with NO_COLOR (any non-empty value) or TERM=dumb. With
 * `--json`, stdout holds exactly one JSON document and nothing else.
 */
export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
export type Paint = Record<Style, (text: string) => string>;

export function colorEnabled(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function painter(enabled: boolean): Paint {
  // validateStream: false: this module decides (per stream, not only stdout), the same on every Node 20 release.
  const style = (s: Style) => (text: string) => (enabled && text ? styleText(s, text, { validateStream: false }) : text);
  return { bold: style('bold'), dim: style('dim'), red: style('red'), green: style('green'), yellow: style('yellow'), cyan: style('cyan') };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, '').length;

/** Anything shaped like a whole token (any brand) is cut to its display prefix: messages never carry a secret. */
export function redactTokens(text: string): string {
  return text.replace(/\b([a-z]{2,8}[a-z]_[0-9A-Za-z]{8})[0-9A-Za-z]{38}\b/g, '$1…');
}

/** Aligned columns, two spaces apart, header first (like `gh` and `kubectl`); the last column is not padded. */
export function formatTable(headers: string[], rows: string[][], paint: Paint = painter(false)): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[], header: boolean) =>
    cells
      .map((c, i) => {
        const cell = header ? paint.bold(c) : c;
        return i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(c));
      })
      .join('  ')
      .trimEnd();
  return [line(headers, true), ...rows.map((r) => line(r, false))].join('\n') + '\n';
}

/** Label/value pairs, labels aligned (for `show` commands). Undefined values are skipped. */
export function formatFields(fields: [string, string | undefined][], paint: Paint = painter(false)): string {
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${paint.dim(k.padEnd(width))}  ${v}`).join('\n') + '\n';
}

export interface Output {
  /** --json was given: results are printed with `json`, human text is kept out of stdout. */
  readonly json: boolean;
  /** Styles for stdout and for stderr (each is plain unless that stream is a colour terminal). */
  readonly paint: Paint;
  readonly paintErr: Paint;
  readonly stdoutIsTTY: boolean;
  /** A line (or several) of human output on stdout. */
  print(text: string): void;
  printJson(value: unknown): void;
  table(headers: string[], rows: string[][], empty?: string): void;
  fields(fields: [string, string | undefined][]): void;
  /** Informational or warning text on stderr (never part of a --json result). */
  info(text: string): void;
  warn(text: string): void;
  /** An error on stderr: `tessera: message`, then each hint indented. */
  error(message: string, hints?: string[]): void;
}

export interface OutputOptions {
  json?: boolean | undefined;
  stdout?: Stream;
  stderr?: Stream;
  env?: NodeJS.ProcessEnv;
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const paint = painter(colorEnabled(stdout, env));
  const paintErr = painter(colorEnabled(stderr, env));
  const withNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  return {
    json: options.json === true,
    paint,
    paintErr,
    stdoutIsTTY: stdout.isTTY === true,
    print: (text) => void stdout.write(withNewline(text)),
    printJson: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    table(headers, rows, empty) {
      if (rows.length === 0) stderr.write(withNewline(empty ?? 'Nothing to show.'));
      else stdout.write(formatTable(headers, rows, paint));
    },
    fields: (fields) => void stdout.write(formatFields(fields, paint)),
    info: (text) => void stderr.write(withNewline(redactTokens(text))),
    warn: (text) => void stderr.write(withNewline(`${paintErr.yellow('warning:')} ${redactTokens(text)}`)),
    error(message, hints = []) {
      stderr.write(withNewline(`${paintErr.red('tessera:')} ${redactTokens(message)}`));
      for (const h of hints) stderr.write(withNewline(`  ${redactTokens(h)}`));
    },
  };
}
