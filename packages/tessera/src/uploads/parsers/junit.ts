import { ArtifactParseError, type TestResultsSummary } from './summary.js';
import { children, has, numberAttr, parseXml, type XmlNode } from './xml.js';

/** Every <testsuite> under a node, nested ones included (some writers nest suites). */
function suitesUnder(node: XmlNode, depth = 0): XmlNode[] {
  if (depth > 50) throw new ArtifactParseError('testsuites are nested too deeply');
  return children(node, 'testsuite').flatMap((s) => [s, ...suitesUnder(s, depth + 1)]);
}

/**
 * JUnit XML (`<testsuites>` or a single `<testsuite>` with `<testcase>` elements), as written by
 * Surefire, pytest, Jest, Go's gotestsum, Playwright and most CI tools. A test case with a
 * `<failure>` or `<error>` failed, one with `<skipped>` was skipped, any other passed. When a
 * report lists no test cases, the suites' own counts are used.
 */
export function parseJunit(text: string): TestResultsSummary {
  const doc = parseXml(text);
  let suites: XmlNode[];
  let totals: XmlNode[];
  if (doc.testsuites !== undefined) {
    const root = children(doc, 'testsuites')[0]!;
    suites = suitesUnder(root);
    totals = suites.length ? suites.filter((s) => !children(s, 'testsuite').length) : [root];
  } else if (doc.testsuite !== undefined) {
    suites = suitesUnder(doc);
    totals = suites.filter((s) => !children(s, 'testsuite').length);
  } else {
    throw new ArtifactParseError(`not a JUnit report: the root element is <${Object.keys(doc)[0] ?? 'none'}>, expected <testsuites> or <testsuite>`);
  }

  const cases = suites.flatMap((s) => children(s, 'testcase'));
  if (cases.length) {
    let failed = 0;
    let skipped = 0;
    for (const c of cases) {
      if (has(c, 'failure') || has(c, 'error')) failed++;
      else if (has(c, 'skipped')) skipped++;
    }
    return { tests: cases.length, passed: cases.length - failed - skipped, failed, skipped };
  }
  // No <testcase>: trust the counts the suites declare.
  let tests = 0;
  let failed = 0;
  let skipped = 0;
  for (const s of totals) {
    tests += numberAttr(s, 'tests') ?? 0;
    failed += (numberAttr(s, 'failures') ?? 0) + (numberAttr(s, 'errors') ?? 0);
    skipped += numberAttr(s, 'skipped') ?? numberAttr(s, 'disabled') ?? 0;
  }
  if (tests < failed + skipped) throw new ArtifactParseError(`the suites declare ${tests} tests but ${failed} failed and ${skipped} skipped`);
  return { tests, passed: tests - failed - skipped, failed, skipped };
}
