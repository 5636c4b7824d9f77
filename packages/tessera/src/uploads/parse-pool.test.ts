import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { junitReport } from '../test-support/large-reports.js';
import { uploadFixture } from '../test-support/upload-requests.js';
import { createParsePool, type ParsePool, type ParsePoolOptions } from './parse-pool.js';
import { readArtifact, type ArtifactRequest } from './parsers/read-artifact.js';

const MiB = 1024 * 1024;
const request = (data: Buffer, format: ArtifactRequest['format'] = 'auto'): ArtifactRequest => ({ data, format, kind: undefined });
const small = request(uploadFixture('junit.xml'));
const smallReading = { kind: 'test-results', sha256: expect.any(String), outcome: { format: 'junit', status: 'parsed', summary: { tests: 6, passed: 3, failed: 2, skipped: 1 }, error: null } };

describe('the upload parse pool', () => {
  const pools: ParsePool[] = [];
  const pool = (options: Partial<ParsePoolOptions> = {}) => {
    const p = createParsePool({ workers: 1, queueLimit: 4, timeoutMs: 60_000, memoryMb: 512, ...options });
    pools.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('reads every format exactly as readArtifact does in-process', async () => {
    const p = pool({ workers: 2, queueLimit: 8 });
    const files = ['coverage.lcov', 'cobertura.xml', 'junit.xml', 'results.sarif'].map((name) => uploadFixture(name));
    const cases = [...files.map((f) => request(f)), request(files[0]!, 'junit'), { data: files[2]!, format: 'auto' as const, kind: 'coverage' as const }, request(Buffer.from([0xff, 0xfe]))];
    const expected = cases.map((c) => ({ reading: readArtifact(c), data: Buffer.from(c.data) }));
    const results = await Promise.all(cases.map((c) => p.read(c)));
    expect(results.map((r) => (r.ok ? { reading: r.reading, data: Buffer.from(r.data) } : r))).toEqual(expected);
  });

  it('moves a large file to the worker and back instead of copying it', async () => {
    const p = pool();
    const report = junitReport(MiB);
    const sent = Buffer.from(report.data);
    const result = await p.read(request(sent));
    expect(sent.length).toBe(0); // detached: it was moved, not copied
    expect(result.ok && Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength).equals(report.data)).toBe(true);
    expect(result).toMatchObject({ ok: true, reading: { kind: 'test-results', outcome: { summary: { tests: report.tests } } } });
  });

  it('stops a report that parses longer than the time cap (timeout) and keeps working with a new worker', async () => {
    const p = pool({ timeoutMs: 100 });
    expect(await p.read(small)).toMatchObject({ ok: true, reading: smallReading });
    // About 2 s of parsing on one core: twenty times the cap.
    const slow = junitReport(20 * MiB).data;
    const started = performance.now();
    expect(await p.read(request(slow))).toEqual({ ok: false, failure: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await p.read(small)).toMatchObject({ ok: true, reading: smallReading });
    expect(p.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
  });

  it('fails a report that outgrows the worker heap limit (out_of_memory) and replaces the worker', async () => {
    const p = pool({ memoryMb: 32 });
    expect(await p.read(request(junitReport(24 * MiB).data))).toEqual({ ok: false, failure: 'out_of_memory' });
    expect(await p.read(small)).toMatchObject({ ok: true, reading: smallReading });
  });

  it('answers busy at once when every worker is busy and the queue is full, and serves the others', async () => {
    const p = pool({ workers: 1, queueLimit: 1 });
    const big = junitReport(2 * MiB);
    const running = p.read(request(big.data));
    const waiting = p.read(small);
    expect(await p.read(small)).toEqual({ ok: false, failure: 'busy' });
    expect(p.stats()).toMatchObject({ queued: 2 });
    expect(await running).toMatchObject({ ok: true, reading: { outcome: { summary: { tests: big.tests, failed: big.failed } } } });
    expect(await waiting).toMatchObject({ ok: true, reading: smallReading });
    const none = pool({ workers: 1, queueLimit: 0 });
    const only = none.read(small);
    expect(await none.read(small)).toEqual({ ok: false, failure: 'busy' });
    expect(await only).toMatchObject({ ok: true });
  });

  it('ends waiting and running reads as closed when closed, and refuses new ones', async () => {
    const p = pool({ workers: 1, queueLimit: 2 });
    const running = p.read(request(junitReport(8 * MiB).data));
    const waiting = p.read(small);
    await expect.poll(() => p.stats().busy, { timeout: 30_000 }).toBe(1);
    await p.close();
    expect(await running).toEqual({ ok: false, failure: 'closed' });
    expect(await waiting).toEqual({ ok: false, failure: 'closed' });
    expect(await p.read(small)).toEqual({ ok: false, failure: 'closed' });
    expect(p.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
  });

  it('never keeps the process alive: a process that used the pool and never closed it exits by itself', async () => {
    // A child Node.js process reads one report and returns; its idle worker must not hold it open
    // (if it did, the child would be killed after 50 s and this would fail).
    const hooks = new URL('./parse-worker-source-hooks.mjs', import.meta.url).href;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
    const script = `
      const { createParsePool } = await import(${JSON.stringify(new URL('./parse-pool.ts', import.meta.url).href)});
      const pool = createParsePool({ workers: 1, queueLimit: 1, timeoutMs: 60000, memoryMb: 128 });
      const result = await pool.read({ data: new TextEncoder().encode('SF:a.js\\nDA:1,1\\nend_of_record\\n'), format: 'auto', kind: undefined });
      console.log(JSON.stringify(result.ok && result.reading.outcome.summary));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', register, '--input-type=module', '-e', script], { timeout: 50_000 });
    expect(JSON.parse(stdout)).toEqual({ lines_found: 1, lines_hit: 1, percent: 100, files: 1 });
  });
});
