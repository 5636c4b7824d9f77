import type { Db } from '../db/database.js';
import { systemClock, type Clock } from '../clock/clock.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import { newId } from '../crypto/ids.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import { audit, type AuditContext } from '../audit/audit-context.js';
import { ApiError } from '../errors/api-error.js';
import { generateToken, parseToken } from '../tokens/token-format.js';
import type { SessionUser } from '../authz/principal.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hash.js';
import { findSessionForAuth, insertSession, revokeSession } from './session-repository.js';
import { findUserByEmail } from './user-repository.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';

export interface SessionDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  ttlSeconds: number;
  denials: DenialRecorder;
  /** Sign-in attempts per email and IP, in the database; default: 10 per email, 50 per IP, per 15 minutes. */
  throttle?: LoginThrottle;
  /** Where time comes from (default: the system clock). */
  clock?: Clock;
}

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: SessionUser;
}

/**
 * Sessions are bearer tokens of kind `s` in the same format as API tokens (checksummed, stored
 * only as a keyed hash), so the CLI and API authenticate them the same way.
 */
export function createSessionService(deps: SessionDeps) {
  const { db, keyring } = deps;
  const clock = deps.clock ?? systemClock;
  const throttle = deps.throttle ?? createLoginThrottle({ db, clock });

  async function issue(tx: Db, user: SessionUser, ctx: AuditContext): Promise<IssuedSession> {
    const { token, parsed } = generateToken(deps.brand, 'session');
    const { pepperId, hash } = keyring.hash(token);
    const sessionId = newId('session');
    const expiresAt = new Date(clock.nowMs() + deps.ttlSeconds * 1000);
    await insertSession(tx, { id: sessionId, public_id: parsed.publicId, user_id: user.id, pepper_id: pepperId, secret_hash: hash, expires_at: expiresAt, ip: ctx.ip, user_agent: ctx.userAgent });
    await audit(tx, { ...ctx, actor: { type: 'user', id: user.id, label: user.email ?? user.name, userId: user.id } }, { workspaceId: null, action: 'session.created', target: { type: 'session', id: sessionId } });
    return { token, sessionId, expiresAt, user };
  }

  return {
    issue,

    async login(email: string, password: string, ctx: AuditContext): Promise<IssuedSession> {
      // Counted before the password is checked, in one statement: concurrent attempts cannot all pass the limit.
      const attempt = await throttle.attempt(email, ctx.ip);
      if (!attempt.allowed) {
        const wait = attempt.retryAfterSeconds;
        deps.denials.record({ reason: 'login_throttled', ip: ctx.ip });
        throw new ApiError('too_many_attempts', `too many failed sign-ins; try again in ${wait} seconds`, { retry_after_seconds: wait }, { 'retry-after': String(wait) });
      }
      const user = await findUserByEmail(db, email);
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (!user || !user.password_hash || !ok || user.disabled_at) {
        deps.denials.record({ reason: 'bad_password', ip: ctx.ip });
        throw new ApiError('invalid_credentials', 'wrong email or password');
      }
      await throttle.succeeded(email, ctx.ip, attempt);
      return db.transaction().execute((tx) => issue(tx, { id: user.id, email: user.email, name: user.name, kind: user.kind }, ctx));
    },

    /** Null for anything that is not a live session of an enabled user. */
    async authenticate(raw: string, ip: string | null = null): Promise<{ sessionId: string; user: SessionUser } | null> {
      const parsed = parseToken(raw, deps.brand);
      const deny = (reason: string) => {
        deps.denials.record({ reason, ip, displayPrefix: parsed?.displayPrefix ?? null });
        return null;
      };
      if (!parsed || parsed.kind !== 'session') return deny('session_malformed');
      const row = await findSessionForAuth(db, parsed.publicId);
      if (!row || !keyring.verify(raw, row.pepper_id, Buffer.from(row.secret_hash))) return deny('session_unknown');
      const now = clock.now();
      if (row.revoked_at || row.expires_at <= now || row.disabled_at) return deny('session_ended');
      return { sessionId: row.id, user: { id: row.user_id, email: row.email, name: row.name, kind: row.kind } };
    },

    async logout(sessionId: string, ctx: AuditContext): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await revokeSession(tx, sessionId, clock.now());
        await audit(tx, ctx, { workspaceId: null, action: 'session.revoked', target: { type: 'session', id: sessionId } });
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
