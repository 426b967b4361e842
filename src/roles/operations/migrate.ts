// "Migrate role to policy" (R-MIG-1, seed 004): a legacy role's inline permissions move into one
// policy — created from them, or an existing policy holding exactly the same grants — and the role
// then carries that policy only. Every holder's effective permissions are the same before and
// after, because the role's grants are the same set (roleGrants reads inline or policies alike).
//
// Atomic: one transaction. Idempotent and race-free: the first statement is a conditional update
// (`legacyPermissions` still equal to what was checked), so of concurrent migrations exactly one
// changes a row; the others find nothing to update and answer ALREADY_MIGRATED, changing nothing.
import { bumpAccess, holdersOfRole } from '../../authz/access-version.ts';
import type { Grant } from '../../engine/types.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation, type Db } from '../../operations/operation.ts';
import { builtInRefusal } from '../../permissions/built-in-refusal.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';
import type { GatehouseContext } from '../../context.ts';
import { grantsFromRows, MAX_GRANTS_PER_POLICY, normalizeGrants } from '../../permissions/grants.ts';
import { policyNameTaken } from '../../policies/policy-names.ts';
import { findPolicy, type PolicyView, viewPolicy } from '../../policies/policy-record.ts';
import { roleVisibility } from '../../policies/read-policies.ts';
import { policyView } from '../../policies/schema.ts';
import { migrationPreview, policyMismatch } from '../migration-preview.ts';
import { findRole, legacyGrantsOf, type RoleRecord, type RoleView, viewRole } from '../role-record.ts';
import { migrateRoleBody, roleView } from '../schema.ts';
import { roleChecks } from './role-check.ts';
import { z } from 'zod';

type MigrateInput = z.output<typeof migrateRoleBody>;

export interface MigrationResult {
  readonly role: RoleView;
  readonly policy: PolicyView;
  /** `created`: a new policy holds the former inline permissions; `existing`: the chosen one did already. */
  readonly mode: 'created' | 'existing';
}

const alreadyMigrated = () => new GatehouseError('ALREADY_MIGRATED', 'The role already carries policies; edit them instead', { rule: 'R-MIG-1' });
const unknownPolicy = (id: string) => new GatehouseError('INVALID_INPUT', `No such policy in this organisation: ${id}`, { unknownPolicies: [id] });

/** A policy stores one grant per permission: inline `own` and `scoped` grants of one permission cannot become one policy. */
function unrepresentable(grants: readonly Grant[]): GatehouseError | null {
  const permissions = grants.map((grant) => grant.permission);
  const twice = [...new Set(permissions.filter((permission, index) => permissions.indexOf(permission) !== index))];
  if (twice.length > 0) return new GatehouseError('CONFLICT', `These permissions are granted both own and scoped, which one policy cannot hold: ${twice.join(', ')}`, { permissions: twice });
  if (grants.length > MAX_GRANTS_PER_POLICY) {
    return new GatehouseError('TOO_MANY_GRANTS', `The role has ${grants.length} inline grants; a policy holds at most ${MAX_GRANTS_PER_POLICY}`, { limit: MAX_GRANTS_PER_POLICY, given: grants.length });
  }
  return null;
}

/**
 * An existing policy qualifies only if it holds exactly the role's grants: nothing missing, nothing
 * extra. Asked again inside the transaction (refuse), on the policy's rows as they are there.
 */
async function chosenPolicyMismatch(ctx: GatehouseContext, db: Db, role: RoleRecord, policyId: string, grants: readonly Grant[]): Promise<GatehouseError | null> {
  const policy = await db.permissionPolicy.findFirst({ where: { id: policyId, OR: [{ organizationId: null }, { organizationId: role.organizationId as string }] }, include: { grants: true } });
  if (!policy) return unknownPolicy(policyId);
  const mismatch = policyMismatch(ctx, grants, grantsFromRows(policy.grants));
  return mismatch
    ? new GatehouseError('POLICY_MISMATCH', `The policy ${policy.name} does not hold exactly the role's permissions: it ${mismatch.reason}`, { missing: mismatch.missing, extra: mismatch.extra })
    : null;
}

async function claimRole(tx: Db, role: RoleRecord, now: Date): Promise<void> {
  const { count } = await tx.role.updateMany({ where: { id: role.id, legacyPermissions: role.legacyPermissions, migratedAt: null }, data: { legacyPermissions: null, migratedAt: now } });
  if (count === 1) return;
  const current = await tx.role.findUnique({ where: { id: role.id }, select: { legacyPermissions: true } });
  if (!current) throw new GatehouseError('NOT_FOUND', 'No such role');
  if (current.legacyPermissions === null) throw alreadyMigrated();
  throw new GatehouseError('STATE_CHANGED', "The role's inline permissions changed meanwhile; review them and try again");
}

