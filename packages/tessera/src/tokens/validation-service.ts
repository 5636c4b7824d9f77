import type { Db } from '../db/database.js';
import type { TokenKind } from '../db/schema.js';
import type { PepperKeyring } from '../crypto/pepper-keyring.js';
import type { Scope } from '../authz/roles.js';
import type { DenialRecorder } from '../audit/denial-recorder.js';
import { parseToken } from './token-format.js';
import { diagnoseToken, type Diagnosis } from './token-diagnosis.js';
import { findForValidation, tokenStatus } from './token-repository.js';
import type { UsageRecorder } from './usage-recorder.js';

/** What a valid API token is: enough for any route to authorize it. Never holds the secret. */
export interface TokenIdentity {
  tokenId: string;
  kind: TokenKind;
  name: string;
  displayPrefix: string;
  scopes: Scope[];
  workspaceId: string | null;
  projectId: string | null;
  userId: string | null;
  expiresAt: Date | null;
}

export type InvalidCode = 'malformed' | 'invalid' | 'expired' | 'revoked';

/** A verification outcome is data, not an exception. */
export type ValidationResult =
  | { valid: true; token: TokenIdentity }
  | { valid: false; code: 'malformed'; diagnosis: Diagnosis }
  | { valid: false; code: Exclude<InvalidCode, 'malformed'>; displayPrefix?: string };

export interface ValidationService {
  validate(raw: string, ctx?: { ip?: string | null }): Promise<ValidationResult>;
}

export interface ValidationDeps {
  db: Db;
  keyring: PepperKeyring;
  brand: string;
  usage: UsageRecorder;
  denials: DenialRecorder;
  now?: () => Date;
}

/**
 * parse → checksum (no database access for a malformed string) → one indexed lookup by public
 * id → constant-time HMAC compare → state checks. Expired or revoked is only told once the whole
 * secret has matched: a guessed public id learns nothing more than `invalid`.
 */
export function createValidationService(deps: ValidationDeps): ValidationService {
  const now = deps.now ?? (() => new Date());
  return {
    async validate(raw, ctx = {}) {
      const ip = ctx.ip ?? null;
      const parsed = parseToken(raw, deps.brand);
      if (!parsed) {
        const diagnosis = diagnoseToken(raw, deps.brand) ?? { code: 'wrong_brand', message: 'not a token of this server', fix: 'use a token issued by this server' };
        deps.denials.record({ reason: `malformed:${diagnosis.code}`, ip });
        return { valid: false, code: 'malformed', diagnosis };
      }
      if (parsed.kind === 'session') return { valid: false, code: 'invalid' };
      const row = await findForValidation(deps.db, parsed.publicId);
      if (!row || row.kind !== parsed.kind || !deps.keyring.verify(raw, row.pepper_id, Buffer.from(row.secret_hash))) {
        deps.denials.record({ reason: row ? 'secret_mismatch' : 'unknown_token', ip, tokenId: row?.id ?? null, workspaceId: row?.workspace_id ?? null, displayPrefix: parsed.displayPrefix });
        return { valid: false, code: 'invalid' };
      }
      const at = now();
      const status = tokenStatus(row, at);
      const deny = (code: 'expired' | 'revoked' | 'invalid', reason: string): ValidationResult => {
        deps.denials.record({ reason, ip, tokenId: row.id, workspaceId: row.workspace_id, displayPrefix: row.display_prefix });
        return { valid: false, code, displayPrefix: row.display_prefix };
      };
      if (status === 'revoked' || status === 'expired') return deny(status, status);
      if (row.kind === 'personal') {
        // A personal token acts with its user's current rights: a disabled user, or one who left
        // the workspace the token is restricted to, takes the token's access with them.
        if (row.user_disabled_at) return deny('invalid', 'user_disabled');
        if (row.workspace_id && !row.member_role) return deny('invalid', 'user_not_member');
      }
      deps.usage.record(row.id, ip, at);
      return {
        valid: true,
        token: {
          tokenId: row.id,
          kind: row.kind,
          name: row.name,
          displayPrefix: row.display_prefix,
          scopes: row.scopes as Scope[],
          workspaceId: row.workspace_id,
          projectId: row.project_id,
          userId: row.user_id,
          expiresAt: row.expires_at,
        },
      };
    },
  };
}
