// GET /invitations: the invitations of the organisations where the actor may view users
// (R-TENANT-1, sub-organisations included when the role reaches them), filtered in the query so
// out-of-scope rows are never loaded. Read-only roles may list (R-READ-1).
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { ListInvitationsQuery } from './schema.ts';
import { type InvitationView, statusWhere, viewInvitation } from './view.ts';

export interface InvitationPage {
  readonly items: InvitationView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export async function listInvitations(ctx: GatehouseContext, who: Principal, query: ListInvitationsQuery): Promise<InvitationPage> {
  const now = ctx.config.now();
  const visible = ctx.engine.accessibleWhere<Prisma.InvitationWhereInput>(who.actor, 'user.view', {
    tenant: (organizationIds) => ({ organizationId: { in: organizationIds } }),
    and: (parts) => ({ AND: parts }),
    resource: 'invitation',
  });
  // Prisma reads a top-level `OR: []` as "nothing" but the same nested in AND as "everything":
  // nothing visible must end here, not in the query.
  if (visible.OR.length === 0) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const where: Prisma.InvitationWhereInput = {
    AND: [
      visible,
      ...(query.organizationId ? [{ organizationId: query.organizationId }] : []),
      ...(query.status ? [statusWhere(query.status, now)] : []),
      ...(query.email ? [{ email: { contains: query.email } }] : []),
    ],
  };
  const [total, rows] = await Promise.all([
    ctx.prisma.invitation.count({ where }),
    ctx.prisma.invitation.findMany({
      where,
      include: { role: { select: { name: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map((row) => viewInvitation(row, now)), total, page: query.page, pageSize: query.pageSize };
}
