import { describe, expect, it } from 'vitest';
import { VerificationCache } from './cache.js';
import { fromValidateAnswer, type TokenIdentity } from './outcome.js';

type Valid = { valid: true } & TokenIdentity;
const answer = (o: Record<string, unknown> = {}) => fromValidateAnswer({
  valid: true, token_id: 'tok_1', kind: 'personal', display_prefix: 'tsru_AAAAAAAA', workspace_id: 'ws_1', project_id: null, user_id: 'usr_1',
  scopes: ['read'], granted_scopes: ['read'], role: 'member', status: 'active', grace_ends_at: null, expires_at: null, ...o,
}) as Valid;

function setup(o: Partial<ConstructorParameters<typeof VerificationCache>[0]> = {}) {
  let t = 0;
  const cache = new VerificationCache({ maxEntries: 3, maxAgeMs: 1000, negativeMaxEntries: 2, negativeMaxAgeMs: 500, now: () => t, ...o });
  return { cache, advance: (ms: number) => (t += ms) };
}

describe('the verification cache', () => {
  it('keeps an answer until its maximum age (injected clock), and never past the token expiry or grace end', () => {
    const { cache, advance } = setup();
    cache.set('k1', 'AAAAAAAA', answer(), cache.generation);
    advance(1000);
    expect(cache.get('k1', () => 0)).toBeDefined();
    advance(1);
    expect(cache.get('k1', () => 0)).toBeUndefined();
    cache.set('k2', 'BBBBBBBB', answer({ expires_at: new Date(5000).toISOString(), grace_ends_at: new Date(3000).toISOString() }), cache.generation);
    expect(cache.get('k2', () => 2999)).toBeDefined();
    expect(cache.get('k2', () => 3000)).toBeUndefined();
  });

  it('reads the wall clock only for an answer that has an end (expiry or grace end), at every such hit', () => {
    const { cache } = setup();
    let reads = 0;
    let wall = 0;
    const wallNow = () => (reads++, wall);
    cache.set('forever', 'AAAAAAAA', answer(), cache.generation);
    cache.set('ends', 'BBBBBBBB', answer({ expires_at: new Date(5000).toISOString() }), cache.generation);
    expect(cache.get('forever', wallNow)).toBeDefined();
    expect(reads).toBe(0);
    expect(cache.get('ends', wallNow)).toBeDefined();
    expect(reads).toBe(1);
    wall = 5000;
    expect(cache.get('forever', wallNow)).toBeDefined();
    expect(cache.get('ends', wallNow)).toBeUndefined();
    expect(reads).toBe(2);
  });

  it('is bounded: the least recently used answer goes first', () => {
    const { cache } = setup();
    for (const k of ['a', 'b', 'c']) cache.set(k, k, answer(), cache.generation);
    cache.get('a', () => 0);
    cache.set('d', 'd', answer(), cache.generation);
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k, () => 0) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.size).toBe(3);
  });

  it('never drops an answer in steady use, however many others come and go (hits move it only once it leaves the newer half)', () => {
    const { cache } = setup({ maxEntries: 4 });
    cache.set('hot', 'HOT', answer(), cache.generation);
    for (let i = 0; i < 50; i++) {
      cache.set(`k${i}`, `k${i}`, answer(), cache.generation);
      expect(cache.get('hot', () => 0)).toBeDefined();
    }
    expect(cache.size).toBe(4);
  });

  it('evicts by the server keys: token, user (and u:*), workspace, project (and j:*), everything; a key it does not know flushes', () => {
    const { cache } = setup({ maxEntries: 10, settleMs: 0 });
    const fill = () => {
      cache.flush();
      cache.set('personal', 'P0000000', answer(), cache.generation);
      cache.set('project', 'J0000000', answer({ kind: 'project', user_id: null, project_id: 'prj_1', workspace_id: 'ws_2' }), cache.generation);
      cache.set('workspace', 'W0000000', answer({ kind: 'workspace', user_id: null, workspace_id: 'ws_3' }), cache.generation);
    };
    const left = () => ['personal', 'project', 'workspace'].filter((k) => cache.get(k, () => 0));
    const cases: [string[], string[]][] = [
      [['t:P0000000'], ['project', 'workspace']],
      [['u:usr_1'], ['project', 'workspace']],
      [['u:usr_2'], ['personal', 'project', 'workspace']],
      [['u:*'], ['project', 'workspace']],
      [['w:ws_2'], ['personal', 'workspace']],
      [['j:prj_1'], ['personal', 'workspace']],
      [['j:*'], ['personal', 'workspace']],
      [['*'], []],
      [['t:zzzzzzzz', 'w:ws_3'], ['personal', 'project']],
      // A key it cannot read (a newer server's kind, or damaged) could name anything: all go.
      [['x:P0000000'], []],
      [['t:zzzzzzzz', 'q:ws_9'], []],
      [['t:'], []],
      [[''], []],
    ];
    for (const [keys, remaining] of cases) {
      fill();
      cache.evict(keys);
      expect(left(), keys.join(',')).toEqual(remaining);
    }
  });

  it('does not store an answer loaded across an eviction (it may predate it)', () => {
    const { cache } = setup();
    const generation = cache.generation;
    cache.evict(['t:unrelated']);
    expect(cache.set('k', 'AAAAAAAA', answer(), generation)).toBe(false);
    expect(cache.get('k', () => 0)).toBeUndefined();
  });

  it('does not store, for settleMs after an eviction, an answer its keys select (another node may not have heard it yet)', () => {
    const { cache, advance } = setup({ settleMs: 1000 });
    cache.evict(['t:AAAAAAAA']);
    expect(cache.set('k', 'AAAAAAAA', answer(), cache.generation)).toBe(false);
    expect(cache.set('other', 'BBBBBBBB', answer({ user_id: null, kind: 'workspace' }), cache.generation)).toBe(true);
    advance(1001);
    expect(cache.set('k', 'AAAAAAAA', answer(), cache.generation)).toBe(true);
    cache.flush();
    expect(cache.set('other', 'BBBBBBBB', answer({ user_id: null, kind: 'workspace' }), cache.generation)).toBe(false);
  });

  it('keeps refusals in a separate bounded cache with its own age', () => {
    const { cache, advance } = setup();
    cache.setNegative('n1', { valid: false, code: 'revoked' });
    cache.setNegative('n2', { valid: false, code: 'invalid' });
    cache.setNegative('n3', { valid: false, code: 'expired' });
    expect(cache.getNegative('n1')).toBeUndefined();
    expect(cache.getNegative('n3')).toEqual({ valid: false, code: 'expired' });
    advance(501);
    expect(cache.getNegative('n3')).toBeUndefined();
    // Emptied by age, then used again: the empty-cache shortcut does not hide a new refusal.
    expect(cache.getNegative('n2')).toBeUndefined();
    cache.setNegative('n4', { valid: false, code: 'revoked' });
    expect(cache.getNegative('n4')).toEqual({ valid: false, code: 'revoked' });
  });
});
