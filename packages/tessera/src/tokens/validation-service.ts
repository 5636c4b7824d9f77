import { hash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { TokenKind } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { BUILTIN_SCOPES, type ScopeRegistry } from '../authz/scope-registry.js';
import { effectivePermissions, type EffectivePermissions } from '../authz/effective-permissions.js';
import type { Role } from '../db/schema.js';
import { listUserRoles } from '../workspaces/membership-repository.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import { NEGATIVE, TokenCache, type CacheEntry } from '../validation-cache/token-cache.js';
import { BODY_LENGTH, PUBLIC_ID_LENGTH, parseToken, type ParsedToken } from './token-format.js';
import { diagnoseToken, type Diagnosis } from './token-diagnosis.js';
import { findForValidation, type ValidationRow } from './token-repository.js';
import type { UsageRecorder } from './usage-recorder.js';

/** What a valid API token is: enough for any route to authorize it. Never holds the secret. */
export interface TokenIdentity {
  tokenId: string;
  kind: TokenKind;
  name: string;
  displayPrefix: string;
  /** As granted (built-in and platform scopes); what it may do now is `effective`. */
  scopes: readonly string[];
  workspaceId: string | null;
  projectId: string | null;
  userId: string | null;
  expiresAt: Date | null;
  /** When it was created (introspection's `iat`). */
  createdAt: Date;
  /** What it may do now (its user's current roles included): computed when the token is loaded, evicted with it on any change. */
  effective: EffectivePermissions;
}

export type InvalidCode = 'malformed' | 'invalid' | 'expired' | 'revoked';

/** A verification outcome is data, not an exception. Valid results may be shared: do not mutate them. */
export type ValidationResult =
  | { valid: true; token: TokenIdentity }
  | { valid: false; code: 'malformed'; diagnosis: Diagnosis }
  | { valid: false; code: Exclude<InvalidCode, 'malformed'>; displayPrefix?: string; /** A rotated-out token: its replacement's display prefix. */ replacedBy?: string };

export type ValidationOutcome = 'valid' | InvalidCode;

export interface ValidationService {
  /**
   * The answer itself when the cache can give it (no promise, no microtask: the hot path), a
   * promise when the database must be read. `await` takes either.
   */
  validate(raw: string, ctx?: UseContext): ValidationResult | Promise<ValidationResult>;
}

/**
 * A warm token's answer in two steps, for a caller that must decide before anything is recorded
 * (the gateway's fast path, tokens/gateway-fast-path.ts): peek, then, only if the caller answers
 * from it, record. Together they do exactly what validate() does for the same token on a cache
 * hit; a caller that does not record has changed nothing and may call validate() instead.
 */
export interface WarmValidation {
  /**
   * The identity of a token this process has verified and whose cached state is valid now, from
   * a trusted cache (the same rules as validate()'s lookup); undefined for anything else (cold,
   * unknown, revoked, expired, a canary, a denied user, an untrusted cache). No side effect.
   */
  peekWarm(raw: string): WarmToken | undefined;
  /** What validate() records for that valid answer: the cache hit, the last use (at the peek's instant, from `ip`), the observer's `valid`. */
  recordWarm(warm: WarmToken, ip: string | null): void;
}

/** A token peekWarm() found; pass it back to recordWarm(). */
export interface WarmToken {
  readonly token: TokenIdentity;
}

/** Where a token is used from: the canary report says so. */
export interface UseContext {
  ip?: string | null;
  userAgent?: string | null | undefined;
  /** The method and route the token was sent to (joined only when a canary is used: no string is built on the hot path). */
  method?: string;
  route?: string | null;
}

/** A use of a canary token (its secret verified): answered as invalid, and reported. */
export interface CanaryUse {
  tokenId: string;
  workspaceId: string | null;
  displayPrefix: string;
  kind: TokenKind;
  ip: string | null;
  userAgent: string | null;
  route: string | null;
}

/** Told about every validation: its outcome and when it started (performance.now()). */
export type ValidationObserver = (outcome: ValidationOutcome, startedAt: number) => void;

export interface ValidationDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  usage: UsageRecorder;
  /** Told of each use of a canary token (default: nobody). */
  onCanary?: (use: CanaryUse) => void;
  denials: DenialRecorder;
  /** The scopes of this instance: a token's effective scopes are the ones it knows (default: the built-ins only). */
  scopes?: ScopeRegistry;
  /** The verified-token cache (absent: every validation reads the database). */
  cache?: TokenCache<TokenEntry>;
  /**
   * Bytes a caller keeps per cached identity for as long as it lives (the validate route's
   * serialized answer, `VALID_ANSWER_BYTES`), counted into each entry's size so the cache's byte
   * bound covers them too. The caller declares it; this service does not know its callers. Default 0.
   */
  retainedBytesPerEntry?: number;
  observe?: ValidationObserver;
  /** Expiry, revocation and cache staleness are judged on its wall clock (default: the system clock). */
  clock?: Clock;
}

