// What a panel form may offer: organisations where the actor may perform an action, and the roles
// assignable there, each judged by the engine as the service will judge it (R-ESC-1, R-UNIQ-1,
// owner-only roles). A choice the engine refuses is shown disabled with the rule, not hidden, so
// that staff understand why; the service decides again on submit anyway.
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Target } from '../engine/types.ts';
import { ancestorsOf } from '../organizations/tree.ts';
import { grantsOf, roleWithGrants } from '../users/roles.ts';
import type { FieldOption } from './operation.ts';

export interface OrganizationChoice {
  readonly id: string;
  readonly name: string;
}

/** Organisations in which the actor may perform an organisation-level action (invite into, create a policy in…). */
export function organizationsAllowing(ctx: GatehouseContext, who: Principal, permission: string): string[] {
  const ids: string[] = [];
  for (const organizationId of who.actor.organizations.keys()) {
    if (ctx.engine.decide(who.actor, permission, { kind: 'organization', organizationId }).allowed) ids.push(organizationId);
  }
  return ids;
}

/** Organisations (reached by the actor) where `permission` is allowed, with names, parents first. */
export async function organizationChoices(ctx: GatehouseContext, who: Principal, permission: string): Promise<OrganizationChoice[]> {
  const ids = organizationsAllowing(ctx, who, permission);
  if (ids.length === 0) return [];
  const rows = await ctx.prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, parentId: true }, orderBy: { name: 'asc' } });
  return rows.sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null)).map(({ id, name }) => ({ id, name }));
}

/** `organisationId|roleId` pairs: one select gives both, so the form needs no client-side logic. */
export const pairValue = (organizationId: string, roleId: string): string => `${organizationId}|${roleId}`;

export function splitPair(value: string): { organizationId: string; roleId: string } {
  const bar = value.indexOf('|');
  return { organizationId: value.slice(0, bar), roleId: value.slice(bar + 1) };
}

/**
 * Every role assignable in each organisation (built in, or the organisation's or an ancestor's own),
 * as an option the engine allows or refuses for `permission` on that organisation (or on `userTarget`).
 */
export async function roleChoices(
  ctx: GatehouseContext,
  who: Principal,
  permission: string,
  organizations: readonly OrganizationChoice[],
  targetFor?: (organizationId: string, change: NonNullable<Extract<Target, { kind: 'organization' }>['change']>) => Target,
): Promise<FieldOption[]> {
  const options: FieldOption[] = [];
  for (const organization of organizations) {
    const lineage = [organization.id, ...(await ancestorsOf(ctx.prisma, organization.id))];
    const roles = await ctx.prisma.role.findMany({
      where: { OR: [{ organizationId: null }, { organizationId: { in: lineage } }] },
      include: roleWithGrants,
      orderBy: [{ organizationId: 'asc' }, { name: 'asc' }],
    });
    const holders = await ctx.prisma.membership.findMany({ where: { organizationId: organization.id, uniqueRoleId: { not: null } }, select: { uniqueRoleId: true } });
    const taken = new Set(holders.map((row) => row.uniqueRoleId));
    for (const role of roles) {
      const change = {
        grants: grantsOf(role),
        assignsRole: { id: role.id, uniquePerOrganization: role.uniquePerOrganization, ownerOnly: role.ownerOnly },
        uniqueRoleTaken: role.uniquePerOrganization && taken.has(role.id),
      };
      const target: Target = targetFor ? targetFor(organization.id, change) : { kind: 'organization', organizationId: organization.id, change };
      const decision = ctx.engine.decide(who.actor, permission, target);
      options.push({
        value: pairValue(organization.id, role.id),
        label: role.name,
        group: organization.name,
        disabled: !decision.allowed,
        ...(decision.allowed ? {} : { note: decision.reason }),
      });
    }
  }
  return options;
}
