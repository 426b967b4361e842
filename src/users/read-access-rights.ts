// GET /users/:id/access-rights: the rights of one membership (R-ACC-1), for whoever may view the
// user. Changing them is the operation in operations/access-rights.ts.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type AccessRightView, rightsView } from './access-rights.ts';
import { loadTargetUser, membershipIn, ownsAnything } from './facts.ts';

export interface MembershipRightsView {
  readonly userId: string;
  readonly organizationId: string;
  readonly roleId: string;
  readonly accessRights: AccessRightView[];
}

/** GET: the rights of one membership, for whoever may view the user (seed 002: Auditors too). */
export async function getUserAccessRights(ctx: GatehouseContext, who: Principal, userId: string, organizationId: string): Promise<MembershipRightsView> {
  const user = await loadTargetUser(ctx.prisma, userId);
  const membership = membershipIn(user, organizationId);
  await authorize(ctx, who, { action: 'user.view', target: { kind: 'user', userId, organizationIds: membership ? [organizationId] : [], isOwner: ownsAnything(user) }, subject: { targetType: 'user', targetId: userId } });
  if (!membership) throw notFound('membership');
  return { userId, organizationId, roleId: membership.roleId, accessRights: rightsView(ctx, membership.role, membership.disabledRights) };
}
