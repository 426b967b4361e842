// R-INV-2 inside a transaction: an e-mail may not belong to a member of the organisation nor to
// another live invitation there.
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

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
