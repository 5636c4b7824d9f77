import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

const limits = { windowMs: 60_000, perEmail: 3, perIp: 5, maxKeys: 100 };

describe('login throttle', () => {
  it('stops an email after its limit of failures until the window has passed', () => {
    const t = createLoginThrottle(limits);
    for (let i = 0; i < 3; i++) t.failed('a@example.com', '10.0.0.1', 1000);
    expect(t.retryAfter('A@example.com', '10.0.0.2', 1000)).toBe(60);
    expect(t.retryAfter('a@example.com', '10.0.0.2', 31_000)).toBe(30);
    expect(t.retryAfter('a@example.com', '10.0.0.2', 61_000)).toBe(0);
  });

  it('stops an address that tries many emails', () => {
    const t = createLoginThrottle(limits);
    for (let i = 0; i < 5; i++) t.failed(`u${i}@example.com`, '10.0.0.9', 0);
    expect(t.retryAfter('fresh@example.com', '10.0.0.9', 0)).toBeGreaterThan(0);
    expect(t.retryAfter('fresh@example.com', '10.0.0.8', 0)).toBe(0);
  });

  it('clears an email on success, and stays bounded in memory', () => {
    const t = createLoginThrottle({ ...limits, maxKeys: 4 });
    for (let i = 0; i < 2; i++) t.failed('b@example.com', null, 0);
    t.succeeded('b@example.com');
    t.failed('b@example.com', null, 0);
    expect(t.retryAfter('b@example.com', null, 0)).toBe(0);
    for (let i = 0; i < 100; i++) t.failed(`x${i}@example.com`, null, 0);
    for (let i = 0; i < 2; i++) t.failed('x99@example.com', null, 0);
    expect(t.retryAfter('x99@example.com', null, 0)).toBeGreaterThan(0);
  });
});
