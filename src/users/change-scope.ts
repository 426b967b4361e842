// PUT /users/:id/scope: limit one membership to named resource instances, or lift the limit
// (R-SCOPE-1; seed 000: a Technical user limited to chosen products). Refused on oneself
// (R-SELF-1) and on the owner (R-OWNER-1). Widening a scope extends the role's `scoped` grants to
// more instances, so the actor must hold those permissions (R-ESC-1).
import { bumpAccess } from '../authz/access-version.ts';
import { parseScope } from '../authz/json-columns.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { ResourceScope } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { loadTargetUser, membershipIn, ownsAnything } from './facts.ts';
import { runGuardedChange } from './guarded-change.ts';
import { grantsOf } from './roles.ts';

export interface ScopeInput {
  readonly organizationId: string;
  /** `{ product: ['12', '40'] }`; null lifts every limit. */
  readonly scope: ResourceScope | null;
}

export interface MembershipScopeView {
  readonly userId: string;
  readonly organizationId: string;
  readonly scope: ResourceScope | null;
}

export async function setUserScope(ctx: GatehouseContext, who: Principal, userId: string, input: ScopeInput): Promise<MembershipScopeView> {
  const { organizationId } = input;
  const scope = await runGuardedChange(ctx, who, {
    action: 'user.editScope',
    async load(db) {
      const user = await loadTargetUser(db, userId);
      const membership = membershipIn(user, organizationId);
      if (!membership) throw notFound('membership');
      return { user, membership };
    },
    checks: ({ user, membership }) => [
      {
        action: 'user.editScope',
        target: {
          kind: 'user',
          userId,
          organizationIds: [organizationId],
          isOwner: ownsAnything(user),
          change: { grants: grantsOf(membership.role).filter((grant) => grant.condition === 'scoped') },
        },
        subject: { targetType: 'user', targetId: userId, organizationId, details: { scope: input.scope } },
      },
    ],
    organizations: () => [organizationId],
    async apply(tx, { membership }) {
      const stored = input.scope === null ? null : JSON.stringify(input.scope);
      await tx.membership.update({ where: { id: membership.id }, data: { scope: stored } });
      await bumpAccess(tx, { id: userId });
      return parseScope(stored) as ResourceScope | null;
    },
  });
  return { userId, organizationId, scope };
}
