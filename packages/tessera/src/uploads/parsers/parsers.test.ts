import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLcov } from './lcov.js';
import { parseCobertura } from './cobertura.js';
import { parseJunit } from './junit.js';
import { parseSarif } from './sarif.js';
import { detectFormat } from './detect.js';
import { chooseFormat, decodeText, parseArtifact } from './parse-artifact.js';
import { xmlProlog } from './xml.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The classic billion-laughs document: ten levels of ten-fold entity expansion. */
export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}
]>
<testsuites><testsuite name="&lol9;" tests="1"><testcase name="&lol9;"/></testsuite></testsuites>`;

describe('LCOV', () => {
  it('sums lines found and hit over every file section', () => {
    expect(parseLcov(fixture('coverage.lcov'))).toEqual({ lines_found: 10, lines_hit: 6, percent: 60, files: 2 });
  });

  it('counts a file repeated in merged sections once, merging its lines', () => {
    const text = 'SF:a.ts\nDA:1,0\nDA:2,1\nend_of_record\nSF:a.ts\nDA:1,3\nDA:3,0\nend_of_record\n';
    expect(parseLcov(text)).toEqual({ lines_found: 3, lines_hit: 2, percent: 66.67, files: 1 });
  });

  it('uses LF/LH where a section has no DA records, and accepts CRLF line ends', () => {
    expect(parseLcov('TN:\r\nSF:a.c\r\nLF:40\r\nLH:10\r\nend_of_record\r\n')).toEqual({ lines_found: 40, lines_hit: 10, percent: 25, files: 1 });
  });

  it('gives a null percent when no line is instrumented', () => {
    expect(parseLcov('SF:empty.ts\nend_of_record\n')).toEqual({ lines_found: 0, lines_hit: 0, percent: null, files: 1 });
  });

  it('refuses what is not a tracefile, naming the line', () => {
    expect(() => parseLcov('hello world\n')).toThrow(/line 1: "hello world" is not an LCOV record/);
    expect(() => parseLcov('TN:\n')).toThrow(/no SF records/);
    expect(() => parseLcov('DA:1,1\n')).toThrow(/line 1: DA record outside a file section/);
    expect(() => parseLcov('SF:a\nDA:x,1\n')).toThrow(/line 2: a DA line number must be a whole number/);
    expect(() => parseLcov('SF:a\nLF:-3\n')).toThrow(/line 2: LF must be a whole number/);
  });
});

describe('Cobertura', () => {
  it("reads the root's lines-valid and lines-covered, and counts the files", () => {
    expect(parseCobertura(fixture('cobertura.xml'))).toEqual({ lines_found: 8, lines_hit: 6, percent: 75, files: 2 });
  });

  it('counts class lines when the root has only a line-rate', () => {
    const xml = `<coverage line-rate="0.5"><packages><package name="p"><classes>
      <class name="A" filename="a.py"><lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class>
      <class name="A.Inner" filename="a.py"><lines><line number="2" hits="4"/></lines></class>
      <class name="B" filename="b.py"><lines><line number="1" hits="0"/></lines></class>
    </classes></package></packages></coverage>`;
    expect(parseCobertura(xml)).toEqual({ lines_found: 3, lines_hit: 2, percent: 66.67, files: 2 });
  });

  it('refuses other XML', () => {
    expect(() => parseCobertura('<report name="jacoco"/>')).toThrow(/root element is <report>, expected <coverage>/);
    expect(() => parseCobertura('<coverage clover="4.4"><project/></coverage>')).toThrow(/neither lines-valid/);
    expect(() => parseCobertura('<coverage lines-valid="3"><packages>')).toThrow(/malformed XML/);
  });
});

describe('JUnit', () => {
  it('counts passed, failed (failures and errors) and skipped test cases', () => {
    expect(parseJunit(fixture('junit.xml'))).toEqual({ tests: 6, passed: 3, failed: 2, skipped: 1 });
  });

  it('reads a single <testsuite> root and nested suites', () => {
    expect(parseJunit('<testsuite name="a"><testcase name="x"/><testcase name="y"><skipped/></testcase></testsuite>')).toEqual({ tests: 2, passed: 1, failed: 0, skipped: 1 });
    const nested = '<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="a"><failure/></testcase></testsuite><testcase name="b"/></testsuite></testsuites>';
    expect(parseJunit(nested)).toEqual({ tests: 2, passed: 1, failed: 1, skipped: 0 });
  });

  it("falls back to the suites' declared counts when no test case is listed", () => {
    expect(parseJunit('<testsuites><testsuite tests="10" failures="2" errors="1" skipped="3"/><testsuite tests="5"/></testsuites>')).toEqual({ tests: 15, passed: 9, failed: 3, skipped: 3 });
    expect(parseJunit('<testsuites tests="0"/>')).toEqual({ tests: 0, passed: 0, failed: 0, skipped: 0 });
  });

  it('refuses other XML and inconsistent counts', () => {
    expect(() => parseJunit('<coverage/>')).toThrow(/root element is <coverage>/);
    expect(() => parseJunit('<testsuite tests="1" failures="2"/>')).toThrow(/declare 1 tests but 2 failed/);
  });
});

describe('SARIF', () => {
  it("counts results by level: explicit, the rule's default, warning, or none for non-failures", () => {
    expect(parseSarif(fixture('results.sarif'))).toEqual({ results: 5, by_level: { error: 2, warning: 1, note: 1, none: 1 } });
  });

  it('accepts runs without results', () => {
    expect(parseSarif('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}}}]}')).toEqual({ results: 0, by_level: { error: 0, warning: 0, note: 0, none: 0 } });
  });

  it('refuses what is not a SARIF 2 log', () => {
    expect(() => parseSarif('{"runs": ')).toThrow(/not valid JSON/);
    expect(() => parseSarif('{"version":"2.1.0"}')).toThrow(/no "runs" array/);
    expect(() => parseSarif('{"version":"1.0.0","runs":[]}')).toThrow(/version 1.0.0 is not supported/);
    expect(() => parseSarif('{"runs":[{"results":{}}]}')).toThrow(/"results" is not an array/);
  });
});

describe('safe XML', () => {
  it('refuses a billion-laughs document at once, without expanding anything', () => {
    const started = performance.now();
    expect(() => parseJunit(BILLION_LAUGHS)).toThrow(/DOCTYPE is refused/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses an external entity (XXE) the same way', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE coverage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<coverage lines-valid="&xxe;" lines-covered="1"/>';
    expect(() => parseCobertura(xxe)).toThrow(/DOCTYPE is refused/);
  });

  it('does not mistake text that merely mentions a DOCTYPE for one', () => {
    expect(xmlProlog('<?xml version="1.0"?><!-- <!DOCTYPE x> --><testsuites/>')).toEqual({ root: 'testsuites', doctype: false });
    expect(xmlProlog('\uFEFF <!doctype x><a/>')).toEqual({ doctype: true });
  });

  it('keeps entity references as text instead of expanding them', () => {
    expect(parseJunit('<testsuite name="a &amp; b"><testcase name="&lt;x&gt;"/></testsuite>')).toEqual({ tests: 1, passed: 1, failed: 0, skipped: 0 });
  });
});

describe('format detection', () => {
  it('recognizes each format from its content', () => {
    expect(detectFormat(fixture('coverage.lcov'))).toBe('lcov');
    expect(detectFormat(fixture('cobertura.xml'))).toBe('cobertura');
    expect(detectFormat(fixture('junit.xml'))).toBe('junit');
    expect(detectFormat(fixture('results.sarif'))).toBe('sarif');
    expect(detectFormat('\uFEFF\n  SF:a.ts\nend_of_record')).toBe('lcov');
    expect(detectFormat('<ns2:testsuite xmlns:ns2="x"/>')).toBe('junit');
  });

  it('says nothing for anything else', () => {
    for (const text of ['', 'hello', '{"a": 1}', '<html></html>', '<report/>', 'TN\u0000:']) expect(detectFormat(text)).toBeUndefined();
  });
});

describe('parseArtifact', () => {
  it('returns a parsed summary, or unparsable with the reason, never throwing', () => {
    expect(parseArtifact('lcov', fixture('coverage.lcov'))).toEqual({ format: 'lcov', status: 'parsed', summary: { lines_found: 10, lines_hit: 6, percent: 60, files: 2 }, error: null });
    expect(parseArtifact('junit', '<testsuites>')).toMatchObject({ format: 'junit', status: 'unparsable', summary: null, error: expect.stringContaining('malformed XML') });
    expect(parseArtifact(undefined, 'hello')).toMatchObject({ format: 'unknown', status: 'unparsable', error: expect.stringContaining('could not be detected') });
    expect(parseArtifact('sarif', undefined)).toMatchObject({ format: 'sarif', status: 'unparsable', error: 'the file is not UTF-8 text' });
  });

  it('survives pathological nesting', () => {
    const deep = `<testsuites>${'<testsuite>'.repeat(5000)}${'</testsuite>'.repeat(5000)}</testsuites>`;
    expect(parseArtifact('junit', deep)).toMatchObject({ status: 'unparsable' });
    expect(parseArtifact('sarif', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatchObject({ status: 'unparsable' });
  });

  it('decodes UTF-8 only, and chooses the requested format over detection', () => {
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x00]))).toBeUndefined();
    expect(decodeText(Buffer.from('SF:é'))).toBe('SF:é');
    expect(chooseFormat('auto', fixture('junit.xml'))).toBe('junit');
    expect(chooseFormat('lcov', fixture('junit.xml'))).toBe('lcov');
    expect(chooseFormat('auto', undefined)).toBeUndefined();
  });
});