async function targetPolicy(tx: Db, role: RoleRecord, input: MigrateInput, grants: readonly Grant[]): Promise<{ id: string; mode: 'created' | 'existing' }> {
  if ('policyId' in input) return { id: input.policyId, mode: 'existing' };
  const policy = await tx.permissionPolicy.create({
    data: {
      name: input.policyName,
      description: input.description ?? `Migrated from the role "${role.name}"`,
      organizationId: role.organizationId as string,
      grants: { create: grants.map((grant) => ({ permission: grant.permission, condition: grant.condition ?? null })) },
    },
  });
  return { id: policy.id, mode: 'created' };
}

export const migrateRole = defineOperation({
  key: 'role.migrate',
  permission: 'role.migrate',
  label: 'Migrate to a policy',
  summary: 'Migrate a legacy role to a policy, created or existing; atomic, audited, once (R-MIG-1)',
  rules: ['R-MIG-1', 'R-PROT-1', 'R-ESC-1', 'R-ROLE-1', 'R-ROLE-2', 'R-TENANT-1', 'R-READ-1'],
  input: migrateRoleBody,
  rest: { method: 'post', path: '/roles/:id/migrate', tag: 'roles', response: z.object({ role: roleView, policy: policyView, mode: z.enum(['created', 'existing']) }), errors: [409] },
  panel: {
    resource: 'Role',
    name: 'migrate',
    kind: 'record',
    view: { component: 'MigrateRole' },
    icon: 'GitMerge',
    shownWhen: (record) => (record.facts as { legacy?: boolean } | null)?.legacy === true,
    // The roles service's own preview: the permissions that move, the holders, the policies that match exactly.
    async form({ ctx, who, id, record }) {
      const preview = await migrationPreview(ctx, who, { id });
      return {
        data: {
          preview: {
            role: { id: preview.roleId, name: String(record?.params.name ?? ''), holderCount: preview.holderCount },
            permissions: preview.permissions.map((grant) => ({ ...grant, label: ctx.catalog[grant.permission]?.label ?? grant.permission })),
            suggestedName: preview.suggestedPolicyName,
            canCreatePolicy: preview.canCreatePolicy,
            matchingPolicies: preview.matchingPolicies.map((policy) => ({ id: policy.id, name: policy.name })),
            otherPolicies: preview.otherPolicies.map((policy) => ({ id: policy.id, name: policy.name, reason: policy.reason })),
          },
        },
      };
    },
    done: (result) => {
      const { role, policy } = result as MigrationResult;
      return `${role.name} now carries the policy ${policy.name} (${policy.grants.length} permissions); its holders' access is unchanged`;
    },
  },
  audit: { targetType: 'role' },
  transaction: { maxWait: 15_000, timeout: 15_000 },
  async load(db, { id }) {
    const role = await findRole(db, id);
    const legacy = legacyGrantsOf(role);
    return { role, legacy, grants: legacy === null ? [] : normalizeGrants(legacy) };
  },
  // The new policy carries these grants, so composing it needs them (R-ESC-1); protected roles refuse (R-PROT-1).
  checks: ({ role, grants }) => roleChecks('role.migrate', role, 'migrate', { grants }).slice(1),
  async refuse({ role, legacy, grants }, { ctx, input }, db) {
    if (role.kind === 'BUILTIN' || role.organizationId === null) return builtInRefusal('role');
    if (legacy === null) return alreadyMigrated();
    return (
      unrepresentable(grants) ??
      reservedRefusal(ctx, grants) ??
      ('policyId' in input ? await chosenPolicyMismatch(ctx, db, role, input.policyId, grants) : await policyNameTaken(db, role.organizationId, input.policyName))
    );
  },
  async apply(tx, { role, grants }, { ctx, input }) {
    await claimRole(tx, role, ctx.config.now());
    const policy = await targetPolicy(tx, role, input, grants);
    // Whatever links a legacy role had were inert (inline permissions win); after migration the
    // role carries exactly the one policy, so nothing dormant wakes up.
    await tx.rolePolicy.deleteMany({ where: { roleId: role.id } });
    await tx.rolePolicy.create({ data: { roleId: role.id, policyId: policy.id } });
    // Same grants, but the cached actors were compiled from the old rows: rebuild them.
    await bumpAccess(tx, holdersOfRole(role.id));
    return policy;
  },
  auditDetails: ({ grants }, policy) => ({ policyId: policy.id, mode: policy.mode, grants: grants.length }),
  async view(policy, { ctx, who, id }): Promise<MigrationResult> {
    return {
      role: viewRole(ctx, await findRole(ctx.prisma, id)),
      policy: viewPolicy(ctx, await findPolicy(ctx.prisma, policy.id), roleVisibility(ctx, who)),
      mode: policy.mode,
    };
  },
});
