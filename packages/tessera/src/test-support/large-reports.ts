/**
 * A JUnit report of at least `bytes` bytes, built in memory: suites of 100 test cases, one case in
 * ten failed. Large reports cost seconds to parse, which is what the parse-pool tests need.
 */
export function junitReport(bytes: number): { data: Buffer; tests: number; failed: number } {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'];
  let size = parts[0]!.length;
  let suites = 0;
  while (size < bytes) {
    const cases: string[] = [];
    for (let i = 0; i < 100; i++) {
      const end = i % 10 === 0 ? '><failure message="expected 1, got 2">at Test.run</failure></testcase>' : '/>';
      cases.push(`    <testcase classname="com.example.suite${suites}.LoginTest" name="case ${i} signs in and out" time="0.012"${end}\n`);
    }
    const suite = `  <testsuite name="suite ${suites}" tests="100" failures="10">\n${cases.join('')}  </testsuite>\n`;
    parts.push(suite);
    size += suite.length;
    suites++;
  }
  parts.push('</testsuites>\n');
  return { data: Buffer.from(parts.join('')), tests: suites * 100, failed: suites * 10 };
}
