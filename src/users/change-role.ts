// PUT /users/:id/role: the user's role in one organisation. Refused on oneself (R-SELF-1) and on
// the owner (R-OWNER-1); the new role's permissions must all be held by the actor (R-ESC-1); a
// unique role that is taken is a conflict (R-UNIQ-1, enforced by Membership's unique index when
// requests race); the last user manager cannot be demoted (R-LAST-1). The new role starts with
// all of its access rights on (R-ACC-1).
import { bumpAccess } from '../authz/access-version.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { loadTargetUser, membershipIn, ownsAnything } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { lastManagerIn } from './last-manager.ts';
import { userView } from './read-user.ts';
import { assignableRole, grantsOf, managesUsers, roleFacts } from './roles.ts';
import type { UserView } from './serialize.ts';
import { uniqueRoleViolation } from './unique-violations.ts';

export interface ChangeRoleInput {
  readonly organizationId: string;
  readonly roleId: string;
}

export async function changeUserRole(ctx: GatehouseContext, who: Principal, userId: string, input: ChangeRoleInput): Promise<UserView> {
  const { organizationId } = input;
  await runGuardedChange(ctx, who, {
    action: 'user.editRole',
    async load(db) {
      const user = await loadTargetUser(db, userId);
      const membership = membershipIn(user, organizationId);
      // Not a member there: as absent as an unknown user, whoever asks.
      if (!membership) throw notFound('membership');
      const role = await assignableRole(db, input.roleId, organizationId);
      const holder = role.uniquePerOrganization
        ? await db.membership.findFirst({ where: { organizationId, uniqueRoleId: role.id, userId: { not: userId } }, select: { id: true } })
        : null;
      const demotes = managesUsers(ctx, membership) && !managesUsers(ctx, { isOwner: membership.isOwner, disabledRights: '[]', role });
      const lastIn = demotes ? await lastManagerIn(ctx, db, user, [organizationId]) : [];
      return { user, membership, role, uniqueRoleTaken: holder !== null, demotes, isLastManager: lastIn.length > 0 };
    },
    checks: (facts) => [
      {
        action: 'user.editRole',
        target: {
          kind: 'user',
          userId,
          organizationIds: [organizationId],
          isOwner: ownsAnything(facts.user),
          isLastManager: facts.isLastManager,
          change: { grants: grantsOf(facts.role), assignsRole: roleFacts(facts.role), uniqueRoleTaken: facts.uniqueRoleTaken, demotesManager: facts.demotes },
        },
        subject: { targetType: 'user', targetId: userId, organizationId, details: { fromRoleId: facts.membership.roleId, toRoleId: facts.role.id } },
      },
    ],
    organizations: () => [organizationId],
    async apply(tx, { membership, role }) {
      if (membership.roleId === role.id) return;
      await tx.membership.update({
        where: { id: membership.id },
        data: { roleId: role.id, uniqueRoleId: role.uniquePerOrganization ? role.id : null, disabledRights: '[]' },
      });
      await bumpAccess(tx, { id: userId });
    },
    uniqueViolations: [uniqueRoleViolation],
  });
  return userView(ctx, ctx.prisma, who, userId);
}
