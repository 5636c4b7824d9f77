import { ArtifactParseError, SARIF_LEVELS, type AnalysisSummary, type SarifLevel } from './summary.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const isLevel = (v: unknown): v is SarifLevel => typeof v === 'string' && (SARIF_LEVELS as readonly string[]).includes(v);

/** The level a rule gives its results by default (reportingDescriptor.defaultConfiguration.level). */
function ruleLevel(run: Json, result: Json): SarifLevel | undefined {
  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
  const rules = driver && Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
  const rule = typeof result.ruleIndex === 'number' ? rules[result.ruleIndex] : rules.find((r) => isObject(r) && r.id === result.ruleId);
  const level = isObject(rule) && isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
  return isLevel(level) ? level : undefined;
}

/**
 * SARIF 2.x (the OASIS static-analysis results format: CodeQL, Semgrep, ESLint, Trivy…): every
 * result of every run, counted by level. A result without a level takes its rule's default, then
 * "warning" — or "none" when its kind says it is not a failure (SARIF 2.1.0 §3.27.10).
 */
export function parseSarif(text: string): AnalysisSummary {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ArtifactParseError(`not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(doc) || !Array.isArray(doc.runs)) throw new ArtifactParseError('not a SARIF log: no "runs" array');
  if (typeof doc.version === 'string' && !doc.version.startsWith('2.')) throw new ArtifactParseError(`SARIF version ${doc.version.slice(0, 20)} is not supported (2.x is)`);
  const by_level: Record<SarifLevel, number> = { error: 0, warning: 0, note: 0, none: 0 };
  let results = 0;
  for (const run of doc.runs) {
    if (!isObject(run)) throw new ArtifactParseError('not a SARIF log: a run is not an object');
    if (run.results === undefined || run.results === null) continue;
    if (!Array.isArray(run.results)) throw new ArtifactParseError('not a SARIF log: "results" is not an array');
    for (const result of run.results) {
      if (!isObject(result)) throw new ArtifactParseError('not a SARIF log: a result is not an object');
      const notFailure = typeof result.kind === 'string' && result.kind !== 'fail';
      const level = isLevel(result.level) ? result.level : notFailure ? 'none' : (ruleLevel(run, result) ?? 'warning');
      by_level[level]++;
      results++;
    }
  }
  return { results, by_level };
}