/** A token row as the cache keeps it: no secret, only its keyed hash and, once verified, a digest of the token. */
export interface TokenEntry extends CacheEntry {
  tokenId: string;
  kind: TokenKind;
  displayPrefix: string;
  pepperId: string;
  secretHash: Buffer;
  /** Hex SHA-256 of (per-process salt + the token), set once the token has been verified with the HMAC. */
  digest: string | null;
  /** Infinity when never. */
  revokedAtMs: number;
  /** The display prefix of the token that replaced this one by rotation; null when none. */
  replacedBy: string | null;
  expiresAtMs: number;
  /** A personal token whose user is disabled or not (any more) a member of its workspace. */
  userDenial: 'user_disabled' | 'user_not_member' | null;
  /** A canary: never valid; any use is reported. */
  canary: boolean;
  ok: { valid: true; token: TokenIdentity };
}

/** peekWarm()'s answer, with what recordWarm() needs. */
interface Warm extends WarmToken {
  entry: TokenEntry;
  at: number;
  started: number;
}

const INVALID: ValidationResult = Object.freeze({ valid: false, code: 'invalid' });

/**
 * Why a verified token's cached state refuses it at `at`, or null: its answer stands. The one
 * judgement validate() (state()) and the gateway's fast path (peekWarm()) share, so a new reason
 * to refuse cannot reach one and miss the other. A canary grants nothing, ever; a personal token
 * acts with its user's current rights (a disabled user, or one who left the workspace the token
 * is restricted to, takes the token's access with them).
 */
function refusal(e: TokenEntry, at: number): 'canary' | 'revoked' | 'expired' | 'user' | null {
  if (e.canary) return 'canary';
  if (e.revokedAtMs <= at) return 'revoked';
  if (e.expiresAtMs <= at) return 'expired';
  if (e.userDenial) return 'user';
  return null;
}
const UNDERSCORE = 0x5f;

/**
 * Bytes an entry holds beyond its strings: the objects, the hash Buffer, the digest, the LRU's
 * bookkeeping. Measured: 20,000 cached workspace tokens grew the V8 heap by 1,294 bytes each.
 */
const ENTRY_OVERHEAD_BYTES = 1100;
/** An unrestricted personal token's per-workspace permissions, counted as characters (id, role, scopes, objects; and its share of the validate answer). */
const PER_WORKSPACE_CHARS = 150;
type Memberships = { workspace_id: string; role: Role }[];

function toEntry(row: ValidationRow, memberships: Memberships, publicId: string, nowMs: number, retainedBytes: number, registry: ScopeRegistry): TokenEntry {
  const scopes = Object.freeze([...row.scopes]);
  const roles = row.workspace_id
    ? (row.member_role ? [{ workspaceId: row.workspace_id, role: row.member_role as Role }] : [])
    : memberships.map((m) => ({ workspaceId: m.workspace_id, role: m.role }));
  const effective = effectivePermissions({ kind: row.kind, scopes, workspaceId: row.workspace_id, revokedAt: row.revoked_at, memberships: roles }, registry);
  const token: TokenIdentity = Object.freeze({
    tokenId: row.id, kind: row.kind, name: row.name, displayPrefix: row.display_prefix, scopes,
    workspaceId: row.workspace_id, projectId: row.project_id, userId: row.user_id, expiresAt: row.expires_at, createdAt: row.created_at, effective,
  });
  const userDenial = row.kind !== 'personal' ? null : row.user_disabled_at ? 'user_disabled' : row.workspace_id && !row.member_role ? 'user_not_member' : null;
  const strings = row.id.length + row.name.length + row.display_prefix.length + (row.replaced_by?.length ?? 0) + row.pepper_id.length + publicId.length + row.scopes.join('').length
    + (row.workspace_id?.length ?? 0) + (row.project_id?.length ?? 0) + (row.user_id?.length ?? 0) + memberships.length * PER_WORKSPACE_CHARS;
  return {
    publicId, tokenId: row.id, kind: row.kind, displayPrefix: row.display_prefix, userId: row.user_id, workspaceId: row.workspace_id, projectId: row.project_id,
    pepperId: row.pepper_id, secretHash: Buffer.from(row.secret_hash), digest: null,
    revokedAtMs: row.revoked_at?.getTime() ?? Infinity, expiresAtMs: row.expires_at?.getTime() ?? Infinity, replacedBy: row.replaced_by,
    userDenial, canary: row.canary, ok: Object.freeze({ valid: true as const, token }), loadedAtMs: nowMs, size: ENTRY_OVERHEAD_BYTES + retainedBytes + 2 * strings,
  };
}

