import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { lazyChildLogger } from './request-logger.js';
import { requestIds } from './request-ids.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('the per-request logger', () => {
  it('makes no pino child for a request that writes no line', () => {
    const { logger } = capture();
    const child = vi.spyOn(logger, 'child');
    const log = lazyChildLogger(logger, { reqId: 'req_1' }, {});
    log.debug('below the level');
    expect(log.isLevelEnabled('info')).toBe(true);
    expect(log.isLevelEnabled('debug')).toBe(false);
    expect(child).not.toHaveBeenCalled();
  });

  it('writes through one child with the request id, made on the first line', async () => {
    const { logger, lines } = capture();
    const child = vi.spyOn(logger, 'child');
    const log = lazyChildLogger(logger, { reqId: 'req_2' }, {});
    log.info({ route: '/x' }, 'request');
    log.error({ n: 2 }, 'again');
    await new Promise((r) => setImmediate(r));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([{ reqId: 'req_2', route: '/x', msg: 'request', level: 30 }, { reqId: 'req_2', n: 2, msg: 'again', level: 50 }]);
  });

  it("honours a route's own level (the validate route logs warnings only)", async () => {
    const { logger, lines } = capture();
    const log = lazyChildLogger(logger, { reqId: 'req_3' }, { level: 'warn' });
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.level).toBe('warn');
    log.info('not written');
    log.warn('written');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toEqual(['written']);
    expect(lines[0]).toMatchObject({ reqId: 'req_3', level: 40 });
  });

  it('still redacts what the parent redacts', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    const logger = pino({ level: 'info', redact: { paths: ['*.token'], censor: '[redacted]' } }, stream);
    lazyChildLogger(logger, { reqId: 'req_4' }, {}).info({ body: { token: 'tsrw_secret' } }, 'x');
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ body: { token: '[redacted]' } });
  });
});

describe('request ids', () => {
  it('are unique within an app and differ between apps (nodes)', () => {
    const a = requestIds();
    const b = requestIds();
    const ids = Array.from({ length: 1000 }, () => a());
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toMatch(/^req_[0-9a-f]{12}[0-9a-z]+$/);
    expect(b().slice(0, 16)).not.toBe(ids[0]!.slice(0, 16));
  });
});
