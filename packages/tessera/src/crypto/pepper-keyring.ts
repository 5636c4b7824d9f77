import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The peppers token hashes are keyed with. The current pepper hashes new tokens; earlier ones
 * still verify the tokens they hashed, so a pepper can be rotated without invalidating tokens.
 * A pepper's id is a fingerprint of it, stored next to each hash: no id to configure, and no
 * way back from the id to the pepper.
 */
export interface PepperKeyring {
  readonly currentId: string;
  hash(value: string): { pepperId: string; hash: Buffer };
  /** `value` hashed with every configured pepper: to find a row by its hash (an invitation code) whichever pepper made it. */
  hashAll(value: string): Buffer[];
  /** Constant-time check of `value` against a stored hash; false for an unknown pepper id. */
  verify(value: string, pepperId: string, expected: Buffer): boolean;
  /**
   * `value` encrypted (AES-256-GCM) under a key derived from the current pepper for `purpose`:
   * for the rare secret every node must be able to show again (the setup code), never for tokens.
   */
  seal(purpose: string, value: string): { pepperId: string; sealed: Buffer };
  /** What `seal` sealed, or null (another purpose, an unknown pepper, altered bytes). */
  open(purpose: string, pepperId: string, sealed: Buffer): string | null;
}

export function pepperId(pepper: string): string {
  return createHash('sha256').update('tessera-pepper-id\0').update(pepper).digest('hex').slice(0, 12);
}

export function createPepperKeyring(current: string, previous: readonly string[] = []): PepperKeyring {
  const peppers = new Map<string, Buffer>();
  for (const p of [current, ...previous]) peppers.set(pepperId(p), Buffer.from(p, 'utf8'));
  const currentId = pepperId(current);
  const hmac = (key: Buffer, value: string) => createHmac('sha256', key).update(value).digest();
  return Object.freeze({
    currentId,
    hash(value: string) {
      return { pepperId: currentId, hash: hmac(peppers.get(currentId)!, value) };
    },
    hashAll(value: string) {
      return [...peppers.values()].map((key) => hmac(key, value));
    },
    seal(purpose: string, value: string) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey(peppers.get(currentId)!, purpose), iv);
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return { pepperId: currentId, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open(purpose: string, id: string, sealed: Buffer) {
      const key = peppers.get(id);
      if (!key || sealed.length < 28) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey(key, purpose), sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
    verify(value: string, id: string, expected: Buffer) {
      const key = peppers.get(id);
      if (!key) return false;
      const actual = hmac(key, value);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  });
}

/** A 256-bit key for one purpose, derived from a pepper (HMAC-SHA-256 as the KDF). */
const sealKey = (pepper: Buffer, purpose: string) => createHmac('sha256', pepper).update(`tessera-seal\0${purpose}`).digest();
