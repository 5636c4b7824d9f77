import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { clockReading, createTestClock } from './test-clock.js';

describe('clocks', () => {
  it('the system clock reads the real time', () => {
    const before = Date.now();
    const ms = systemClock.nowMs();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(systemClock.now().getTime()).toBeGreaterThanOrEqual(ms);
    expect(systemClock.monotonicMs()).toBeGreaterThan(0);
  });

  it('a test clock runs with real time, and advance() jumps both readings forward at once', () => {
    const c = createTestClock({ startMs: Date.parse('2030-01-01T00:00:00Z') });
    const wall = c.nowMs();
    const mono = c.monotonicMs();
    expect(wall).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    c.advance(60_000);
    expect(c.nowMs() - wall).toBeGreaterThanOrEqual(60_000);
    expect(c.monotonicMs() - mono).toBeGreaterThanOrEqual(60_000);
    expect(c.now().getTime()).toBeGreaterThanOrEqual(c.nowMs() - 1);
    expect(() => c.advance(-1)).toThrow(TypeError);
  });

  it('a frozen test clock stands still until advanced', async () => {
    const c = createTestClock({ frozen: true, startMs: 1_000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect([c.nowMs(), c.now().getTime()]).toEqual([1_000, 1_000]);
    c.advance(500);
    expect(c.nowMs()).toBe(1_500);
  });

  it('clockReading reads a variable a test keeps', () => {
    let t = 42;
    const c = clockReading(() => t);
    t = 43;
    expect([c.nowMs(), c.monotonicMs(), c.now().getTime()]).toEqual([43, 43, 43]);
  });
});
