// Starting a signed-in session: a fresh session id (no fixation, R-SESS-1) and a CSRF token for
// the state-changing requests that the cookie will authenticate (R-CSRF-1).
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { clientOf } from './session-columns.ts';

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

export function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/**
 * `passwordChangedAt` is the user's value at sign-in: the session stays valid only while it is
 * unchanged (authenticate compares them), which ends every other session at a password change
 * without depending on clock resolution.
 */
export async function establishSession(req: Request, userId: string, now: Date, passwordChangedAt?: Date | null): Promise<void> {
  await regenerate(req);
  req.session.userId = userId;
  req.session.signedInAt = now.getTime();
  req.session.lastSeenAt = now.getTime();
  req.session.csrfToken = randomBytes(32).toString('base64url');
  req.session.client = clientOf(req.ip, req.get('user-agent'));
  if (passwordChangedAt !== undefined) req.session.passwordStamp = passwordChangedAt?.getTime() ?? null;
  await save(req);
}

export function endSession(req: Request): Promise<void> {
  return new Promise((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));
}
