// "Migrate role to policy" (R-MIG-1, seed 004): a legacy role's inline permissions move into one
// policy — created from them, or an existing policy holding exactly the same grants — and the role
// then carries that policy only. Every holder's effective permissions are the same before and
// after, because the role's grants are the same set (roleGrants reads inline or policies alike).
//
// Atomic: one transaction. Idempotent and race-free: the first statement is a conditional update
// (`legacyPermissions` still equal to what was checked), so of concurrent migrations exactly one
// changes a row; the others find nothing to update and answer ALREADY_MIGRATED, changing nothing.
import { bumpAccess, holdersOfRole } from '../authz/access-version.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { Grant } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { ensurePolicyNameFree } from '../policies/policy-names.ts';
import { findPolicy, type PolicyView, viewPolicy } from '../policies/policy-record.ts';
import { roleVisibility } from '../policies/read-policies.ts';
import { auditAllowed, refuseBuiltIn } from '../permissions/audit-change.ts';
import { diffGrants, grantsFromRows, MAX_GRANTS_PER_POLICY, normalizeGrants } from '../permissions/grants.ts';
import { findRole, legacyGrantsOf, type RoleRecord, roleTarget, type RoleView, viewRole } from './role-record.ts';

export type MigrateRoleInput =
  | { readonly id: string; readonly policyId: string }
  | { readonly id: string; readonly policyName: string; readonly description?: string | undefined };

export interface MigrationResult {
  readonly role: RoleView;
  readonly policy: PolicyView;
  /** `created`: a new policy holds the former inline permissions; `existing`: the chosen one did already. */
  readonly mode: 'created' | 'existing';
}

// Serialised migrations queue behind each other on SQLite; give the queue room before timing out.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

function unknownPolicy(id: string): GatehouseError {
  return new GatehouseError('INVALID_INPUT', `No such policy in this organisation: ${id}`, { unknownPolicies: [id] });
}

function alreadyMigrated(): GatehouseError {
  return new GatehouseError('ALREADY_MIGRATED', 'The role already carries policies; edit them instead', { rule: 'R-MIG-1' });
}

/** A policy stores one grant per permission: inline `own` and `scoped` grants of one permission cannot become one policy. */
function representable(grants: readonly Grant[]): void {
  const permissions = grants.map((grant) => grant.permission);
  const twice = permissions.filter((permission, index) => permissions.indexOf(permission) !== index);
  if (twice.length > 0) {
    throw new GatehouseError('CONFLICT', `These permissions are granted both own and scoped, which one policy cannot hold: ${[...new Set(twice)].join(', ')}`, {
      permissions: [...new Set(twice)],
    });
  }
  if (grants.length > MAX_GRANTS_PER_POLICY) {
    throw new GatehouseError('TOO_MANY_GRANTS', `The role has ${grants.length} inline grants; a policy holds at most ${MAX_GRANTS_PER_POLICY}`, {
      limit: MAX_GRANTS_PER_POLICY,
      given: grants.length,
    });
  }
}

/** An existing policy qualifies only if it holds exactly the role's grants: nothing missing, nothing extra. */
function requireExactMatch(wanted: readonly Grant[], policyGrants: readonly Grant[]): void {
  const { missing, extra } = diffGrants(wanted, policyGrants);
  if (missing.length > 0 || extra.length > 0) {
    throw new GatehouseError('POLICY_MISMATCH', `The policy lacks ${missing.length} and adds ${extra.length} of the role's permissions`, { missing, extra });
  }
}

async function claimRole(tx: Prisma.TransactionClient, role: RoleRecord, now: Date): Promise<void> {
  const { count } = await tx.role.updateMany({
    where: { id: role.id, legacyPermissions: role.legacyPermissions, migratedAt: null },
    data: { legacyPermissions: null, migratedAt: now },
  });
  if (count === 1) return;
  const current = await tx.role.findUnique({ where: { id: role.id }, select: { legacyPermissions: true } });
  if (!current) throw new GatehouseError('NOT_FOUND', 'No such role');
  if (current.legacyPermissions === null) throw alreadyMigrated();
  throw new GatehouseError('STATE_CHANGED', "The role's inline permissions changed meanwhile; review them and try again");
}

