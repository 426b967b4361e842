// Notices to an organisation (seed 002: "notifications … are emailed to the Compliance Officer. An
// alternative Organisation Email can be nominated"). A notice goes to the organisation's
// notification address when it has one; otherwise to the holders of its unique roles (the
// Compliance Officer); an organisation with neither hears through its owner (R-NOTIFY-1).
// Notices are written to the outbox with the change that causes them, so a change rolled back
// sends nothing, and are delivered after commit like every other message.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { liveAt } from '../users/membership-end.ts';

type Db = Prisma.TransactionClient;

/** What a notice says; the organisation's name is added by the sender. */
export interface OrganizationNotice {
  readonly subject: string;
  readonly text: string;
}

/** The organisation's name and where its notices go (lower-cased, without repeats); null when it does not exist. */
async function noticeRecipients(db: Db, organizationId: string, now: Date): Promise<{ name: string; to: string[] } | null> {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { name: true, notificationEmail: true } });
  if (!organization) return null;
  if (organization.notificationEmail) return { name: organization.name, to: [organization.notificationEmail] };
  const holders = await db.membership.findMany({
    // A holder whose membership has ended holds nothing there any more (R-EXP-1).
    where: { organizationId, OR: [{ uniqueRoleId: { not: null } }, { isOwner: true }], user: { status: 'ACTIVE' }, AND: [liveAt(now)] },
    select: { isOwner: true, uniqueRoleId: true, user: { select: { email: true } } },
  });
  const uniqueRoleHolders = holders.filter((holder) => holder.uniqueRoleId !== null);
  const chosen = uniqueRoleHolders.length > 0 ? uniqueRoleHolders : holders.filter((holder) => holder.isOwner === true);
  return { name: organization.name, to: [...new Set(chosen.map((holder) => holder.user.email))] };
}

/** Writes the notice to each organisation's recipients with the caller's transaction; returns the outbox ids for `deliver`. */
export async function enqueueNotices(ctx: GatehouseContext, db: Db, organizationIds: readonly string[], notice: OrganizationNotice): Promise<string[]> {
  const ids: string[] = [];
  for (const organizationId of new Set(organizationIds)) {
    const organization = await noticeRecipients(db, organizationId, ctx.config.now());
    if (!organization) continue;
    for (const to of organization.to) {
      ids.push(
        await ctx.mailer.enqueue(db, {
          to,
          kind: 'organization-notice',
          secrets: [],
          tokenId: null,
          subject: `${ctx.config.productName} · ${organization.name}: ${notice.subject}`,
          text: [`${notice.text}`, '', `You receive this as the contact for ${organization.name} in ${ctx.config.productName}.`].join('\n'),
        }),
      );
    }
  }
  return ids;
}

/** A notice that is not part of a larger change (the host's own, an automatic lock): written and delivered at once. */
export async function sendNotices(ctx: GatehouseContext, organizationIds: readonly string[], notice: OrganizationNotice): Promise<number> {
  const ids = await ctx.prisma.$transaction((tx) => enqueueNotices(ctx, tx, organizationIds, notice));
  await ctx.mailer.deliver(ids);
  return ids.length;
}

interface NoticeUser {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

const who = (user: NoticeUser): string => `${user.firstName} ${user.lastName} (${user.email})`;

export const userNotices = {
  lockedByAdministrator: (user: NoticeUser): OrganizationNotice => ({
    subject: `${user.firstName} ${user.lastName} was locked`,
    text: `${who(user)} was locked by an administrator and cannot sign in until someone unlocks the account.`,
  }),
  lockedByFailedAttempts: (user: NoticeUser): OrganizationNotice => ({
    subject: `${user.firstName} ${user.lastName} was locked after failed sign-ins`,
    text: `${who(user)} was locked after too many failed sign-in attempts. The lock ends by itself, or an administrator can unlock the account.`,
  }),
  disabled: (user: NoticeUser): OrganizationNotice => ({
    subject: `${user.firstName} ${user.lastName} was disabled`,
    text: `${who(user)} was disabled and cannot sign in until an administrator enables the account again.`,
  }),
  invitationAccepted: (user: NoticeUser, roleName: string): OrganizationNotice => ({
    subject: `${user.firstName} ${user.lastName} accepted an invitation`,
    text: `${who(user)} accepted an invitation and is now a member, with the role ${roleName}.`,
  }),
};

/** After an automatic lock (failed attempts): the user's organisations are told. */
export async function noticeAutomaticLock(ctx: GatehouseContext, userId: string): Promise<void> {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { firstName: true, lastName: true, email: true, memberships: { select: { organizationId: true } } } });
  if (!user) return;
  await sendNotices(ctx, user.memberships.map((membership) => membership.organizationId), userNotices.lockedByFailedAttempts(user));
}
