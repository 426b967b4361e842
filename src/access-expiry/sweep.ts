// R-EXP-2: what happens around a membership's end besides the end itself (which the engine judges
// from the clock at every request, R-EXP-1, and needs nothing from here):
// - the notice: once per end, `noticeDays` before it, to the organisation (R-NOTIFY-1's recipients);
// - the expiry event: once per end, written to the audit trail the first time Gatehouse looks after
//   the end has come; it also frees the seat of a unique role (R-UNIQ-1) for the next holder.
//
// Several instances may sweep at once, and nothing here may happen twice. Each membership is
// claimed by one conditional UPDATE — `… WHERE id = ? AND expiresAt = <the end judged> AND
// <marker> IS NULL` — inside the transaction that writes the notice to the outbox or the event to
// the trail: the database lets exactly one UPDATE change the row (PostgreSQL re-checks the WHERE
// after waiting for the other's row lock; SQLite has one writer), so exactly one instance writes,
// and if its transaction rolls back the marker stays NULL and the next sweep tries again.
// Matching the end as well means an extension made between the read and the claim (which clears
// both markers, R-EXP-3) is never marked as told or recorded for the old end.
import { recordAudit } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import { enqueueNotices } from '../organizations/notices.ts';
import { accessEndingNotice } from './messages.ts';

/** At most this many memberships per pass and kind; a later pass takes the rest. */
const BATCH = 100;

export const ACCESS_ENDED_ACTION = 'user.accessEnded';

export interface SweepResult {
  /** Notices written to the outbox by this pass. */
  readonly noticed: number;
  /** Expiry events written to the audit trail by this pass. */
  readonly recorded: number;
}

export interface SweepScope {
  /** Only this user's memberships: the sign-in of a user whose access has ended records it at once. */
  readonly userId?: string;
}

/** A membership whose end has come and is not yet in the audit trail. */
export interface EndedMembership {
  readonly id: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly roleId: string;
  readonly expiresAt: Date;
}

/** A membership that ends within `noticeDays` and whose organisation has not been told. */
export interface EndingMembership {
  readonly id: string;
  readonly organizationId: string;
  readonly expiresAt: Date;
  readonly roleName: string;
  readonly member: { readonly firstName: string; readonly lastName: string; readonly email: string };
}

/** The ends that have come and are not yet recorded; only read, nothing claimed. */
export async function endedMemberships(ctx: GatehouseContext, scope: SweepScope = {}): Promise<EndedMembership[]> {
  const rows = await ctx.prisma.membership.findMany({
    where: { expiresAt: { lte: ctx.config.now() }, expiryRecordedAt: null, ...(scope.userId ? { userId: scope.userId } : {}) },
    select: { id: true, userId: true, organizationId: true, roleId: true, expiresAt: true },
    orderBy: { expiresAt: 'asc' },
    take: BATCH,
  });
  return rows.flatMap((row) => (row.expiresAt ? [{ ...row, expiresAt: row.expiresAt }] : []));
}

/** Claims one end and writes its event, in one transaction; false when another pass (or instance) had it. */
export async function recordEnd(ctx: GatehouseContext, membership: EndedMembership): Promise<boolean> {
  const now = ctx.config.now();
  return ctx.prisma.$transaction(async (tx) => {
    const claimed = await tx.membership.updateMany({
      where: { id: membership.id, expiresAt: membership.expiresAt, expiryRecordedAt: null },
      // An ended membership holds no unique role (R-UNIQ-1): the next holder may be named.
      data: { expiryRecordedAt: now, uniqueRoleId: null },
    });
    if (claimed.count !== 1) return false;
    await recordAudit(tx, {
      actorId: null,
      action: ACCESS_ENDED_ACTION,
      outcome: 'ALLOWED',
      organizationId: membership.organizationId,
      targetType: 'user',
      targetId: membership.userId,
      details: { organizationId: membership.organizationId, roleId: membership.roleId, expiresAt: membership.expiresAt.toISOString() },
      at: now,
    });
    return true;
  });
}

/** Records every end that has come and is not yet in the audit trail; returns how many this pass wrote. */
export async function recordEndedAccess(ctx: GatehouseContext, scope: SweepScope = {}): Promise<number> {
  let recorded = 0;
  for (const membership of await endedMemberships(ctx, scope)) if (await recordEnd(ctx, membership)) recorded += 1;
  return recorded;
}

/** The memberships to tell their organisation about; only read, nothing claimed. */
export async function endingMemberships(ctx: GatehouseContext): Promise<EndingMembership[]> {
  const { noticeMs } = ctx.config.accessExpiry;
  if (noticeMs <= 0) return [];
  const now = ctx.config.now();
  const rows = await ctx.prisma.membership.findMany({
    where: { expiresAt: { gt: now, lte: new Date(now.getTime() + noticeMs) }, expiryNoticeSentAt: null, user: { status: { not: 'INVITED' } } },
    select: { id: true, organizationId: true, expiresAt: true, role: { select: { name: true } }, user: { select: { firstName: true, lastName: true, email: true } } },
    orderBy: { expiresAt: 'asc' },
    take: BATCH,
  });
  return rows.flatMap((row) => (row.expiresAt ? [{ id: row.id, organizationId: row.organizationId, expiresAt: row.expiresAt, roleName: row.role.name, member: row.user }] : []));
}

/** Claims one notice and writes it to the outbox, in one transaction; the outbox ids, none when another had it. */
export async function writeNotice(ctx: GatehouseContext, membership: EndingMembership): Promise<string[]> {
  const now = ctx.config.now();
  return ctx.prisma.$transaction(async (tx) => {
    const claimed = await tx.membership.updateMany({ where: { id: membership.id, expiresAt: membership.expiresAt, expiryNoticeSentAt: null }, data: { expiryNoticeSentAt: now } });
    if (claimed.count !== 1) return [];
    return enqueueNotices(ctx, tx, [membership.organizationId], accessEndingNotice(membership.member, membership.roleName, membership.expiresAt, now));
  });
}

/** Tells each organisation, once per end, of the memberships that end within `noticeDays`; returns the messages written. */
export async function sendEndingNotices(ctx: GatehouseContext): Promise<number> {
  const outbox: string[] = [];
  for (const membership of await endingMemberships(ctx)) outbox.push(...(await writeNotice(ctx, membership)));
  await ctx.mailer.deliver(outbox);
  return outbox.length;
}

/** One pass of both: the timer's work, and callable on its own (tests, an operator's job). */
export async function sweepAccessExpiry(ctx: GatehouseContext): Promise<SweepResult> {
  const recorded = await recordEndedAccess(ctx);
  const noticed = await sendEndingNotices(ctx);
  return { noticed, recorded };
}
