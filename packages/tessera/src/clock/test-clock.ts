import type { Clock } from './clock.js';

/** A clock a test moves forward instead of waiting. */
export interface TestClock extends Clock {
  /** Moves wall-clock and monotonic time forward by `ms` at once. */
  advance(ms: number): void;
}

/**
 * By default the clock runs with real time, `advance()` jumping it forward (a whole app can run on
 * it: heartbeats and timeouts still see time pass). `frozen`: it stands still at `startMs` (default
 * the real time now) until advanced, for unit tests that need exact instants.
 */
export function createTestClock(opts: { frozen?: boolean; startMs?: number } = {}): TestClock {
  const wallBase = opts.startMs ?? Date.now();
  const monoBase = performance.now();
  let offset = 0;
  const elapsed = opts.frozen ? () => 0 : () => performance.now() - monoBase;
  const wall = () => Math.floor(wallBase + elapsed() + offset);
  return {
    now: () => new Date(wall()),
    nowMs: wall,
    monotonicMs: () => monoBase + elapsed() + offset,
    advance(ms) {
      if (!(ms >= 0)) throw new TypeError('a test clock only moves forward');
      offset += ms;
    },
  };
}

/** A clock that reads `ms()` (both wall-clock and monotonic), for tests that keep time in a variable. */
export function clockReading(ms: () => number): Clock {
  return { now: () => new Date(ms()), nowMs: ms, monotonicMs: ms };
}
