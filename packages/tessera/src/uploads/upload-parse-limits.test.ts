import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test-support/test-app.js';
import { junitReport } from '../test-support/large-reports.js';
import { postUpload, uploadFixture } from '../test-support/upload-requests.js';

const MiB = 1024 * 1024;

/** A test app with a project and an upload token; `upload` posts a raw body to it. */
async function uploadApp(env: Record<string, string> = {}) {
  const t = await createTestApp(env);
  const owner = await t.bootstrap();
  await t.request('POST', `/v1/workspaces/${owner.slug}/projects`, { token: owner.token, body: { name: 'Web', slug: 'web' } });
  const ci = await t.createToken(owner.token, owner.slug, { kind: 'project', project: 'web', scopes: ['upload'] });
  const path = `${owner.slug}/web`;
  const upload = (body: Buffer) => postUpload(t, { project: path, token: ci.secret, body, headers: { 'content-type': 'application/xml' } });
  const stored = async () => (await t.request('GET', `/v1/projects/${encodeURIComponent(path)}/uploads`, { token: owner.token })).body.items.length as number;
  return { t, path, secret: ci.secret, upload, stored };
}

describe('upload parsing off the main thread (issue 11, defect 8)', () => {
  // Regression for defect 8: a 160 KB gzip upload expanding to a 45 MiB JUnit report blocked the
  // event loop for 15 s, /healthz included, because it was parsed on the main thread.
  // Once per run: where both databases are tested (CI), on PostgreSQL only, as storing 48 MiB in
  // PGlite takes tens of seconds (timed apart from the parse, see the test).
  describe.skipIf(process.env.TESSERA_TEST_DB === 'pglite' && !!process.env.TESSERA_TEST_DATABASE_URL)('a 48 MiB JUnit report, gzip-compressed', () => {
    let app: Awaited<ReturnType<typeof uploadApp>>;
    let base: string;
    beforeAll(async () => {
      // What is measured is the event loop, not the time cap: a loaded machine (seen: load 15 on
      // 2 cores) can take longer than the default 30 s to parse 48 MiB, which answered 422.
      app = await uploadApp({ TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '5m' });
      await app.t.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.t.app.server.address() as AddressInfo).port}`;
    });
    afterAll(() => app?.t.close());

    /** Sequential GET /healthz until `stop()` is true: each one's latency. */
    async function pollHealthz(stop: () => boolean): Promise<number[]> {
      const latencies: number[] = [];
      while (!stop()) {
        const t0 = performance.now();
        const r = await fetch(`${base}/healthz`);
        await r.text();
        latencies.push(performance.now() - t0);
        expect(r.status).toBe(200);
      }
      return latencies;
    }

    it('does not delay /healthz by 100 ms while it is received, decompressed and parsed (over real HTTP)', { timeout: 300_000 }, async () => {
      const report = junitReport(48 * MiB);
      const body = gzipSync(report.data);
      // A ready worker, as on a running server (from the TypeScript sources a worker takes seconds
      // to start: it compiles them).
      expect((await app.upload(uploadFixture('junit.xml'))).status).toBe(201);
      // Held once parsed, until the polling stops: storing 48 MiB is not parsing (PGlite runs on
      // the main thread, see docs/operations.md), so it is timed apart.
      const parser = app.t.ctx.uploadParser;
      const read = parser.read.bind(parser);
      let parsedAt: number | undefined;
      let release!: () => void;
      const released = new Promise<void>((resolve) => { release = resolve; });
      parser.read = async (request) => {
        const result = await read(request);
        parsedAt = performance.now();
        await released;
        return result;
      };
      try {
        const started = performance.now();
        const upload = fetch(`${base}/v1/projects/${encodeURIComponent(app.path)}/uploads`, {
          method: 'POST', body, headers: { authorization: `Bearer ${app.secret}`, 'content-type': 'application/xml', 'content-encoding': 'gzip' },
        }).then(async (r) => ({ status: r.status, body: await r.json() }));
        const latencies = await pollHealthz(() => parsedAt !== undefined);
        release();
        const result = await upload;
        const sorted = latencies.toSorted((a, b) => a - b);
        const slowest = sorted.at(-1)!;
        const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
        const overloaded = loadavg()[0]! > availableParallelism();
        console.log(`${report.data.length} bytes (${body.length} gzip): received, decompressed and parsed in ${Math.round(parsedAt! - started)} ms, stored in ${Math.round(performance.now() - parsedAt!)} ms more; ${latencies.length} /healthz polls while parsing: p99 ${Math.round(p99)} ms, slowest ${Math.round(slowest)} ms (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
        expect(result).toMatchObject({ status: 201, body: { format: 'junit', parse_status: 'parsed', size_bytes: report.data.length, summary: { tests: report.tests, failed: report.failed } } });
        // The parse took seconds, so the loop really polled during it, and no poll waited 100 ms
        // (on the main thread, one poll waited the whole parse: 12 s). On a machine with more
        // runnable threads than cores, scheduling alone delays a thread by a few hundred ms now and
        // then (seen here: other test runs sharing 2 cores), so there only 99% of the polls are
        // held to 100 ms, and every poll to 1 s: still far below the parse.
        expect(parsedAt! - started).toBeGreaterThan(1_000);
        expect(latencies.length).toBeGreaterThan(20);
        expect(p99).toBeLessThan(100);
        expect(slowest).toBeLessThan(overloaded ? 1_000 : 100);
      } finally {
        release();
        parser.read = read;
      }
    });
  });

  // Once per run too (on PostgreSQL where both are tested): the limits are the parse workers', met
  // before anything is stored, so the database cannot change what these answer; on PGlite they
  // cost 36 s more (30 November) and test nothing new.
  describe.skipIf(process.env.TESSERA_TEST_DB === 'pglite' && !!process.env.TESSERA_TEST_DATABASE_URL)('limits', () => {
    let timed: Awaited<ReturnType<typeof uploadApp>>;
    let small: Awaited<ReturnType<typeof uploadApp>>;
    beforeAll(async () => {
      // 300 ms, not less: the next, tiny report must parse within the same cap on a loaded CI machine,
      // where a thread can wait tens of milliseconds for a core.
      timed = await uploadApp({ TESSERA_UPLOAD_PARSE_TIMEOUT_MS: '300ms' });
      small = await uploadApp({ TESSERA_UPLOAD_PARSE_MEMORY_MB: '32', TESSERA_UPLOAD_PARSE_WORKERS: '1', TESSERA_UPLOAD_PARSE_QUEUE: '0' });
    });
    afterAll(async () => {
      await timed?.t.close();
      await small?.t.close();
    });

    it('answers 422 upload_parse_timeout for a report past the time cap, stores nothing, and keeps parsing others', async () => {
      // About 1.5 s of parsing on one core: five times the cap.
      const r = await timed.upload(junitReport(16 * MiB).data);
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'upload_parse_timeout', timeout_ms: 300, message: expect.stringContaining('300 ms') });
      expect(await timed.stored()).toBe(0);
      const next = await timed.upload(uploadFixture('junit.xml'));
      expect(next).toMatchObject({ status: 201, body: { summary: { tests: 6 } } });
    });

    it('answers 422 upload_parse_out_of_memory for a report past the heap cap, and the replaced worker parses the next', async () => {
      const r = await small.upload(junitReport(24 * MiB).data);
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'upload_parse_out_of_memory', memory_mb: 32 });
      expect(await small.stored()).toBe(0);
      expect(await small.upload(uploadFixture('junit.xml'))).toMatchObject({ status: 201, body: { summary: { tests: 6 } } });
    });

    it('answers 503 upload_parse_busy with Retry-After when every worker is busy and the queue is full', async () => {
      const report = junitReport(3 * MiB).data;
      const answers = await Promise.all([small.upload(report), small.upload(report)]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, 503]);
      const busy = answers.find((a) => a.status === 503)!;
      expect(busy.body.error).toMatchObject({ code: 'upload_parse_busy', retry_after_seconds: 5 });
      expect(busy.headers['retry-after']).toBe('5');
    });
  });
});
