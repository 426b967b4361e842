// What a user may effectively do in each organisation, exactly as the engine compiled it: the
// role's grants minus the rights switched off for them (R-ACC-1), narrowed by their scope
// (R-SCOPE-1), reaching sub-organisations when the role does. Only organisations the caller may
// see users in are shown; a user the caller may not see at all is a 404 (R-TENANT-1).
import { authorize } from '../authz/authorize.ts';
import { parseScope } from '../authz/json-columns.ts';
import { actorFor } from '../authz/principal-loader.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { HeldPermission, ResourceScope } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';

export interface EffectivePermission {
  readonly permission: string;
  readonly label: string;
  /** Held on every record of the organisation. */
  readonly unconditional: boolean;
  /** Held on the records the user owns. */
  readonly own: boolean;
  /** Held on the instances listed in `instances`. */
  readonly scoped: boolean;
  readonly instances: Record<string, string[]> | null;
}

export interface OrganizationPermissions {
  readonly organizationId: string;
  readonly organizationName: string;
  /** The membership held here; null when reached through a parent organisation's role. */
  readonly role: { id: string; key: string; name: string } | null;
  readonly isOwner: boolean;
  readonly readOnly: boolean;
  readonly scope: ResourceScope | null;
  readonly permissions: EffectivePermission[];
  /** Permissions the role gives but that are switched off for this user (R-ACC-1). */
  readonly switchedOff: string[];
}

export interface EffectivePermissions {
  readonly userId: string;
  readonly organizations: OrganizationPermissions[];
}

function instancesOf(held: HeldPermission): Record<string, string[]> | null {
  if (!held.scoped || held.scopeIds === undefined) return null;
  return Object.fromEntries([...held.scopeIds].map(([resource, ids]) => [resource, [...ids].sort()]));
}

/**
 * The user, once the caller may see them (user.view, R-TENANT-1; 404 otherwise), and the engine
 * target for them in given organisations, to narrow what is shown to where the caller sees them.
 */
export async function authorizeViewOfUser(ctx: GatehouseContext, who: Principal, userId: string) {
  const user = await ctx.prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      accessVersion: true,
      memberships: { select: { organizationId: true, isOwner: true, scope: true, role: { select: { id: true, key: true, name: true } } } },
    },
  });
  if (!user) throw notFound('user');
  const isOwner = user.memberships.some((membership) => membership.isOwner === true);
  const userTarget = (organizationIds: readonly string[]) => ({ kind: 'user', userId: user.id, organizationIds, isOwner }) as const;
  await authorize(ctx, who, { action: 'user.view', target: userTarget(user.memberships.map((membership) => membership.organizationId)), subject: { targetType: 'user', targetId: user.id } });
  return { user, userTarget };
}

export async function effectivePermissionsOf(ctx: GatehouseContext, who: Principal, input: { userId: string }): Promise<EffectivePermissions> {
  const { user, userTarget } = await authorizeViewOfUser(ctx, who, input.userId);

  // The same compiled actor the user's own requests are decided with (cached by accessVersion).
  const actor = await actorFor(ctx, user.id, user.accessVersion);
  const visible = [...actor.organizations.keys()].filter((organizationId) => ctx.engine.decide(who.actor, 'user.view', userTarget([organizationId])).allowed);
  const names = new Map(
    (await ctx.prisma.organization.findMany({ where: { id: { in: visible } }, select: { id: true, name: true } })).map((row) => [row.id, row.name]),
  );
  const order = Object.keys(ctx.catalog);
  const organizations = visible.map((organizationId): OrganizationPermissions => {
    const access = actor.organizations.get(organizationId);
    const membership = user.memberships.find((candidate) => candidate.organizationId === organizationId);
    const held = access?.held ?? new Map<string, HeldPermission>();
    return {
      organizationId,
      organizationName: names.get(organizationId) ?? '',
      role: membership ? membership.role : null,
      isOwner: access?.isOwner ?? false,
      readOnly: access?.readOnly ?? false,
      scope: membership ? parseScope(membership.scope) : null,
      permissions: order
        .filter((permission) => held.has(permission))
        .map((permission) => {
          const hold = held.get(permission) as HeldPermission;
          return {
            permission,
            label: ctx.catalog[permission]?.label ?? permission,
            unconditional: hold.unconditional,
            own: hold.own,
            scoped: hold.scoped,
            instances: instancesOf(hold),
          };
        }),
      switchedOff: order.filter((permission) => access?.switchedOff.has(permission) === true),
    };
  });
  organizations.sort((a, b) => a.organizationName.localeCompare(b.organizationName) || a.organizationId.localeCompare(b.organizationId));
  return { userId: user.id, organizations };
}
