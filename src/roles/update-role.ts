// Edits a custom role: its name and description, its policies, or — only while it is a legacy
// role — its inline permissions (R-MIG-1: afterwards, permissions change only through policies).
// Protected roles refuse (R-PROT-1), built-in ones too (R-ROLE-1), and the resulting set of grants
// must lie within the editor's own permissions (R-ESC-1).
import { bumpAccess, holdersOfRole } from '../authz/access-version.ts';
import { authorize } from '../authz/authorize.ts';
import { serializeGrants } from '../authz/grant-codec.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { roleGrants } from '../engine/actor.ts';
import type { Grant } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { withPolicyRace } from './attachable-policies.ts';
import { auditAllowed, refuseBuiltIn } from '../permissions/audit-change.ts';
import { diffGrants, type GrantInput, parseGrantList } from '../permissions/grants.ts';
import { type AttachablePolicy, loadAttachablePolicies } from './attachable-policies.ts';
import { ensureRoleNameFree } from './role-names.ts';
import { effectiveGrantsOf, findRole, legacyGrantsOf, type RoleRecord, roleTarget, type RoleView, viewRole } from './role-record.ts';

export interface UpdateRoleInput {
  readonly id: string;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  /** The complete new list of policies (replaces the old one). Not for a legacy role: migrate it first. */
  readonly policyIds?: readonly string[] | undefined;
  /** The complete new inline permissions: only while the role is legacy. */
  readonly permissions?: readonly GrantInput[] | undefined;
}

interface GrantChange {
  readonly grants: Grant[];
  readonly policies?: AttachablePolicy[];
  readonly inline?: Grant[];
}

async function plannedGrants(ctx: GatehouseContext, role: RoleRecord, input: UpdateRoleInput): Promise<GrantChange | null> {
  const legacy = legacyGrantsOf(role);
  if (input.permissions !== undefined) {
    if (legacy === null) {
      throw new GatehouseError('ALREADY_MIGRATED', "This role's permissions come from its policies: edit those policies", { rule: 'R-MIG-1' });
    }
    const inline = parseGrantList(ctx.catalog, input.permissions);
    return { grants: roleGrants({ legacyPermissions: inline, policies: [] }), inline };
  }
  if (input.policyIds !== undefined) {
    if (legacy !== null) {
      throw new GatehouseError('LEGACY_ROLE', 'A legacy role carries inline permissions only: migrate it to a policy first', { rule: 'R-MIG-1' });
    }
    const policies = await loadAttachablePolicies(ctx.prisma, role.organizationId as string, input.policyIds);
    return { grants: roleGrants({ legacyPermissions: null, policies }), policies };
  }
  return null;
}

/**
 * The write is conditional on the role still being in the state the checks saw (legacy with the
 * same inline text, or policy-based): a migration that lands meanwhile makes it fail cleanly.
 */
async function writeRole(tx: Prisma.TransactionClient, role: RoleRecord, data: Prisma.RoleUpdateManyMutationInput, change: GrantChange | null): Promise<void> {
  // updatedAt is always written: an update with nothing else (a policy list change) would otherwise
  // match no row as far as Prisma's count tells.
  const { count } = await tx.role.updateMany({ where: { id: role.id, legacyPermissions: role.legacyPermissions }, data: { ...data, updatedAt: new Date() } });
  if (count === 1) return;
  const now = await tx.role.findUnique({ where: { id: role.id }, select: { legacyPermissions: true } });
  if (!now) throw new GatehouseError('NOT_FOUND', 'No such role');
  if (change?.inline && now.legacyPermissions === null) throw new GatehouseError('ALREADY_MIGRATED', 'The role was migrated to a policy meanwhile', { rule: 'R-MIG-1' });
  throw new GatehouseError('STATE_CHANGED');
}

export async function updateRole(ctx: GatehouseContext, who: Principal, input: UpdateRoleInput): Promise<RoleView> {
  const role = await findRole(ctx.prisma, input.id);
  const subject = { targetType: 'role', targetId: role.id, organizationId: role.organizationId, details: { operation: 'update' } } as const;
  // Tenant (404), permission and R-PROT-1 first: a protected role refuses every edit.
  await authorize(ctx, who, 'role.manage', roleTarget(role), subject);
  if (role.kind === 'BUILTIN' || role.organizationId === null) {
    await refuseBuiltIn(ctx, who, { action: 'role.manage', operation: 'update', targetType: 'role', targetId: role.id, organizationId: null });
  }
  const change = await plannedGrants(ctx, role, input);
  const diff = change ? diffGrants(change.grants, effectiveGrantsOf(role)) : { missing: [], extra: [] };
  const grantsChanged = diff.missing.length > 0 || diff.extra.length > 0;
  if (change) await authorize(ctx, who, 'role.manage', roleTarget(role, { grants: change.grants }), subject);

  const name = input.name?.trim();
  // Checked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so a transaction that fails late can roll back other requests' writes with it.
  if (name !== undefined && name !== role.name) await ensureRoleNameFree(ctx.prisma, role.organizationId as string, name, role.id);
  await withPolicyRace(ctx.prisma.$transaction(async (tx) => {
    if (name !== undefined && name !== role.name) await ensureRoleNameFree(tx, role.organizationId as string, name, role.id);
    await writeRole(
      tx,
      role,
      {
        ...(name !== undefined ? { name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(change?.inline ? { legacyPermissions: serializeGrants(change.inline) } : {}),
      },
      change,
    );
    if (change?.policies) {
      await tx.rolePolicy.deleteMany({ where: { roleId: role.id } });
      if (change.policies.length > 0) await tx.rolePolicy.createMany({ data: change.policies.map((policy) => ({ roleId: role.id, policyId: policy.id })) });
    }
    if (grantsChanged) await bumpAccess(tx, holdersOfRole(role.id));
    await auditAllowed(tx, ctx, who, {
      action: 'role.manage',
      operation: 'update',
      targetType: 'role',
      targetId: role.id,
      organizationId: role.organizationId,
      details: {
        ...(name !== undefined && name !== role.name ? { name: { from: role.name, to: name } } : {}),
        ...(input.description !== undefined ? { descriptionChanged: input.description !== role.description } : {}),
        ...(change?.policies ? { policies: change.policies.map((policy) => policy.id) } : {}),
        ...(grantsChanged ? { grantsAdded: diff.missing, grantsRemoved: diff.extra } : {}),
      },
    });
  }));
  return viewRole(ctx, await findRole(ctx.prisma, role.id));
}
