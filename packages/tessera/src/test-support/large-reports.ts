/**
 * A JUnit report of at least `bytes` bytes: suites of 100 test cases, one case in ten failed.
 * Written straight into one buffer, so the test's own heap holds no large garbage whose collection
 * would pause the thread a latency test measures. Large reports cost seconds to parse, which is
 * what the parse-pool tests need.
 */
export function junitReport(bytes: number): { data: Buffer; tests: number; failed: number } {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
  const tail = '</testsuites>\n';
  const suite = (n: number) => {
    let text = `  <testsuite name="suite ${n}" tests="100" failures="10">\n`;
    for (let i = 0; i < 100; i++) {
      const end = i % 10 === 0 ? '><failure message="expected 1, got 2">at Test.run</failure></testcase>' : '/>';
      text += `    <testcase classname="com.example.suite${n}.LoginTest" name="case ${i} signs in and out" time="0.012"${end}\n`;
    }
    return `${text}  </testsuite>\n`;
  };
  // Suites grow by a few bytes as their number does: room for one more than the estimate needs.
  const count = Math.max(1, Math.ceil((bytes - head.length - tail.length) / Buffer.byteLength(suite(0))));
  const out = Buffer.allocUnsafe(head.length + tail.length + (count + 1) * Buffer.byteLength(suite(count)));
  let at = out.write(head);
  for (let n = 0; n < count; n++) at += out.write(suite(n), at);
  at += out.write(tail, at);
  return { data: out.subarray(0, at), tests: count * 100, failed: count * 10 };
}
