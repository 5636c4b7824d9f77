import { describe, expect, it } from 'vitest';
import { describeDatabaseError, isDatabaseUnavailable, isUniqueViolation } from './errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable: which database errors are a 503 (retry later) rather than a 500', () => {
  it.each([
    ['terminated backend (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['statement timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['connection failure (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432')],
    ['reset', withCode('ECONNRESET')],
    ['pg client timeout', new Error('Query read timeout')],
    ['pg-pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['pg connect timeout', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['in a cause', new Error('wrapped', { cause: withCode('ECONNREFUSED') })],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ])('%s: unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['unique violation', withCode('23505')],
    ['syntax error', withCode('42601')],
    ['invalid datetime', withCode('22008')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'Connection terminated'],
    ['nothing', null],
  ])('%s: not unavailable', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('describes an error by code and kind, never by its message (it can name the host)', () => {
    expect(describeDatabaseError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'))).toEqual({ code: 'ECONNREFUSED', kind: 'unavailable' });
    expect(describeDatabaseError(new Error('Query read timeout'))).toEqual({ code: null, kind: 'query read timeout' });
    expect(JSON.stringify(describeDatabaseError(withCode('22P02', 'invalid input syntax for type uuid: "secret"')))).not.toContain('secret');
  });

  it('keeps recognising unique violations', () => {
    expect(isUniqueViolation(withCode('23505'))).toBe(true);
  });
});
