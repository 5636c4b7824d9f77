import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as uploads from './0002-uploads.js';
import * as oidc from './0003-oidc.js';
import * as loginAttempts from './0004-login-attempts.js';
import * as setupCodeSealed from './0005-setup-code-sealed.js';
import * as verifiers from './0006-verifiers.js';
import * as webhooks from './0007-webhooks.js';

/** Every migration, in order. Imported statically so a built package needs no file scanning. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-uploads': uploads,
  '0003-oidc': oidc,
  '0004-login-attempts': loginAttempts,
  '0005-setup-code-sealed': setupCodeSealed,
  '0006-verifiers': verifiers,
  '0007-webhooks': webhooks,
};
