// R-EXP-1: a membership may carry an end (`expiresAt`). Every service that judges a membership
// outside the engine (the last-manager count, the serializer, the lists) asks these, against the
// clock of that read, exactly as the engine's `hasEnded` does: an end that has come, or one that
// cannot be read, has ended.

export interface MembershipEnd {
  readonly expiresAt: Date | null;
}

const ms = (now: Date | number): number => (typeof now === 'number' ? now : now.getTime());

/** Whether the membership has ended at this instant. */
export function hasEndedAt(membership: MembershipEnd, now: Date | number): boolean {
  const end = membership.expiresAt;
  return end !== null && !(ms(now) < end.getTime());
}

/** Prisma's `where` for memberships still running at `now`. */
export function liveAt(now: Date): { OR: [{ expiresAt: null }, { expiresAt: { gt: Date } }] } {
  return { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}
