// The member's view of an organisation's roles (R-ROLE-3, seed 001: "The Account Security section
// displays all available roles and highlights which ones are currently assigned to the user for
// the selected account"): every member sees the roles of an organisation they belong to — names,
// descriptions, what each permits in words — and which one they hold, without role.view. It shows
// less than the administrators' GET /roles (no keys, flags, policies or holder counts) and only of
// one organisation the engine says they count in; any other answers 404 (R-TENANT-1).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { reservedElsewhere } from '../engine/contribution.ts';
import { sortGrants } from '../permissions/grants.ts';
import { reservedPermissionsOf } from '../presets/define.ts';
import { effectiveGrantsOf, roleInclude } from './role-record.ts';

export interface MemberPermissionView {
  readonly permission: string;
  readonly condition: 'own' | 'scoped' | null;
  /** The catalog's words for it (the key when the catalog has no label). */
  readonly label: string;
}

export interface MemberRoleView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  /** What a holder of the role gets (before the per-user switches and scope of R-ACC-1 / R-SCOPE-1). */
  readonly permissions: MemberPermissionView[];
  /** The caller holds this role in the organisation. */
  readonly held: boolean;
}

export interface MemberRoles {
  readonly organizationId: string;
  readonly items: MemberRoleView[];
}

export async function memberRoles(ctx: GatehouseContext, who: Principal, input: { organizationId: string }): Promise<MemberRoles> {
  const { organizationId } = input;
  await authorize(ctx, who, {
    action: 'role.view',
    target: { kind: 'role', roleId: '', organizationId, protected: false, asMember: true },
    subject: { targetType: 'organization', organizationId },
  });
  const [rows, membership] = await Promise.all([
    // Built-in roles first (kind BUILTIN sorts before CUSTOM), then by name, as GET /roles lists them.
    ctx.prisma.role.findMany({
      where: { OR: [{ organizationId: null }, { organizationId }] },
      include: roleInclude,
      orderBy: [{ kind: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    }),
    ctx.prisma.membership.findUnique({ where: { userId_organizationId: { userId: who.userId, organizationId } }, select: { roleId: true } }),
  ]);
  const reserved = reservedPermissionsOf(ctx.preset);
  return {
    organizationId,
    items: rows.map((role) => ({
      id: role.id,
      name: role.name,
      description: role.description,
      builtIn: role.kind === 'BUILTIN',
      // What the engine counts: a grant reserved to other roles (R-ROLE-2) permits nothing, so it is not shown.
      permissions: sortGrants(ctx.catalog, effectiveGrantsOf(role))
        .filter((grant) => !reservedElsewhere(reserved, grant.permission, role.key))
        .map((grant) => ({ permission: grant.permission, condition: grant.condition ?? null, label: ctx.catalog[grant.permission]?.label ?? grant.permission })),
      held: membership?.roleId === role.id,
    })),
  };
}
