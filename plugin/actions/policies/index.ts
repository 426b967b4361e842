// Policy actions (R-POL-1): create and edit with the permission picker (grouped, searchable, the
// 100-grant limit shown), delete with a confirmation; all through the policies service. The picker
// marks the permissions the engine would refuse to give (R-ESC-1) so nobody builds a policy they
// cannot save.
import { z } from 'zod';
import type { Principal } from '../../../src/authz/principal.ts';
import type { GatehouseContext } from '../../../src/context.ts';
import { GatehouseError } from '../../../src/errors/gatehouse-error.ts';
import { MAX_GRANTS_PER_POLICY, grantInput } from '../../../src/permissions/grants.ts';
import { createPolicy, deletePolicy, getPolicy, updatePolicy } from '../../../src/policies/index.ts';
import { policyTarget } from '../../access.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { organizationChoices } from '../choices.ts';
import { recordAction, resourceAction } from '../kit.ts';

export interface PickerPermission {
  readonly key: string;
  readonly label: string;
  readonly group: string;
}

const policyInput = z.strictObject({
  organizationId: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000),
  grants: z.array(grantInput).max(1000),
});

function catalogForPicker(ctx: GatehouseContext): PickerPermission[] {
  return Object.entries(ctx.catalog)
    .map(([key, spec]) => ({ key, label: spec.label, group: spec.group }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.key.localeCompare(b.key));
}

/** Per organisation, the permissions this actor may not put in a policy there (R-ESC-1). */
function refusedByOrganization(ctx: GatehouseContext, who: Principal, organizationIds: readonly string[]): Record<string, Record<string, string>> {
  const refused: Record<string, Record<string, string>> = {};
  for (const organizationId of organizationIds) {
    const here: Record<string, string> = {};
    for (const key of Object.keys(ctx.catalog)) {
      const decision = ctx.engine.decide(who.actor, 'policy.manage', { kind: 'policy', policyId: '', organizationId, change: { grants: [{ permission: key }] } });
      if (!decision.allowed) here[key] = decision.rule;
    }
    refused[organizationId] = here;
  }
  return refused;
}

export function policyActions(ctx: GatehouseContext, components: PanelComponents): Record<string, object> {
  return {
    new: resourceAction(ctx, {
      name: 'new',
      permission: 'policy.manage',
      icon: 'Plus',
      component: components.ids.PermissionPicker,
      input: policyInput,
      load: async (who) => {
        const organizations = await organizationChoices(ctx, who, 'policy.manage');
        return {
          permissions: catalogForPicker(ctx),
          limit: MAX_GRANTS_PER_POLICY,
          organizations,
          refused: refusedByOrganization(ctx, who, organizations.map((o) => o.id)),
          policy: { name: '', description: '', grants: [] },
        };
      },
      run: async (who, input) => {
        if (!input.organizationId) throw new GatehouseError('INVALID_INPUT', 'Choose an organisation', { errors: [{ path: 'organizationId', message: 'Required' }] });
        const policy = await createPolicy(ctx, who, { organizationId: input.organizationId, name: input.name, description: input.description, grants: input.grants });
        return { message: `Policy ${policy.name} is created with ${policy.grants.length} permissions`, redirect: 'list' };
      },
    }),
    edit: recordAction(ctx, {
      name: 'edit',
      permission: 'policy.manage',
      targetOf: policyTarget,
      icon: 'Edit',
      component: components.ids.PermissionPicker,
      input: policyInput,
      load: async (who, record) => {
        const policy = await getPolicy(ctx, who, { id: String(record.id()) });
        return {
          permissions: catalogForPicker(ctx),
          limit: MAX_GRANTS_PER_POLICY,
          organizations: [],
          refused: policy.organizationId ? refusedByOrganization(ctx, who, [policy.organizationId]) : {},
          policy: { organizationId: policy.organizationId, name: policy.name, description: policy.description, grants: policy.grants },
          holders: policy.roles.map((role) => role.name),
        };
      },
      run: async (who, record, input) => {
        const policy = await updatePolicy(ctx, who, { id: String(record.id()), name: input.name, description: input.description, grants: input.grants });
        return { message: `Policy ${policy.name} is saved; its ${policy.roles.length} role(s) get the change at their holders' next request`, redirect: 'show' };
      },
    }),
    delete: recordAction(ctx, {
      name: 'delete',
      permission: 'policy.manage',
      targetOf: policyTarget,
      icon: 'Trash2',
      component: components.ids.ConfirmAction,
      variant: 'danger',
      guard: 'Delete this policy? Roles that carry it lose its permissions.',
      run: async (who, record) => {
        await deletePolicy(ctx, who, { id: String(record.id()) });
        return { message: 'The policy is deleted', redirect: 'list' };
      },
    }),
  };
}
