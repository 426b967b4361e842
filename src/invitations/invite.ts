// POST /invitations (R-INV-1, R-INV-2, R-ESC-1, R-UNIQ-1, R-TENANT-1, R-READ-1): the engine decides
// whether the actor may invite into the organisation with that role and those rights, then the
// invitation and its e-mail are written in one transaction and the mail is delivered after commit.
import { recordAudit } from '../audit/log.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { grantsGiven, loadAssignableRole } from './assignable-role.ts';
import { defaultInviteRoleId, disabledRightsFor } from './chosen-rights.ts';
import { mapUniqueViolation } from './errors.ts';
import { issueInvitation } from './issue.ts';
import type { InviteInput } from './schema.ts';
import { type InvitationView, viewInvitation } from './view.ts';

const ACTION = 'user.invite';

/**
 * R-INV-2 inside the transaction: the e-mail may not belong to a member of the organisation nor to
 * another live invitation there. Pending invitations past their expiry are closed first so they no
 * longer hold the e-mail; the unique index on pendingEmail settles concurrent invitations.
 */
export async function assertEmailFreeInOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
  email: string,
  now: Date,
  exceptInvitationId?: string,
): Promise<void> {
  const member = await tx.membership.findFirst({ where: { organizationId, user: { email } }, select: { id: true } });
  if (member) throw new GatehouseError('EMAIL_TAKEN', 'A user with this e-mail is already a member of the organisation');
  await tx.invitation.updateMany({
    where: { organizationId, pendingEmail: email, status: 'PENDING', expiresAt: { lte: now } },
    data: { status: 'EXPIRED', pendingEmail: null },
  });
  const pending = await tx.invitation.findFirst({
    where: { organizationId, pendingEmail: email, ...(exceptInvitationId ? { id: { not: exceptInvitationId } } : {}) },
    select: { id: true },
  });
  if (pending) throw new GatehouseError('INVITATION_PENDING');
}

export async function inviteUser(ctx: GatehouseContext, who: Principal, input: InviteInput): Promise<InvitationView> {
  const choosesRights = ctx.preset.inviteChoosesRights === true;
  if (input.accessRights !== undefined && !choosesRights) {
    throw new GatehouseError('INVALID_INPUT', 'This preset gives access through the role; accessRights is not accepted', {
      errors: [{ in: 'body', path: 'accessRights', message: 'not accepted by this preset' }],
    });
  }
  const roleId = input.roleId ?? (choosesRights ? defaultInviteRoleId(ctx.preset) : null);
  if (!roleId) throw new GatehouseError('INVALID_INPUT', 'roleId is required', { errors: [{ in: 'body', path: 'roleId', message: 'Required' }] });
  // New users start with all of their role's rights (R-ACC-1) unless the inviter chose fewer.
  const disabledRights = choosesRights && input.accessRights !== undefined ? disabledRightsFor(ctx.preset, input.accessRights) : [];

  const subject = { targetType: 'organization', targetId: input.organizationId, organizationId: input.organizationId, details: { email: input.email, roleId } };
  const role = await loadAssignableRole(ctx.prisma, input.organizationId, roleId);
  if (!role) {
    // Tenant and permission are judged first, so an outsider learns nothing about the roles here.
    await authorize(ctx, who, ACTION, { kind: 'organization', organizationId: input.organizationId }, subject);
    throw notFound('role');
  }
  const uniqueRoleTaken = role.uniquePerOrganization
    ? (await ctx.prisma.membership.count({ where: { organizationId: input.organizationId, uniqueRoleId: role.id } })) > 0
    : false;
  await authorize(
    ctx,
    who,
    ACTION,
    {
      kind: 'organization',
      organizationId: input.organizationId,
      change: { assignsRole: role, grants: grantsGiven(role, disabledRights), uniqueRoleTaken },
    },
    subject,
  );

  const now = ctx.config.now();
  let outboxMessageId: string;
  let invitationId: string;
  try {
    ({ invitationId, outboxMessageId } = await ctx.prisma.$transaction(async (tx) => {
      await assertEmailFreeInOrganization(tx, input.organizationId, input.email, now);
      const issued = await issueInvitation(tx, ctx, {
        email: input.email,
        organizationId: input.organizationId,
        roleId: role.id,
        invitedById: who.userId,
        ipAllowlist: input.ipAllowlist,
        disabledRights,
      });
      await recordAudit(tx, {
        actorId: who.userId,
        action: 'invitation.create',
        outcome: 'ALLOWED',
        ip: who.ip,
        organizationId: input.organizationId,
        targetType: 'invitation',
        targetId: issued.invitationId,
        details: { email: input.email, roleId: role.id, ipAllowlist: input.ipAllowlist ?? [], disabledRights },
        at: now,
      });
      return issued;
    }));
  } catch (error) {
    throw mapUniqueViolation(error, [['pendingEmail', 'INVITATION_PENDING']], 'INVITATION_PENDING');
  }
  await ctx.mailer.deliver([outboxMessageId]);
  const row = await ctx.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId }, include: { role: { select: { name: true } } } });
  return viewInvitation(row, now);
}
