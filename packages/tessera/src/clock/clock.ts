/**
 * The one source of time. Every service, cache and scheduler reads time through a `Clock` given
 * to it by the composition root, so a test can move time instead of waiting for it.
 *
 * - `now()` / `nowMs()`: wall-clock time, for what is stored or compared with stored instants
 *   (expiry, revocation, grace periods, windows). `nowMs()` allocates nothing (hot paths).
 * - `monotonicMs()`: an instant on a clock that never jumps (performance.now()), for durations and
 *   deadlines that must not move when the wall clock is adjusted (cache trust, heartbeats).
 *
 * Timers (setTimeout/setInterval) stay real; what they compare, they read from the clock.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
  monotonicMs(): number;
}

export const systemClock: Clock = Object.freeze({
  now: () => new Date(),
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
});
