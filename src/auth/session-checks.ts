// R-SESS-1's per-request verdict on a signed-in session, as a pure function of what the session
// says and what the user row says now: shared by the router's authenticate step and by
// requirePermission's own identification, so both end a session for the same reasons.
import type { GatehouseConfig } from '../config/resolve.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { statusAt } from '../users/disabled.ts';
import type { SessionUser } from './session-user.ts';

export type SessionEndReason = 'disabled' | 'locked' | 'password-changed' | 'idle' | 'expired' | 'ip' | 'gone';

/** What a signed-in session carries that the checks read. */
export interface SessionFacts {
  readonly signedInAt: number;
  readonly lastSeenAt?: number | undefined;
  /** The user's passwordChangedAt (ms) when the session began; absent on sessions from before it was recorded. */
  readonly passwordStamp?: number | null | undefined;
}

/** Idle time is tracked in the session itself, refreshed at most this often (one write a minute, not one per request). */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

function passwordChangedSince(session: SessionFacts, passwordChangedAt: Date | null): boolean {
  const current = passwordChangedAt?.getTime() ?? null;
  // Sessions started by finishSignIn carry the exact value they began with.
  if (session.passwordStamp !== undefined) return current !== session.passwordStamp;
  return current !== null && current > session.signedInAt;
}

/** The reasons that lie in the session itself and the clock, not in the user's state or the request's address. */
export function sessionOutlived(session: SessionFacts, passwordChangedAt: Date | null, now: number, config: Pick<GatehouseConfig, 'session'>): 'password-changed' | 'idle' | 'expired' | null {
  if (passwordChangedSince(session, passwordChangedAt)) return 'password-changed';
  if (now - session.signedInAt > config.session.absoluteMs) return 'expired';
  if (now - (session.lastSeenAt ?? session.signedInAt) > config.session.idleMs) return 'idle';
  return null;
}

export function sessionEndReason(
  session: SessionFacts,
  user: SessionUser | null,
  now: number,
  config: Pick<GatehouseConfig, 'session'>,
  ip: string,
): SessionEndReason | null {
  if (!user) return 'gone';
  if (statusAt(user, now) !== 'ACTIVE') return 'disabled';
  if (user.lockedUntil !== null && user.lockedUntil.getTime() > now) return 'locked';
  const outlived = sessionOutlived(session, user.passwordChangedAt, now, config);
  if (outlived) return outlived;
  if (!ipAllowed(user.ipAllowlist, ip)) return 'ip';
  return null;
}

export function lastSeenIsStale(session: SessionFacts, now: number): boolean {
  return now - (session.lastSeenAt ?? 0) > LAST_SEEN_RESOLUTION_MS;
}
