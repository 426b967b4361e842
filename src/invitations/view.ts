// What leaves the service about an invitation: never the token hash (R-SECRET-1). A PENDING row
// past its expiry is shown as EXPIRED; the row itself is closed lazily, when the e-mail is invited again.
import { z } from 'zod';
import { parseStringList } from '../authz/json-columns.ts';
import type { Prisma } from '../db/client.ts';

export const invitationStatuses = ['PENDING', 'ACCEPTED', 'REVOKED', 'EXPIRED'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const invitationView = z.object({
  id: z.string(),
  email: z.string(),
  organizationId: z.string(),
  roleId: z.string(),
  roleName: z.string().optional(),
  inviterId: z.string().nullable(),
  userId: z.string().nullable(),
  ipAllowlist: z.array(z.string()),
  disabledRights: z.array(z.string()),
  status: z.enum(invitationStatuses),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationView>;

type InvitationRow = Prisma.InvitationGetPayload<{}> & { role?: { name: string } };

export function effectiveStatus(row: Pick<InvitationRow, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return row.status === 'PENDING' && row.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : row.status;
}

export function viewInvitation(row: InvitationRow, now: Date): InvitationView {
  return {
    id: row.id,
    email: row.email,
    organizationId: row.organizationId,
    roleId: row.roleId,
    ...(row.role ? { roleName: row.role.name } : {}),
    inviterId: row.inviterId,
    userId: row.userId,
    ipAllowlist: parseStringList(row.ipAllowlist),
    disabledRights: parseStringList(row.disabledRights),
    status: effectiveStatus(row, now),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Prisma filter for an effective status, expiry included. */
export function statusWhere(status: InvitationStatus, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case 'PENDING':
      return { status: 'PENDING', expiresAt: { gt: now } };
    case 'EXPIRED':
      return { OR: [{ status: 'EXPIRED' }, { status: 'PENDING', expiresAt: { lte: now } }] };
    default:
      return { status };
  }
}
