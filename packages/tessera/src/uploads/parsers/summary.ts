/** What the server reads from an artifact: one shape per kind of upload. */
export interface CoverageSummary {
  lines_found: number;
  lines_hit: number;
  /** Lines hit over lines found, in percent with two decimals; null when there are no lines. */
  percent: number | null;
  files: number;
}

export interface TestResultsSummary {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
}

export const SARIF_LEVELS = ['error', 'warning', 'note', 'none'] as const;
export type SarifLevel = (typeof SARIF_LEVELS)[number];

export interface AnalysisSummary {
  results: number;
  by_level: Record<SarifLevel, number>;
}

export type ArtifactSummary = CoverageSummary | TestResultsSummary | AnalysisSummary;

/** A file that is not what it claims to be. Its message says why, for the upload's parse_error. */
export class ArtifactParseError extends Error {
  override readonly name = 'ArtifactParseError';
}

export function coverage(linesFound: number, linesHit: number, files: number): CoverageSummary {
  const percent = linesFound > 0 ? Math.round((linesHit / linesFound) * 10000) / 100 : null;
  return { lines_found: linesFound, lines_hit: linesHit, percent, files };
}
