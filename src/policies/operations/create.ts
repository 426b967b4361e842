// An organisation's own permission policy: a named set of at most 100 grants (R-POL-1), none of
// which the creator lacks (R-ESC-1).
import type { Grant } from '../../engine/types.ts';
import { organizationChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { parsePolicyGrants } from '../../permissions/grants.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';
import { policyNameTaken } from '../policy-names.ts';
import { findPolicy, type PolicyView, viewPolicy } from '../policy-record.ts';
import { roleVisibility } from '../read-policies.ts';
import { createPolicyBody, policyView } from '../schema.ts';
import { pickerData } from './picker.ts';

export const createPolicy = defineOperation({
  key: 'policy.create',
  permission: 'policy.manage',
  label: 'New policy',
  summary: 'Create a permission policy in an organisation: at most 100 grants, each within your own permissions (R-POL-1, R-ESC-1)',
  rules: ['R-POL-1', 'R-ROLE-2', 'R-ESC-1', 'R-TENANT-1', 'R-READ-1'],
  input: createPolicyBody,
  rest: { method: 'post', path: '/policies', status: 201, tag: 'policies', response: policyView, errors: [409] },
  panel: {
    resource: 'PermissionPolicy',
    name: 'new',
    kind: 'resource',
    view: { component: 'PermissionPicker' },
    icon: 'Plus',
    async form({ ctx, who }) {
      const organizations = await organizationChoices(ctx, who, 'policy.manage');
      return { data: pickerData(ctx, who, organizations, { name: '', description: '', grants: [] }) };
    },
    done: (policy) => `Policy ${(policy as PolicyView).name} is created with ${(policy as PolicyView).grants.length} permissions`,
    then: 'list',
  },
  audit: { action: 'policy.manage', targetType: 'policy' },
  load: async (_db, { ctx, input }): Promise<{ grants: Grant[] }> => ({ grants: parsePolicyGrants(ctx.catalog, input.grants) }),
  checks: ({ grants }, { input }) => [
    {
      action: 'policy.manage',
      target: { kind: 'policy', policyId: '', organizationId: input.organizationId, change: { grants } },
      subject: { targetType: 'policy', organizationId: input.organizationId, details: { operation: 'create', name: input.name } },
    },
  ],
  refuse: async ({ grants }, { ctx, input }, db) => reservedRefusal(ctx, grants) ?? policyNameTaken(db, input.organizationId, input.name),
  async apply(tx, { grants }, { input }) {
    const policy = await tx.permissionPolicy.create({
      data: {
        name: input.name,
        description: input.description ?? '',
        organizationId: input.organizationId,
        grants: { create: grants.map((grant) => ({ permission: grant.permission, condition: grant.condition ?? null })) },
      },
    });
    return policy.id;
  },
  auditTarget: (id) => id,
  auditDetails: ({ grants }, _id, { input }) => ({ name: input.name, grants: grants.length }),
  async view(id, { ctx, who }): Promise<PolicyView> {
    return viewPolicy(ctx, await findPolicy(ctx.prisma, id), roleVisibility(ctx, who));
  },
});
