import type { ParseStatus, UploadFormat, UploadKind } from '../../db/schema.js';
import { parseCobertura } from './cobertura.js';
import { detectFormat, type KnownFormat } from './detect.js';
import { parseJunit } from './junit.js';
import { parseLcov } from './lcov.js';
import { parseSarif } from './sarif.js';
import { ArtifactParseError, type ArtifactSummary } from './summary.js';

/** The kind of upload each format is. */
export const FORMAT_KIND: Record<KnownFormat, UploadKind> = { lcov: 'coverage', cobertura: 'coverage', junit: 'test-results', sarif: 'analysis' };

const PARSERS: Record<KnownFormat, (text: string) => ArtifactSummary> = { lcov: parseLcov, cobertura: parseCobertura, junit: parseJunit, sarif: parseSarif };

export interface ParseOutcome {
  format: UploadFormat;
  status: ParseStatus;
  summary: ArtifactSummary | null;
  error: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_ERROR_LENGTH = 500;

/** The body as text, or undefined when it is not UTF-8 (a binary file, a UTF-16 report). */
export function decodeText(body: Uint8Array): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/** The format to parse with: the one asked for, else the one detected; undefined when neither. */
export function chooseFormat(requested: KnownFormat | 'auto', text: string | undefined): KnownFormat | undefined {
  if (requested !== 'auto') return requested;
  return text === undefined ? undefined : detectFormat(text);
}

/**
 * Reads a report into its summary. Never throws: a file that is not what it claims to be comes
 * back `unparsable` with the reason, so it is still kept.
 */
export function parseArtifact(format: KnownFormat | undefined, text: string | undefined): ParseOutcome {
  const unparsable = (f: UploadFormat, error: string): ParseOutcome => ({ format: f, status: 'unparsable', summary: null, error: error.slice(0, MAX_ERROR_LENGTH) });
  if (!format) return unparsable('unknown', 'the format could not be detected: send format=lcov, cobertura, junit or sarif');
  if (text === undefined) return unparsable(format, 'the file is not UTF-8 text');
  try {
    return { format, status: 'parsed', summary: PARSERS[format](text), error: null };
  } catch (err) {
    // Parser libraries fail with their own errors (or a RangeError on pathological input): all mean "not this format".
    const message = err instanceof ArtifactParseError ? err.message : `not a valid ${format} file: ${(err as Error)?.message ?? String(err)}`;
    return unparsable(format, message);
  }
}
