// Loads an invitation for an action on it. Missing ids and invitations of other organisations look
// the same to the caller (R-TENANT-1): authorize() answers 404 for the latter.
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';

export async function loadInvitation(ctx: GatehouseContext, id: string) {
  const invitation = await ctx.prisma.invitation.findUnique({ where: { id }, include: { organization: { select: { name: true } }, role: { select: { name: true } } } });
  if (!invitation) throw notFound('invitation');
  return invitation;
}