async function targetPolicy(tx: Prisma.TransactionClient, role: RoleRecord, input: MigrateRoleInput, grants: readonly Grant[]): Promise<{ id: string; mode: 'created' | 'existing' }> {
  const organizationId = role.organizationId as string;
  if ('policyId' in input) {
    // Read inside the transaction: a concurrent edit of the chosen policy cannot slip in between.
    const policy = await tx.permissionPolicy.findFirst({
      where: { id: input.policyId, OR: [{ organizationId: null }, { organizationId }] },
      include: { grants: true },
    });
    if (!policy) throw unknownPolicy(input.policyId);
    requireExactMatch(grants, grantsFromRows(policy.grants));
    return { id: policy.id, mode: 'existing' };
  }
  const name = input.policyName.trim();
  await ensurePolicyNameFree(tx, organizationId, name);
  const policy = await tx.permissionPolicy.create({
    data: {
      name,
      description: input.description ?? `Migrated from the role "${role.name}"`,
      organizationId,
      grants: { create: grants.map((grant) => ({ permission: grant.permission, condition: grant.condition ?? null })) },
    },
  });
  return { id: policy.id, mode: 'created' };
}

async function precheck(ctx: GatehouseContext, role: RoleRecord, input: MigrateRoleInput, grants: readonly Grant[]): Promise<void> {
  // A migration that finished since the role was read: say so, rather than "name taken".
  const current = await ctx.prisma.role.findUnique({ where: { id: role.id }, select: { legacyPermissions: true } });
  if (current?.legacyPermissions === null) throw alreadyMigrated();
  const organizationId = role.organizationId as string;
  if ('policyId' in input) {
    const policy = await ctx.prisma.permissionPolicy.findFirst({
      where: { id: input.policyId, OR: [{ organizationId: null }, { organizationId }] },
      include: { grants: true },
    });
    if (!policy) throw unknownPolicy(input.policyId);
    requireExactMatch(grants, grantsFromRows(policy.grants));
  } else {
    await ensurePolicyNameFree(ctx.prisma, organizationId, input.policyName.trim());
  }
}

export async function migrateRole(ctx: GatehouseContext, who: Principal, input: MigrateRoleInput): Promise<MigrationResult> {
  const role = await findRole(ctx.prisma, input.id);
  const legacy = legacyGrantsOf(role);
  const grants = legacy === null ? [] : normalizeGrants(legacy);
  // The new policy carries these grants, so composing it needs them (R-ESC-1); protected roles refuse (R-PROT-1).
  await authorize(ctx, who, 'role.migrate', roleTarget(role, { grants }), {
    targetType: 'role',
    targetId: role.id,
    organizationId: role.organizationId,
    details: { operation: 'migrate' },
  });
  if (role.kind === 'BUILTIN' || role.organizationId === null) {
    await refuseBuiltIn(ctx, who, { action: 'role.migrate', operation: 'migrate', targetType: 'role', targetId: role.id, organizationId: null });
  }
  if (legacy === null) throw alreadyMigrated();
  representable(grants);
  // The likely refusals are checked before the transaction too: on SQLite every query shares the
  // connection of an open transaction, so one that fails late can roll back other requests' writes.
  await precheck(ctx, role, input, grants);

  const outcome = await ctx.prisma.$transaction(async (tx) => {
    await claimRole(tx, role, ctx.config.now());
    const policy = await targetPolicy(tx, role, input, grants);
    // Whatever links a legacy role had were inert (inline permissions win); after migration the
    // role carries exactly the one policy, so nothing dormant wakes up.
    await tx.rolePolicy.deleteMany({ where: { roleId: role.id } });
    await tx.rolePolicy.create({ data: { roleId: role.id, policyId: policy.id } });
    // Same grants, but the cached actors were compiled from the old rows: rebuild them.
    await bumpAccess(tx, holdersOfRole(role.id));
    await auditAllowed(tx, ctx, who, {
      action: 'role.migrate',
      operation: 'migrate',
      targetType: 'role',
      targetId: role.id,
      organizationId: role.organizationId,
      details: { policyId: policy.id, mode: policy.mode, grants: grants.length },
    });
    return policy;
  }, TRANSACTION_OPTIONS);

  return {
    role: viewRole(ctx, await findRole(ctx.prisma, role.id)),
    policy: viewPolicy(ctx, await findPolicy(ctx.prisma, outcome.id), roleVisibility(ctx, who)),
    mode: outcome.mode,
  };
}