/**
 * parse → checksum (no database access for a malformed string) → the token's row, from the
 * cache or by one indexed lookup by public id → secret check → state checks. Expired or revoked
 * is only told once the whole secret has matched: a guessed public id learns nothing more than
 * `invalid`.
 *
 * The secret check is the keyed HMAC against the stored hash the first time; after that the
 * cache keeps a SHA-256 digest of the verified token (salted per process, never the token) and
 * compares that in constant time, which costs a fraction of the HMAC. Hex strings, not Buffers:
 * a Buffer per call was a third of the hot path's cost, in allocation and GC. Expiry and a rotation's grace end
 * are compared with the clock at every call, so a cached token stops working at the exact
 * moment, with no eviction needed.
 */
export function createValidationService(deps: ValidationDeps): ValidationService & WarmValidation {
  const cache = deps.cache;
  const retainedBytes = deps.retainedBytesPerEntry ?? 0;
  const registry = deps.scopes ?? BUILTIN_SCOPES;
  const clock = deps.clock ?? systemClock;
  const nowMs = () => clock.nowMs();
  const observe = deps.observe;
  const salt = randomBytes(16).toString('base64');
  const digestOf = (raw: string) => hash('sha256', salt + raw, 'hex');
  /** Where the public id starts (after `<brand><kind letter>_`), and a token's whole length. */
  const idAt = deps.brand.length + 2;
  const tokenLength = idAt + BODY_LENGTH;
  const inflight = new Map<string, { epoch: number; load: Promise<TokenEntry | null> }>();

  function load(publicId: string): Promise<TokenEntry | null> {
    const trusted = cache?.isTrusted ?? false;
    const epoch = cache?.beginLoad() ?? 0;
    // Concurrent misses share one read, unless something was invalidated since it started. With
    // the cache untrusted (listener down) nobody shares: each validation reads for itself.
    const running = trusted ? inflight.get(publicId) : undefined;
    if (running && running.epoch === epoch) return running.load;
    const p = findForValidation(deps.db, publicId).then(async (row) => {
      // An unrestricted personal token acts in each of its user's workspaces with the role there.
      const memberships = row && row.kind === 'personal' && !row.workspace_id && row.user_id ? await listUserRoles(deps.db, row.user_id) : [];
      const at = nowMs();
      if (!row) {
        cache?.storeUnknown(publicId, epoch, at);
        return null;
      }
      const entry = toEntry(row, memberships, publicId, at, retainedBytes, registry);
      cache?.store(entry, epoch);
      return entry;
    });
    if (trusted) {
      const slot = { epoch, load: p };
      inflight.set(publicId, slot);
      const done = () => {
        if (inflight.get(publicId) === slot) inflight.delete(publicId);
      };
      p.then(done, done);
    }
    return p;
  }

  function unknown(parsed: ParsedToken, ip: string | null): ValidationResult {
    deps.denials.record({ reason: 'unknown_token', ip, tokenId: null, workspaceId: null, displayPrefix: parsed.displayPrefix });
    return INVALID;
  }

  /** The secret, then the token's state, against the clock now. */
  function judge(e: TokenEntry, raw: string, parsed: ParsedToken, ip: string | null, known: string | null, use: UseContext | undefined): ValidationResult {
    if (e.kind !== parsed.kind) return mismatch(e, ip);
    const digest = known ?? digestOf(raw);
    if (e.digest === null || !constantTimeEqual(digest, e.digest)) {
      if (!deps.keyring.verify(raw, e.pepperId, e.secretHash)) return mismatch(e, ip);
      e.digest = digest;
    }
    return state(e, ip, use);
  }

  /** A verified token's state, against the clock now. */
  function state(e: TokenEntry, ip: string | null, use: UseContext | undefined): ValidationResult {
    const at = nowMs();
    switch (refusal(e, at)) {
      case 'canary':
        deps.onCanary?.({ tokenId: e.tokenId, workspaceId: e.workspaceId, displayPrefix: e.displayPrefix, kind: e.kind, ip, userAgent: use?.userAgent ?? null, route: use?.route ? `${use.method ?? ''} ${use.route}`.trim() : null });
        return INVALID;
      case 'revoked': return deny(e, 'revoked', 'revoked', ip);
      case 'expired': return deny(e, 'expired', 'expired', ip);
      case 'user': return deny(e, 'invalid', e.userDenial!, ip);
    }
    deps.usage.record(e.tokenId, ip, at);
    return e.ok;
  }

  function mismatch(e: TokenEntry, ip: string | null): ValidationResult {
    deps.denials.record({ reason: 'secret_mismatch', ip, tokenId: e.tokenId, workspaceId: e.workspaceId, displayPrefix: e.displayPrefix });
    return INVALID;
  }

  function deny(e: TokenEntry, code: 'expired' | 'revoked' | 'invalid', reason: string, ip: string | null): ValidationResult {
    deps.denials.record({ reason, ip, tokenId: e.tokenId, workspaceId: e.workspaceId, displayPrefix: e.displayPrefix });
    return code === 'revoked' && e.replacedBy ? { valid: false, code, displayPrefix: e.displayPrefix, replacedBy: e.replacedBy } : { valid: false, code, displayPrefix: e.displayPrefix };
  }

  /**
   * One cache lookup, by the public id's position, before anything else: a token this process
   * has already verified is recognised by its digest alone. That digest was taken of a string
   * that passed the full parse, checksum, kind and HMAC checks, so they would all pass again and
   * are skipped. Every other string takes the full path, which reuses the lookup.
   */
  function check(raw: string, ip: string | null, use: UseContext | undefined): ValidationResult | Promise<ValidationResult> {
    const shaped = cache !== undefined && raw.length === tokenLength && raw.charCodeAt(idAt - 1) === UNDERSCORE;
    const cached = shaped ? cache.lookup(raw.slice(idAt, idAt + PUBLIC_ID_LENGTH), nowMs()) : undefined;
    const verified = cached !== undefined && cached !== NEGATIVE ? cached.digest : null;
    const digest = verified !== null ? digestOf(raw) : null;
    if (digest !== null && constantTimeEqual(digest, verified!)) return state(cached as TokenEntry, ip, use);

    const parsed = parseToken(raw, deps.brand);
    if (!parsed) {
      const diagnosis = diagnoseToken(raw, deps.brand) ?? { code: 'wrong_brand', message: 'not a token of this server', fix: 'use a token issued by this server' };
      deps.denials.record({ reason: `malformed:${diagnosis.code}`, ip });
      return { valid: false, code: 'malformed', diagnosis };
    }
    if (parsed.kind === 'session' || parsed.kind === 'verifier') return INVALID;
    if (cached === NEGATIVE) return unknown(parsed, ip);
    if (cached) return judge(cached, raw, parsed, ip, digest, use);
    return load(parsed.publicId).then((e) => (e ? judge(e, raw, parsed, ip, null, use) : unknown(parsed, ip)));
  }

  const outcome = (r: ValidationResult): ValidationOutcome => (r.valid ? 'valid' : r.code);

  /** check()'s first branch and state()'s valid outcome (refusal() is their one judgement), recording nothing. */
  function peekWarm(raw: string): Warm | undefined {
    if (cache === undefined || raw.length !== tokenLength || raw.charCodeAt(idAt - 1) !== UNDERSCORE) return undefined;
    const started = observe ? performance.now() : 0;
    const at = nowMs();
    const e = cache.peek(raw.slice(idAt, idAt + PUBLIC_ID_LENGTH), at);
    if (e === undefined || e.digest === null || refusal(e, at) !== null) return undefined;
    if (!constantTimeEqual(digestOf(raw), e.digest)) return undefined;
    return { token: e.ok.token, entry: e, at, started };
  }

  function recordWarm(warm: WarmToken, ip: string | null): void {
    const w = warm as Warm;
    cache!.hit(w.entry.publicId);
    deps.usage.record(w.entry.tokenId, ip, w.at);
    observe?.('valid', w.started);
  }

  return {
    peekWarm,
    recordWarm,
    validate(raw, ctx) {
      const ip = ctx?.ip ?? null;
      if (!observe) return check(raw, ip, ctx);
      const started = performance.now();
      const r = check(raw, ip, ctx);
      if (r instanceof Promise) {
        return r.then((v) => {
          observe(outcome(v), started);
          return v;
        });
      }
      observe(outcome(r), started);
      return r;
    },
  };
}

/**
 * Compares two equal-length digests without stopping at the first difference. (Timing would leak
 * at most bytes of a salted hash of the caller's own input, which does not help forge a token;
 * constant time anyway, as for every secret comparison here.)
 */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
