import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Subscribe } from '../db/database.js';
import { createInvalidationListener } from './invalidation-listener.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The heartbeat, with a fake connection and fake timers: an answered ping renews trust from the
 * instant it was sent; a ping that neither answers nor fails (a silent partition) renews nothing
 * and, past the deadline, counts as a lost connection.
 */
describe('invalidation listener heartbeat', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('renews on each answered heartbeat, stops renewing when heartbeats hang, and gives the connection up at the deadline', async () => {
    let answer = true;
    let subscriptions = 0;
    const subscribe: Subscribe = async () => {
      subscriptions++;
      return {
        backendPid: 1,
        ping: () => (answer ? Promise.resolve() : new Promise<void>(() => {})),
        close: async () => {},
      };
    };
    const events: string[] = [];
    const alive: number[] = [];
    const listener = createInvalidationListener({
      subscribe, channel: 'c', logger: quiet, onMessage: () => {},
      onUp: (since) => void events.push(`up@${since}`),
      onAlive: (sentAt) => void alive.push(sentAt),
      onDown: () => void events.push(`down@${Date.now()}`),
      heartbeatMs: 500, deadlineMs: 3000, minBackoffMs: 100, maxBackoffMs: 100,
      clock: { now: () => new Date(), monotonicMs: () => Date.now() },
    });
    const t0 = Date.now();
    await listener.start();
    expect(events).toEqual([`up@${t0}`]);

    await vi.advanceTimersByTimeAsync(1500);
    expect(alive).toEqual([t0 + 500, t0 + 1000, t0 + 1500]);

    answer = false; // silent from now on: the ping sent at +2000 never answers
    await vi.advanceTimersByTimeAsync(2999 + 500);
    expect(alive).toHaveLength(3); // nothing renewed
    expect(listener.state().status).toBe('connected');
    expect(events).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1); // +5000: the +2000 ping is 3 s old
    expect(events).toEqual([`up@${t0}`, `down@${t0 + 5000}`]);
    expect(listener.state()).toMatchObject({ status: 'down', lastError: 'heartbeat got no answer within 3000 ms' });

    answer = true;
    await vi.advanceTimersByTimeAsync(100); // backoff, then a new subscription
    expect(subscriptions).toBe(2);
    expect(listener.state().status).toBe('connected');
    await listener.stop();
  });

  it('reports a driver error by its code, never its message (which can name the host)', async () => {
    const subscribe: Subscribe = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    };
    const listener = createInvalidationListener({
      subscribe, channel: 'c', logger: quiet, onMessage: () => {}, onUp: () => {}, onAlive: () => {}, onDown: () => {},
    });
    await listener.start();
    expect(listener.state()).toMatchObject({ status: 'down', lastError: 'unavailable (ECONNREFUSED)' });
    await listener.stop();
  });
});
