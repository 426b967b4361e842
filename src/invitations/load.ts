// Loads an invitation for an action on it. Missing ids and invitations of other organisations look
// the same to the caller (R-TENANT-1): the engine's denial answers 404 for the latter.
import type { Prisma } from '../db/client.ts';
import { notFound } from '../errors/gatehouse-error.ts';

const include = { organization: { select: { name: true } }, role: { select: { name: true } } } as const;

export async function findInvitation(db: Pick<Prisma.TransactionClient, 'invitation'>, id: string) {
  const invitation = await db.invitation.findUnique({ where: { id }, include });
  if (!invitation) throw notFound('invitation');
  return invitation;
}
