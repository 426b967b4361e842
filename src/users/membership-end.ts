// R-EXP-1: a membership may carry an end (`expiresAt`). Every service that judges a membership
// outside the engine (the last-manager count, the serializer, the lists) asks these, against the
// clock of that read, exactly as the engine's `hasEnded` does: an end that has come, or one that
// cannot be read, has ended.
import type { Prisma } from '../db/client.ts';

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

/**
 * What a new end stores (R-EXP-2): the notice and the expiry event are once per end, so a new end
 * (or none) clears both markers, and the new end is told and recorded in its turn.
 */
export function accessEndData(end: Date | null): { expiresAt: Date | null; expiryNoticeSentAt: null; expiryRecordedAt: null } {
  return { expiresAt: end, expiryNoticeSentAt: null, expiryRecordedAt: null };
}

/**
 * R-UNIQ-1: a unique role held by a membership that has ended is free. The expiry sweep releases
 * the seat when it records the end (access-expiry/sweep.ts); a role change made before that
 * releases it first, in its own transaction, so the unique index does not refuse the new holder.
 */
export async function releaseEndedSeat(tx: Prisma.TransactionClient, organizationId: string, roleId: string, now: Date): Promise<void> {
  await tx.membership.updateMany({ where: { organizationId, uniqueRoleId: roleId, expiresAt: { lte: now } }, data: { uniqueRoleId: null } });
}

/** Prisma's `where` for the live holder of a unique role (an ended one does not hold it). */
export function liveSeat(organizationId: string, roleId: string, now: Date): Prisma.MembershipWhereInput {
  return { organizationId, uniqueRoleId: roleId, ...liveAt(now) };
}
