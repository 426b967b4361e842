// Reading policies: one by id, or the list of those the caller may see (the preset's shared
// policies and their organisations' own).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type Page, type PageInput, pageWindow } from '../permissions/paging.ts';
import { allowedForShared, organizationsAllowing } from '../permissions/scope.ts';
import { findPolicy, policyInclude, policyTarget, type PolicyView, viewPolicy } from './policy-record.ts';

/** Organisations whose roles the caller may see, to list which roles carry a policy. */
export function roleVisibility(ctx: GatehouseContext, who: Principal): Set<string> {
  return new Set(organizationsAllowing(ctx, who.actor, 'role.view', 'role'));
}

export async function getPolicy(ctx: GatehouseContext, who: Principal, input: { id: string }): Promise<PolicyView> {
  const policy = await findPolicy(ctx.prisma, input.id);
  await authorize(ctx, who, { action: 'policy.view', target: policyTarget(policy), subject: { targetType: 'policy', targetId: policy.id, organizationId: policy.organizationId } });
  return viewPolicy(ctx, policy, roleVisibility(ctx, who));
}

export interface ListPoliciesInput extends PageInput {
  /** Only this organisation's policies (plus the shared preset ones). */
  readonly organizationId?: string | undefined;
}

export async function listPolicies(ctx: GatehouseContext, who: Principal, input: ListPoliciesInput = {}): Promise<Page<PolicyView>> {
  const shared = allowedForShared(ctx, who.actor, 'policy.view', 'policy');
  let organizations = organizationsAllowing(ctx, who.actor, 'policy.view', 'policy');
  const { page, pageSize, skip } = pageWindow(input);
  // Someone with no membership at all has nothing to list; a 404 for a list would puzzle them.
  if (who.actor.organizations.size === 0 && input.organizationId === undefined) return { items: [], total: 0, page, pageSize };
  if (!shared && organizations.length === 0) {
    // Lets the engine name the rule (R-PERM-1, R-READ-1…) for a caller who may see no policy at all.
    await authorize(ctx, who, { action: 'policy.view', target: { kind: 'policy', policyId: '', organizationId: null }, subject: { targetType: 'policy' } });
  }
  if (input.organizationId !== undefined) {
    if (!organizations.includes(input.organizationId)) throw notFound('organization');
    organizations = [input.organizationId];
  }
  const where: Prisma.PermissionPolicyWhereInput = {
    OR: [...(shared ? [{ organizationId: null }] : []), { organizationId: { in: organizations } }],
  };
  const [total, rows] = await Promise.all([
    ctx.prisma.permissionPolicy.count({ where }),
    ctx.prisma.permissionPolicy.findMany({ where, include: policyInclude, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip, take: pageSize }),
  ]);
  const visible = roleVisibility(ctx, who);
  return { items: rows.map((row) => viewPolicy(ctx, row, visible)), total, page, pageSize };
}
