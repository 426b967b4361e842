// Editing a policy's name, description or grants. A grant change reaches every holder of every role
// carrying the policy at their next request (R-POL-1): their accessVersion is bumped in the same
// transaction. The whole new set must be within the editor's own permissions, not only what is added (R-ESC-1).
import { bumpAccess, holdersOfPolicy } from '../../authz/access-version.ts';
import { defineOperation } from '../../operations/operation.ts';
import { builtInRefusal } from '../../permissions/built-in-refusal.ts';
import { diffGrants, parsePolicyGrants } from '../../permissions/grants.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';
import type { Check } from '../../authz/authorize.ts';
import type { GatehouseContext } from '../../context.ts';
import type { Grant } from '../../engine/index.ts';
import type { GatehouseError } from '../../errors/gatehouse-error.ts';
import { stalePolicyPreview } from '../impact.ts';
import { policyNameTaken } from '../policy-names.ts';
import { findPolicy, isPresetPolicy, policyGrantsOf, policyTarget, type PolicyView, viewPolicy } from '../policy-record.ts';
import { roleVisibility } from '../read-policies.ts';
import { policyView, updatePolicyBody } from '../schema.ts';
import { pickerData } from './picker.ts';

type StoredPolicy = Awaited<ReturnType<typeof findPolicy>>;

/** Editing a policy, or previewing an edit, asks the engine the same question (R-ESC-1 on the whole new set). */
export function editChecks(policy: StoredPolicy, grants: readonly Grant[] | undefined, operation: 'update' | 'previewUpdate'): Check[] {
  return [
    {
      action: 'policy.manage',
      target: policyTarget(policy, grants ? { grants } : undefined),
      subject: { targetType: 'policy', targetId: policy.id, organizationId: policy.organizationId, details: { operation } },
    },
  ];
}

/** What no edit of a policy may do, whoever asks: touch a preset's policy, or grant a reserved permission (R-ROLE-2). */
export function editRefusal(ctx: GatehouseContext, policy: StoredPolicy, grants: readonly Grant[] | undefined): GatehouseError | null {
  if (isPresetPolicy(policy)) return builtInRefusal('policy');
  return grants ? reservedRefusal(ctx, grants) : null;
}

export const updatePolicy = defineOperation({
  key: 'policy.update',
  permission: 'policy.manage',
  label: 'Edit policy',
  summary: "Edit a policy's name, description or grants; every holder of a role carrying it gets the change at their next request (R-POL-1, R-ESC-1)",
  rules: ['R-POL-1', 'R-POL-2', 'R-ESC-1', 'R-ROLE-1', 'R-ROLE-2', 'R-TENANT-1', 'R-READ-1'],
  input: updatePolicyBody,
  rest: { method: 'patch', path: '/policies/:id', tag: 'policies', response: policyView, errors: [409] },
  panel: {
    resource: 'PermissionPolicy',
    name: 'edit',
    kind: 'record',
    view: { component: 'PermissionPicker' },
    icon: 'Edit',
    async form({ ctx, who, id }) {
      const policy = viewPolicy(ctx, await findPolicy(ctx.prisma, id), roleVisibility(ctx, who));
      return {
        data: pickerData(ctx, who, [], { organizationId: policy.organizationId, name: policy.name, description: policy.description, grants: policy.grants }, { holders: policy.roles.map((role) => role.name) }),
      };
    },
    done: (policy) => `Policy ${(policy as PolicyView).name} is saved; its ${(policy as PolicyView).roles.length} role(s) get the change at their holders' next request`,
  },
  audit: { action: 'policy.manage', targetType: 'policy' },
  async load(db, { ctx, id, input }) {
    return { policy: await findPolicy(db, id), grants: input.grants === undefined ? undefined : parsePolicyGrants(ctx.catalog, input.grants) };
  },
  checks: ({ policy, grants }) => editChecks(policy, grants, 'update'),
  async refuse({ policy, grants }, { ctx, input }, db) {
    const refused = editRefusal(ctx, policy, grants);
    if (refused) return refused;
    if (grants && input.previewVersion !== undefined) {
      const stale = await stalePolicyPreview(ctx, db, policy.id, input.previewVersion);
      if (stale) return stale;
    }
    return input.name !== undefined && input.name !== policy.name ? policyNameTaken(db, policy.organizationId as string, input.name, policy.id) : null;
  },
  async apply(tx, { policy, grants }, { input }) {
    const diff = grants ? diffGrants(grants, policyGrantsOf(policy)) : { missing: [], extra: [] };
    const grantsChanged = diff.missing.length > 0 || diff.extra.length > 0;
    await tx.permissionPolicy.update({
      where: { id: policy.id },
      data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) },
    });
    if (grants && grantsChanged) {
      await tx.policyGrant.deleteMany({ where: { policyId: policy.id } });
      await tx.policyGrant.createMany({ data: grants.map((grant) => ({ policyId: policy.id, permission: grant.permission, condition: grant.condition ?? null })) });
      await bumpAccess(tx, holdersOfPolicy(policy.id));
    }
    return { diff, grantsChanged };
  },
  auditDetails: ({ policy }, { diff, grantsChanged }, { input }) => ({
    ...(input.name !== undefined && input.name !== policy.name ? { name: { from: policy.name, to: input.name } } : {}),
    ...(input.description !== undefined ? { descriptionChanged: input.description !== policy.description } : {}),
    ...(grantsChanged ? { grantsAdded: diff.missing, grantsRemoved: diff.extra } : {}),
  }),
  async view(_result, { ctx, who, id }): Promise<PolicyView> {
    return viewPolicy(ctx, await findPolicy(ctx.prisma, id), roleVisibility(ctx, who));
  },
});
