import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test-support/test-app.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Db } from '../db/database.js';
import { createLoginThrottle, type AllowedAttempt, type AttemptVerdict, type LoginThrottle } from './login-throttle.js';
import { clockReading } from '../clock/test-clock.js';

const limits = { windowMs: 60_000, perEmail: 3, perIp: 5 };
const T0 = Date.UTC(2026, 0, 1);

describe('login throttle (counted in the database, clock injected)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let clock: number;
  let throttle: LoginThrottle;
  const make = () => createLoginThrottle({ db, limits, clock: clockReading(() => clock) });
  const allowed = (v: AttemptVerdict): AllowedAttempt => {
    if (!v.allowed) throw new Error(`refused for ${v.retryAfterSeconds} s`);
    return v;
  };

  beforeAll(async () => {
    const opened = await openTestDatabase();
    db = opened.db;
    drop = async () => {
      await opened.db.destroy();
      await opened.drop();
    };
    await migrateToLatest(db);
  });
  afterAll(() => drop?.());
  beforeEach(async () => {
    await db.deleteFrom('login_attempts').execute();
    clock = T0;
    throttle = make();
  });

  it('refuses an email past its limit, whatever the address, until its window has passed', async () => {
    for (let i = 0; i < 3; i++) allowed(await throttle.attempt('a@example.com', `10.0.0.${i}`));
    clock = T0 + 1000;
    expect(await throttle.attempt('A@example.com', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 59 });
    clock = T0 + 30_500;
    expect(await throttle.attempt('a@example.com', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    clock = T0 + 60_000; // the window has passed: a new one starts with this attempt
    allowed(await throttle.attempt('a@example.com', '10.0.0.9'));
    allowed(await throttle.attempt('a@example.com', '10.0.0.9'));
  });

  it('refuses an address that tries many emails, and then stops counting the emails it tries', async () => {
    for (let i = 0; i < 5; i++) allowed(await throttle.attempt(`u${i}@example.com`, '10.0.0.9'));
    for (let i = 0; i < 10; i++) expect((await throttle.attempt('victim@example.com', '10.0.0.9')).allowed).toBe(false);
    allowed(await throttle.attempt('fresh@example.com', '10.0.0.8'));
    allowed(await throttle.attempt('victim@example.com', '10.0.0.8')); // the refused address did not lock the victim out
  });

  it('counts only the email when the address is unknown', async () => {
    for (let i = 0; i < 3; i++) allowed(await throttle.attempt('n@example.com', null));
    expect((await throttle.attempt('n@example.com', null)).allowed).toBe(false);
    expect(await db.selectFrom('login_attempts').select('key').execute()).toEqual([{ key: 'e:n@example.com' }]);
  });

  it('a success clears its email and gives its own attempt back to the address, never an earlier failure', async () => {
    for (let i = 0; i < 2; i++) allowed(await throttle.attempt('b@example.com', '10.0.0.1'));
    await throttle.succeeded('b@example.com', '10.0.0.1', allowed(await throttle.attempt('B@example.com', '10.0.0.1')));
    for (let i = 0; i < 3; i++) allowed(await throttle.attempt('b@example.com', '10.0.0.1'));
    // The address counts 5 failures (the success was given back): at its limit, the next attempt is refused.
    expect((await throttle.attempt('b@example.com', '10.0.0.1')).allowed).toBe(false);
    const ip = await db.selectFrom('login_attempts').select('attempts').where('key', '=', 'i:10.0.0.1').executeTakeFirstOrThrow();
    expect(ip.attempts).toBe(6); // 5 failures and the refused attempt
  });

  it('many successes from one address (a NAT) never use up its limit', async () => {
    for (let i = 0; i < 20; i++) await throttle.succeeded(`p${i}@example.com`, '10.0.0.2', allowed(await throttle.attempt(`p${i}@example.com`, '10.0.0.2')));
    allowed(await throttle.attempt('late@example.com', '10.0.0.2'));
  });

  it('gives nothing back to a window that started after the attempt', async () => {
    const first = allowed(await throttle.attempt('c@example.com', '10.0.0.3'));
    clock = T0 + 60_000;
    allowed(await throttle.attempt('d@example.com', '10.0.0.3')); // a new window for the address: 1 attempt
    await throttle.succeeded('c@example.com', '10.0.0.3', first);
    const ip = await db.selectFrom('login_attempts').select('attempts').where('key', '=', 'i:10.0.0.3').executeTakeFirstOrThrow();
    expect(ip.attempts).toBe(1);
  });

  it('lets exactly the limit through when attempts arrive all at once', async () => {
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => throttle.attempt('e@example.com', `10.1.0.${i}`)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
  });

  it('keeps counting in a new throttle on the same database (another node, or a restart)', async () => {
    for (let i = 0; i < 3; i++) allowed(await throttle.attempt('f@example.com', '10.0.0.4'));
    expect((await make().attempt('f@example.com', '10.0.0.5')).allowed).toBe(false);
  });

  it('prunes rows whose window has passed, at most once per interval', async () => {
    const pruning = createLoginThrottle({ db, limits, clock: clockReading(() => clock), pruneIntervalMs: 30_000 });
    for (let i = 0; i < 10; i++) allowed(await pruning.attempt(`g${i}@example.com`, null));
    clock = T0 + 20_000;
    allowed(await pruning.attempt('h@example.com', null));
    clock = T0 + 70_000; // g* have passed their window; h has not
    allowed(await pruning.attempt('i@example.com', null));
    await expect.poll(async () => (await db.selectFrom('login_attempts').select('key').orderBy('key').execute()).map((r) => r.key)).toEqual(['e:h@example.com', 'e:i@example.com']);
  });
});
