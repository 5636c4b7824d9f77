import { ArtifactParseError, coverage, type CoverageSummary } from './summary.js';
import { children, numberAttr, parseXml, stringAttr, type XmlNode } from './xml.js';

/**
 * Cobertura XML (`<coverage lines-valid lines-covered line-rate>` over packages/classes/lines),
 * as written by coverage.py, Istanbul, gcovr, JaCoCo converters and others. The root's totals
 * are used when present; otherwise the lines of every class are counted.
 */
export function parseCobertura(text: string): CoverageSummary {
  const doc = parseXml(text);
  const root = doc.coverage;
  if (!root || typeof root !== 'object') throw new ArtifactParseError(`not a Cobertura report: the root element is <${Object.keys(doc)[0] ?? 'none'}>, expected <coverage>`);
  const node = root as XmlNode;
  const classes = children(node.packages, 'package').flatMap((p) => children(p.classes, 'class'));
  const files = new Set(classes.map((c) => stringAttr(c, 'filename') ?? stringAttr(c, 'name') ?? ''));
  const valid = numberAttr(node, 'lines-valid');
  const covered = numberAttr(node, 'lines-covered');
  if (valid !== undefined && covered !== undefined) return coverage(valid, Math.min(covered, valid), files.size);

  if (!classes.length) throw new ArtifactParseError('not a Cobertura report: <coverage> has neither lines-valid/lines-covered nor any <class>');
  // Older writers give only line-rate: count each file's lines (a line listed by several classes of one file counts once).
  const lines = new Map<string, Map<string, boolean>>();
  for (const c of classes) {
    const file = stringAttr(c, 'filename') ?? stringAttr(c, 'name') ?? '';
    const seen = lines.get(file) ?? new Map<string, boolean>();
    lines.set(file, seen);
    for (const l of children(c.lines, 'line')) {
      const n = stringAttr(l, 'number');
      if (n === undefined) continue;
      seen.set(n, (seen.get(n) ?? false) || (numberAttr(l, 'hits') ?? 0) > 0);
    }
  }
  let found = 0;
  let hit = 0;
  for (const seen of lines.values()) {
    found += seen.size;
    for (const h of seen.values()) if (h) hit++;
  }
  return coverage(found, hit, files.size);
}
