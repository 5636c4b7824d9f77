import { hash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { VerifierRow } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import type { UsageRecorder } from '../tokens/usage-recorder.js';
import { BODY_LENGTH, PUBLIC_ID_LENGTH, parseToken } from '../tokens/token-format.js';
import { NEGATIVE, TokenCache, type CacheEntry } from '../validation-cache/token-cache.js';
import { findVerifierByPublicId } from './verifier-repository.js';

/** A live verifier credential: what its caller may verify. Never holds the secret. */
export interface VerifierIdentity {
  verifierId: string;
  name: string;
  displayPrefix: string;
  /** The one workspace whose tokens it may verify; null: every token of the instance. */
  workspaceId: string | null;
}

/** A verifier row as the cache keeps it: no secret, its keyed hash and, once verified, a salted digest of the credential. */
export interface VerifierEntry extends CacheEntry {
  pepperId: string;
  secretHash: Buffer;
  digest: string | null;
  revokedAtMs: number;
  identity: VerifierIdentity;
}

export interface VerifierAuth {
  /**
   * The verifier a credential is, or null (malformed, unknown, wrong secret, revoked). The answer
   * itself on a cache hit (no promise), a promise when the database must be read.
   */
  authenticate(raw: string, ip: string | null): VerifierIdentity | null | Promise<VerifierIdentity | null>;
  /** Whether a string is shaped as a verifier credential of this deployment (its prefix only). */
  looksLikeVerifier(raw: string): boolean;
}

export interface VerifierAuthDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  /** Verified credentials, evicted on every node through the same invalidation as tokens (a `t:<public id>` key; `w:<workspace>`). */
  cache?: TokenCache<VerifierEntry>;
  usage: UsageRecorder;
  denials: DenialRecorder;
  clock?: Clock;
}

const UNDERSCORE = 0x5f;
const ENTRY_OVERHEAD_BYTES = 600;

/**
 * Authenticates verifier credentials (`<brand>v_…`, the token format): parse and checksum offline,
 * then the row by public id from the cache or one indexed read, the keyed HMAC once, and after
 * that a salted digest compared in constant time — the validation service's scheme, so a verifier
 * on every introspection costs no database query.
 */
export function createVerifierAuth(deps: VerifierAuthDeps): VerifierAuth {
  const { cache } = deps;
  const clock = deps.clock ?? systemClock;
  const salt = randomBytes(16).toString('base64');
  const digestOf = (raw: string) => hash('sha256', salt + raw, 'hex');
  const head = `${deps.brand}v_`;
  const idAt = head.length;
  const length = idAt + BODY_LENGTH;

  const toEntry = (row: VerifierRow, nowMs: number): VerifierEntry => ({
    publicId: row.public_id, userId: null, workspaceId: row.workspace_id, projectId: null,
    pepperId: row.pepper_id, secretHash: Buffer.from(row.secret_hash), digest: null, revokedAtMs: row.revoked_at?.getTime() ?? Infinity,
    identity: Object.freeze({ verifierId: row.id, name: row.name, displayPrefix: row.display_prefix, workspaceId: row.workspace_id }),
    loadedAtMs: nowMs, size: ENTRY_OVERHEAD_BYTES + 2 * (row.id.length + row.name.length + row.display_prefix.length + (row.workspace_id?.length ?? 0)),
  });

  const deny = (reason: string, ip: string | null, e?: VerifierEntry, displayPrefix?: string) => {
    deps.denials.record({ reason: `verifier_${reason}`, ip, tokenId: e?.identity.verifierId ?? null, workspaceId: e?.workspaceId ?? null, displayPrefix: e?.identity.displayPrefix ?? displayPrefix ?? null });
    return null;
  };

  function accept(e: VerifierEntry, ip: string | null): VerifierIdentity | null {
    const at = clock.nowMs();
    if (e.revokedAtMs <= at) return deny('revoked', ip, e);
    deps.usage.record(e.identity.verifierId, ip, at);
    return e.identity;
  }

  function judge(e: VerifierEntry, raw: string, ip: string | null, digest: string): VerifierIdentity | null {
    if (e.digest === null || !constantTimeEqual(digest, e.digest)) {
      if (!deps.keyring.verify(raw, e.pepperId, e.secretHash)) return deny('secret_mismatch', ip, e);
      e.digest = digest;
    }
    return accept(e, ip);
  }

  return {
    looksLikeVerifier: (raw) => raw.startsWith(head),
    authenticate(raw, ip) {
      if (raw.length !== length || raw.charCodeAt(idAt - 1) !== UNDERSCORE) return deny('malformed', ip);
      const publicId = raw.slice(idAt, idAt + PUBLIC_ID_LENGTH);
      const nowMs = clock.nowMs();
      const cached = cache?.lookup(publicId, nowMs);
      const digest = digestOf(raw);
      if (cached !== undefined && cached !== NEGATIVE && cached.digest !== null && constantTimeEqual(digest, cached.digest)) return accept(cached, ip);
      const parsed = parseToken(raw, deps.brand);
      if (!parsed || parsed.kind !== 'verifier') return deny('malformed', ip);
      if (cached === NEGATIVE) return deny('unknown', ip, undefined, parsed.displayPrefix);
      if (cached) return judge(cached, raw, ip, digest);
      const epoch = cache?.beginLoad() ?? 0;
      return findVerifierByPublicId(deps.db, publicId).then((row) => {
        const at = clock.nowMs();
        if (!row) {
          cache?.storeUnknown(publicId, epoch, at);
          return deny('unknown', ip, undefined, parsed.displayPrefix);
        }
        const e = toEntry(row, at);
        cache?.store(e, epoch);
        return judge(e, raw, ip, digest);
      });
    },
  };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
