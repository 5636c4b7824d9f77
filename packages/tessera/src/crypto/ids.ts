import { randomBase62 } from './base62.js';

/** Opaque prefixed identifiers for every resource the API shows (Stripe style). */
export const ID_PREFIXES = {
  user: 'usr',
  session: 'ses',
  workspace: 'wsp',
  project: 'prj',
  token: 'tok',
  invitation: 'inv',
  upload: 'upl',
  trustPolicy: 'trp',
  verifier: 'vrf',
  webhook: 'whk',
  webhookEvent: 'msg',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(16)}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-Za-z]{16}$`).test(value);
}
