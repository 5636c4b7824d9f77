import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resilientPool } from './resilient-pool.js';

/** A stand-in for pg's pool: each checkout hands out the next scripted connection. */
function fakePool(scripts: ((sql: string) => Promise<unknown>)[]) {
  const released: (Error | boolean | undefined)[] = [];
  const sent: string[][] = [];
  const clients: EventEmitter[] = [];
  let n = 0;
  const pool = {
    async connect() {
      const script = scripts[n]!;
      const log: string[] = [];
      sent.push(log);
      n++;
      const client = Object.assign(new EventEmitter(), {
        query: (sql: string) => {
          log.push(sql);
          return script(sql);
        },
        release: (why?: Error | boolean) => void released.push(why),
      });
      clients.push(client);
      return client;
    },
    end: async () => {},
  };
  return { pool: pool as unknown as pg.Pool, released, sent, clients, checkouts: () => n };
}

const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
const ok = async () => ({ rows: [] });

describe('resilientPool', () => {
  it('regression: a pooled connection whose backend was terminated while idle is replaced on its first statement (it used to answer 503 once per stale connection)', async () => {
    const p = fakePool([() => Promise.reject(terminated()), ok]);
    const conn = await resilientPool(p.pool).connect();
    await expect(conn.query('begin' as never, [] as never)).resolves.toEqual({ rows: [] });
    conn.release();
    expect(p.checkouts()).toBe(2);
    expect(p.released[0]).toBeInstanceOf(Error); // the dead one destroyed, not returned to the pool
    expect(p.released[1]).toBeUndefined();
  });

  it('replaces several stale connections in a row (every backend terminated), but gives up after ten', async () => {
    const p = fakePool([...Array.from({ length: 3 }, () => () => Promise.reject(terminated())), ok]);
    const conn = await resilientPool(p.pool).connect();
    await expect(conn.query('select 1' as never, [] as never)).resolves.toEqual({ rows: [] });
    conn.release();
    expect(p.checkouts()).toBe(4);
    const dead = fakePool(Array.from({ length: 20 }, () => () => Promise.reject(terminated())));
    const c2 = await resilientPool(dead.pool).connect();
    await expect(c2.query('select 1' as never, [] as never)).rejects.toMatchObject({ code: '57P01' });
    c2.release();
    expect(dead.checkouts()).toBe(11);
  });

  it('replaces a connection that reported its death before the first statement was sent', async () => {
    const p = fakePool([ok, ok]);
    const conn = await resilientPool(p.pool).connect();
    // The 'error' event pg emits when the server says goodbye on a connection just handed out.
    p.clients[0]!.emit('error', new Error('Connection terminated unexpectedly'));
    await expect(conn.query('select 1' as never, [] as never)).resolves.toEqual({ rows: [] });
    conn.release();
    expect(p.checkouts()).toBe(2);
    expect(p.sent[0]).toEqual([]);
    expect(p.sent[1]).toEqual(['select 1']);
  });

  it('never repeats a statement that failed after another ran in the same checkout (a transaction would lose its earlier work)', async () => {
    let calls = 0;
    const p = fakePool([() => (++calls === 1 ? ok() : Promise.reject(terminated())), ok]);
    const conn = await resilientPool(p.pool).connect();
    await conn.query('begin' as never, [] as never);
    await expect(conn.query('insert' as never, [] as never)).rejects.toMatchObject({ code: '57P01' });
    // Broken now: the ROLLBACK fails at once rather than waiting on a dead connection.
    await expect(conn.query('rollback' as never, [] as never)).rejects.toMatchObject({ code: '57P01' });
    conn.release();
    expect(p.checkouts()).toBe(1);
    expect(p.sent[0]).toEqual(['begin', 'insert']);
    expect(p.released[0]).toBeInstanceOf(Error);
  });

  it('does not retry a first statement that failed for another reason (a timeout may have run it)', async () => {
    const timeout = new Error('Query read timeout');
    const p = fakePool([() => Promise.reject(timeout), ok]);
    const conn = await resilientPool(p.pool).connect();
    await expect(conn.query('update' as never, [] as never)).rejects.toBe(timeout);
    conn.release();
    expect(p.checkouts()).toBe(1);
  });
});
