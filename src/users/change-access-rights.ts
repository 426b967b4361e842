// PUT /users/:id/access-rights: within the rights the user's role allows in one organisation,
// switch bundles on and off (R-ACC-1). Refused on oneself (R-SELF-1) and on the owner (R-OWNER-1);
// switching a right on grants it, so the actor must hold it (R-ESC-1); switching user management
// off the last user manager is a demotion (R-LAST-1).
import { bumpAccess } from '../authz/access-version.ts';
import { authorize } from '../authz/authorize.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type AccessRightView, disabledRightsForRole, grantsSwitchedOn, rightsView } from './access-rights.ts';
import { loadTargetUser, membershipIn, ownsAnything } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { lastManagerIn } from './last-manager.ts';
import { managesUsers } from './roles.ts';

export interface AccessRightsInput {
  readonly organizationId: string;
  /** The bundles to keep on; every other bundle the role allows is switched off. */
  readonly accessRights: readonly string[];
}

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
  await authorize(ctx, who, 'user.view', { kind: 'user', userId, organizationIds: membership ? [organizationId] : [], isOwner: ownsAnything(user) }, { targetType: 'user', targetId: userId });
  if (!membership) throw notFound('membership');
  return { userId, organizationId, roleId: membership.roleId, accessRights: rightsView(ctx, membership.role, membership.disabledRights) };
}

export async function setUserAccessRights(ctx: GatehouseContext, who: Principal, userId: string, input: AccessRightsInput): Promise<MembershipRightsView> {
  const { organizationId } = input;
  const result = await runGuardedChange(ctx, who, {
    action: 'user.editAccessRights',
    async load(db) {
      const user = await loadTargetUser(db, userId);
      const membership = membershipIn(user, organizationId);
      if (!membership) throw notFound('membership');
      const before = parseStringList(membership.disabledRights);
      const after = disabledRightsForRole(ctx, membership.role, input.accessRights);
      const demotes = managesUsers(ctx, membership) && !managesUsers(ctx, { ...membership, disabledRights: JSON.stringify(after) });
      const lastIn = demotes ? await lastManagerIn(ctx, db, user, [organizationId]) : [];
      return { user, membership, before, after, demotes, isLastManager: lastIn.length > 0 };
    },
    checks: (facts) => [
      {
        action: 'user.editAccessRights',
        target: {
          kind: 'user',
          userId,
          organizationIds: [organizationId],
          isOwner: ownsAnything(facts.user),
          isLastManager: facts.isLastManager,
          change: { grants: grantsSwitchedOn(facts.membership.role, facts.before, facts.after), demotesManager: facts.demotes },
        },
        subject: { targetType: 'user', targetId: userId, organizationId, details: { accessRights: [...input.accessRights] } },
      },
    ],
    organizations: () => [organizationId],
    async apply(tx, { membership, after }) {
      const stored = JSON.stringify(after);
      await tx.membership.update({ where: { id: membership.id }, data: { disabledRights: stored } });
      await bumpAccess(tx, { id: userId });
      return { roleId: membership.roleId, accessRights: rightsView(ctx, membership.role, stored) };
    },
  });
  return { userId, organizationId, ...result };
}
