import { ArtifactParseError, coverage, type CoverageSummary } from './summary.js';

/** Records of the LCOV tracefile format (geninfo(1)) that carry nothing the summary needs. */
const IGNORED = new Set(['TN', 'VER', 'FN', 'FNL', 'FNA', 'FNDA', 'FNF', 'FNH', 'BRDA', 'BRF', 'BRH']);

interface FileLines {
  /** line number → hit count, from DA records: the source of truth, merged across repeated SF sections. */
  lines: Map<number, number>;
  /** LF/LH totals, used only for sections without DA records. */
  found: number;
  hit: number;
}

const count = (value: string, what: string, lineNo: number): number => {
  if (!/^\d+$/.test(value)) throw new ArtifactParseError(`line ${lineNo}: ${what} must be a whole number, got "${value.slice(0, 40)}"`);
  return Number(value);
};

/**
 * LCOV tracefiles: `SF:<path>` opens a file section, `DA:<line>,<hits>` gives a line's hits,
 * `LF`/`LH` the section's lines found and hit, `end_of_record` closes it. A file named in several
 * sections (merged test runs) counts once, with its DA lines merged.
 */
export function parseLcov(text: string): CoverageSummary {
  const files = new Map<string, FileLines>();
  let current: FileLines | undefined;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    if (line === 'end_of_record') {
      current = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (key === 'SF') {
      if (!value) throw new ArtifactParseError(`line ${lineNo}: SF record without a file name`);
      current = files.get(value) ?? { lines: new Map(), found: 0, hit: 0 };
      files.set(value, current);
      continue;
    }
    if (IGNORED.has(key)) continue;
    if (key !== 'DA' && key !== 'LF' && key !== 'LH') throw new ArtifactParseError(`line ${lineNo}: "${line.slice(0, 40)}" is not an LCOV record`);
    if (!current) throw new ArtifactParseError(`line ${lineNo}: ${key} record outside a file section (no SF record before it)`);
    if (key === 'DA') {
      const [lineNumber = '', hits = ''] = value.split(',');
      const n = count(lineNumber, 'a DA line number', lineNo);
      // Hit counts may be negative or fractional in some generators' output: only "more than zero" matters.
      const h = Number(hits);
      if (hits === '' || Number.isNaN(h)) throw new ArtifactParseError(`line ${lineNo}: DA hit count must be a number, got "${hits.slice(0, 40)}"`);
      current.lines.set(n, Math.max(current.lines.get(n) ?? 0, h));
    } else if (key === 'LF') {
      current.found = Math.max(current.found, count(value, 'LF', lineNo));
    } else {
      current.hit = Math.max(current.hit, count(value, 'LH', lineNo));
    }
  }
  if (files.size === 0) throw new ArtifactParseError('no SF records: this is not an LCOV tracefile');
  let found = 0;
  let hit = 0;
  for (const f of files.values()) {
    if (f.lines.size) {
      found += f.lines.size;
      for (const h of f.lines.values()) if (h > 0) hit++;
    } else {
      found += f.found;
      hit += Math.min(f.hit, f.found);
    }
  }
  return coverage(found, hit, files.size);
}
