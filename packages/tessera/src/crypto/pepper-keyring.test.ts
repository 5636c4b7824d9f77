import { describe, expect, it } from 'vitest';
import { createPepperKeyring, pepperId } from './pepper-keyring.js';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);

describe('pepper keyring', () => {
  it('hashes with the current pepper and names it by a fingerprint, not the pepper', () => {
    const k = createPepperKeyring(NEW);
    const { pepperId: id, hash } = k.hash('tsrp_example');
    expect(id).toBe(pepperId(NEW));
    expect(id).not.toContain('n');
    expect(hash).toHaveLength(32);
    expect(k.verify('tsrp_example', id, hash)).toBe(true);
    expect(k.verify('tsrp_examplf', id, hash)).toBe(false);
  });

  it('keeps verifying hashes made with a previous pepper after rotation, and stops once it is dropped', () => {
    const before = createPepperKeyring(OLD).hash('tsrw_token');
    const rotated = createPepperKeyring(NEW, [OLD]);
    expect(rotated.currentId).toBe(pepperId(NEW));
    expect(rotated.verify('tsrw_token', before.pepperId, before.hash)).toBe(true);
    expect(createPepperKeyring(NEW).verify('tsrw_token', before.pepperId, before.hash)).toBe(false);
  });

  it('refuses a hash of the wrong length without throwing', () => {
    const k = createPepperKeyring(NEW);
    expect(k.verify('x', k.currentId, Buffer.alloc(5))).toBe(false);
  });

  it('hashes a value under every pepper, current first, for look-ups by hash across a rotation', () => {
    const old = createPepperKeyring(OLD).hash('invite:abc').hash;
    const all = createPepperKeyring(NEW, [OLD]).hashAll('invite:abc');
    expect(all).toHaveLength(2);
    expect(all[0]).toEqual(createPepperKeyring(NEW).hash('invite:abc').hash);
    expect(all[1]).toEqual(old);
  });
});
