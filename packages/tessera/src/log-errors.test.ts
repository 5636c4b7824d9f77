import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql } from 'kysely';
import { buildApp } from './app.js';
import { loggerOptions } from './server.js';
import { createTestApp, type TestApp } from './test-support/test-app.js';
import { redactDatabaseMessage, serializeError } from './log-errors.js';

/** A JSON-lines sink: every line the logger writes, parsed, and the raw text. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines, text: () => text };
}

describe('no SQL parameter, hash or user data in a log line', () => {
  const SECRET = 'user-data-4f1c9a7e';
  const HASH = 'c0ffee0ddba11deadbeef5eed5ca1ab1e';
  let t: TestApp;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const log = capture();

  beforeAll(async () => {
    t = await createTestApp();
    app = await buildApp(t.ctx, { logger: { ...loggerOptions({ ...t.ctx.config, log_level: 'info' }), stream: log.stream } });
    // Queries that fail with their parameters in the error (PGlite attaches `params`; PostgreSQL quotes the value in `message`).
    app.get('/test/failing-query', { config: { public: true } }, async () => {
      await sql`select ${SECRET}::int8, ${HASH}::text`.execute(t.ctx.db);
      return {};
    });
    app.get('/test/failing-date', { config: { public: true } }, async () => {
      await sql`select ${`0000-01-01 ${SECRET}`}::timestamptz`.execute(t.ctx.db);
      return {};
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('regression: a failed query logged its parameters in embedded mode (PGlite), and its value in the message', async () => {
    for (const url of ['/test/failing-query', '/test/failing-date']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(500);
      expect(r.body).not.toContain(SECRET);
    }
    const errors = log.lines.filter((l) => l.msg === 'unhandled error');
    expect(errors).toHaveLength(2);
    // The line still says what failed: the SQLSTATE and the message up to the value.
    expect(errors[0]!.err).toMatchObject({ type: 'DatabaseError', code: '22P02', message: 'invalid input syntax for type bigint: …' });
    expect(errors[1]!.err).toMatchObject({ type: 'DatabaseError', code: expect.stringMatching(/^22/) });
    expect(log.text()).not.toContain(SECRET);
    expect(log.text()).not.toContain(HASH);
    expect(log.text()).not.toMatch(/"params"|"query"|"detail"|"where"/);
  });

  it('keeps the SQLSTATE, constraint and table of a unique violation, not the duplicated value in its detail', async () => {
    const sink = capture();
    const logger = pino(loggerOptions({ ...t.ctx.config, log_level: 'info' }), sink.stream);
    // Rolled back by the failure: the table never outlives the test.
    const err = await t.ctx.db.transaction().execute(async (tx) => {
      await sql`create temporary table dup (v text constraint dup_v_key unique)`.execute(tx);
      await sql`insert into dup values (${SECRET})`.execute(tx);
      await sql`insert into dup values (${SECRET})`.execute(tx);
    }).catch((e: unknown) => e);
    logger.error({ err }, 'batched write failed');
    expect(sink.lines[0]!.err).toMatchObject({ type: 'DatabaseError', code: '23505', constraint: 'dup_v_key' });
    expect(sink.text()).not.toContain(SECRET);
  });
});

describe('serializeError', () => {
  it('keeps type, message, stack, code and cause of an ordinary error, and nothing else it carries', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 });
    const err = Object.assign(new TypeError('boom', { cause }), { secret: 's3cret', params: undefined as unknown });
    delete (err as { params?: unknown }).params;
    const out = serializeError(err) as Record<string, any>;
    expect(out).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom'), cause: { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 } });
    expect(JSON.stringify(out)).not.toContain('s3cret');
  });

  it('cuts a database message before its first quoted value', () => {
    expect(redactDatabaseMessage('invalid input syntax for type bigint: "abc"')).toBe('invalid input syntax for type bigint: …');
    expect(redactDatabaseMessage('duplicate key value violates unique constraint "tokens_name_key"')).toBe('duplicate key value violates unique constraint …');
    expect(redactDatabaseMessage('terminating connection due to administrator command')).toBe('terminating connection due to administrator command');
  });

  it('passes strings and other non-objects through', () => {
    expect(serializeError('lost connection')).toBe('lost connection');
    expect(serializeError(undefined)).toBeUndefined();
  });
});
