import { randomBytes } from 'node:crypto';

/**
 * Request ids (`req_…`, in logs and in every error body): a random prefix per app, so ids from
 * several nodes do not collide, then a counter. No clock read and no random draw per request.
 */
export function requestIds(): () => string {
  const prefix = `req_${randomBytes(6).toString('hex')}`;
  let n = 0;
  return () => `${prefix}${(++n).toString(36)}`;
}
