import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { installErrorHandler, outageLog } from './error-handler.js';

/** A database outage refuses every request: the warning says so once per interval, with how many it stands for. */
describe('the "database unavailable" warning', () => {
  it('is written once per interval, counting the refusals since the last one', () => {
    let t = 0;
    const lines: object[] = [];
    const request = { log: { warn: (o: object) => void lines.push(o) } } as never;
    const err = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const log = outageLog(1000, () => t);
    for (let i = 0; i < 500; i++) log(request, err); // one burst
    t = 999;
    log(request, err);
    t = 1000;
    log(request, err);
    expect(lines).toEqual([
      { db: { code: 'ECONNREFUSED', kind: expect.any(String) }, refused: 1 },
      { db: { code: 'ECONNREFUSED', kind: expect.any(String) }, refused: 501 },
    ]);
    expect(JSON.stringify(lines)).not.toContain('10.0.0.5');
  });

  it('through the app: every request is answered 503 with Retry-After, and one line is logged for the burst', async () => {
    const out: string[] = [];
    const app = Fastify({ logger: { level: 'warn', stream: new Writable({ write: (chunk, _e, done) => void (out.push(chunk.toString()), done()) }) } });
    installErrorHandler(app, 1024, 60_000);
    app.get('/x', async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => app.inject({ method: 'GET', url: '/x' })));
    expect(answers.every((r) => r.statusCode === 503 && r.headers['retry-after'] === '5' && r.json().error.code === 'database_unavailable')).toBe(true);
    const warnings = out.map((l) => JSON.parse(l) as { msg: string; refused: number }).filter((l) => l.msg === 'database unavailable');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.refused).toBe(1);
    await app.close();
  });
});
