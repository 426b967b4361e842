// Reading roles: one by id, or the list of those in scope — the built-in roles every organisation
// sees and the custom roles of the organisations where the caller may view roles.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type Page, type PageInput, pageWindow } from '../permissions/paging.ts';
import { allowedForShared, organizationsAllowing } from '../permissions/scope.ts';
import { findRole, roleInclude, roleTarget, type RoleView, viewRole } from './role-record.ts';

export async function getRole(ctx: GatehouseContext, who: Principal, input: { id: string }): Promise<RoleView> {
  const role = await findRole(ctx.prisma, input.id);
  await authorize(ctx, who, { action: 'role.view', target: roleTarget(role), subject: { targetType: 'role', targetId: role.id, organizationId: role.organizationId } });
  return viewRole(ctx, role);
}

export interface ListRolesInput extends PageInput {
  /** Only this organisation's custom roles (plus the built-in ones). */
  readonly organizationId?: string | undefined;
}

export async function listRoles(ctx: GatehouseContext, who: Principal, input: ListRolesInput = {}): Promise<Page<RoleView>> {
  const builtIn = allowedForShared(ctx, who.actor, 'role.view', 'role');
  let organizations = organizationsAllowing(ctx, who.actor, 'role.view', 'role');
  const { page, pageSize, skip } = pageWindow(input);
  // Someone with no membership at all has nothing to list; a 404 for a list would puzzle them.
  if (who.actor.organizations.size === 0 && input.organizationId === undefined) return { items: [], total: 0, page, pageSize };
  if (!builtIn && organizations.length === 0) {
    // Lets the engine name the rule for a caller who may see no role at all.
    await authorize(ctx, who, { action: 'role.view', target: { kind: 'role', roleId: '', organizationId: null, protected: false }, subject: { targetType: 'role' } });
  }
  if (input.organizationId !== undefined) {
    if (!organizations.includes(input.organizationId)) throw notFound('organization');
    organizations = [input.organizationId];
  }
  const where: Prisma.RoleWhereInput = {
    OR: [...(builtIn ? [{ organizationId: null }] : []), { organizationId: { in: organizations } }],
  };
  const [total, rows] = await Promise.all([
    ctx.prisma.role.count({ where }),
    // Built-in roles first (kind BUILTIN sorts before CUSTOM), then by name.
    ctx.prisma.role.findMany({ where, include: roleInclude, orderBy: [{ kind: 'asc' }, { name: 'asc' }, { id: 'asc' }], skip, take: pageSize }),
  ]);
  return { items: rows.map((row) => viewRole(ctx, row)), total, page, pageSize };
}
