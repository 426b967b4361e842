// What a session holds while support acts as another user (R-IMP-1). The session itself stays the
// impersonator's: its user id, its R-SESS-1 checks and its CSRF token are theirs throughout, so
// losing their own right to be signed in ends everything at once.
export interface Impersonation {
  readonly impersonatorId: string;
  readonly targetId: string;
  /** The organisation its audit events are filed under (the target's first one the impersonator reaches), so the trail of that organisation shows them. */
  readonly organizationId: string | null;
  /** ms since epoch, from the configured clock. */
  readonly startedAt: number;
  readonly endsAt: number;
}

/** Why an impersonation ended, in words: the audit trail shows it as it is. */
export type ImpersonationEnd =
  | 'stopped'
  | 'the time limit was reached'
  | 'the impersonator may no longer act as this user'
  | 'the user can no longer sign in'
  | 'the user no longer exists'
  | 'the impersonator signed out';

export function impersonationFrom(startedAt: number, maxMs: number, who: Pick<Impersonation, 'impersonatorId' | 'targetId' | 'organizationId'>): Impersonation {
  return { ...who, startedAt, endsAt: startedAt + maxMs };
}

export function hasEnded(impersonation: Impersonation, now: number): boolean {
  return now >= impersonation.endsAt;
}

/**
 * Sets or clears the session's impersonation. Changing the session saves it whole at the end of the
 * request, so its lastSeenAt is brought up to now too: otherwise the save would write back an older
 * value than the one authenticate may just have written on its own (session-store.ts touchLastSeen).
 */
export function storeImpersonation(session: { impersonation?: Impersonation | undefined; lastSeenAt?: number | undefined }, value: Impersonation | null, now: number): void {
  if (value === null) delete session.impersonation;
  else session.impersonation = value;
  session.lastSeenAt = now;
}
