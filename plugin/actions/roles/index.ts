// Role actions through the roles service: create a custom role made of policies (R-ROLE-1), edit
// its name and policies, delete it, and migrate a legacy role to a policy with a preview of what
// the policy will hold (R-MIG-1, from the roles service's preview): the same permissions, for the same holders.
import { z } from 'zod';
import type { GatehouseContext } from '../../../src/context.ts';
import { listPolicies } from '../../../src/policies/index.ts';
import { createRole } from '../../../src/roles/create-role.ts';
import { deleteRole } from '../../../src/roles/delete-role.ts';
import { migrateRole } from '../../../src/roles/migrate-role.ts';
import { migrationPreview } from '../../../src/roles/migration-preview.ts';
import { getRole } from '../../../src/roles/read-roles.ts';
import { updateRole } from '../../../src/roles/update-role.ts';
import type { Principal } from '../../../src/authz/principal.ts';
import { roleTarget } from '../../access.ts';
import type { FieldOption, FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { factsOf } from '../../scoped-resource.ts';
import type { OwnedFacts } from '../../scopes.ts';
import { organizationChoices } from '../choices.ts';
import { recordAction, resourceAction } from '../kit.ts';

const roleInput = z.strictObject({
  organizationId: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000),
  policyIds: z.array(z.string().min(1).max(200)).max(100).optional(),
});

const migrateInput = z.union([
  z.strictObject({ mode: z.literal('create'), policyName: z.string().trim().min(1).max(120), description: z.string().max(2000).optional() }),
  z.strictObject({ mode: z.literal('existing'), policyId: z.string().min(1).max(200) }),
]);

async function policyOptions(ctx: GatehouseContext, who: Principal, organizationId: string): Promise<FieldOption[]> {
  const page = await listPolicies(ctx, who, { organizationId, pageSize: 100 });
  return page.items.map((policy) => ({ value: policy.id, label: `${policy.name} (${policy.grants.length} permissions)`, group: policy.preset ? 'Shared' : 'This organisation' }));
}

export function roleActions(ctx: GatehouseContext, components: PanelComponents): Record<string, object> {
  return {
    new: resourceAction(ctx, {
      name: 'new',
      permission: 'role.manage',
      icon: 'Plus',
      component: components.ids.ActionForm,
      input: roleInput,
      load: async (who) => {
        const organizations = await organizationChoices(ctx, who, 'role.manage');
        const first = organizations[0];
        const form: FormSpec = {
          intro: 'A custom role is made of permission policies; its holders get the union of their permissions.',
          fields: [
            { name: 'organizationId', label: 'Organisation', type: 'select', required: true, options: organizations.map((o) => ({ value: o.id, label: o.name })) },
            { name: 'name', label: 'Name', type: 'text', required: true },
            { name: 'description', label: 'Description', type: 'textarea' },
            { name: 'policyIds', label: 'Policies', type: 'checkboxes', options: first ? await policyOptions(ctx, who, first.id) : [] },
          ],
          submitLabel: 'Create role',
        };
        return { form };
      },
      run: async (who, input) => {
        const organizationId = input.organizationId ?? '';
        const role = await createRole(ctx, who, { organizationId, name: input.name, description: input.description, policyIds: input.policyIds ?? [] });
        return { message: `Role ${role.name} is created`, redirect: 'list' };
      },
    }),
    edit: recordAction(ctx, {
      name: 'edit',
      permission: 'role.manage',
      targetOf: roleTarget,
      icon: 'Edit',
      component: components.ids.ActionForm,
      input: roleInput,
      load: async (who, record) => {
        const role = await getRole(ctx, who, { id: String(record.id()) });
        const policies = !role.legacy && role.organizationId ? await policyOptions(ctx, who, role.organizationId) : [];
        const form: FormSpec = {
          intro: role.legacy ? 'This role still has inline permissions: migrate it to a policy to compose it of policies.' : `Held by ${role.holderCount} member(s); changes apply at their next request.`,
          fields: [
            { name: 'name', label: 'Name', type: 'text', required: true, value: role.name },
            { name: 'description', label: 'Description', type: 'textarea', value: role.description },
            ...(role.legacy ? [] : [{ name: 'policyIds', label: 'Policies', type: 'checkboxes' as const, options: policies, value: role.policies.map((p) => p.id) }]),
          ],
          submitLabel: 'Save role',
        };
        return { form };
      },
      run: async (who, record, input) => {
        const role = await updateRole(ctx, who, { id: String(record.id()), name: input.name, description: input.description, ...(input.policyIds ? { policyIds: input.policyIds } : {}) });
        return { message: `Role ${role.name} is saved`, redirect: 'show' };
      },
    }),
    delete: recordAction(ctx, {
      name: 'delete',
      permission: 'role.manage',
      targetOf: roleTarget,
      icon: 'Trash2',
      component: components.ids.ConfirmAction,
      variant: 'danger',
      guard: 'Delete this role? It must have no holders.',
      showWhen: (record) => factsOf<OwnedFacts>(record)?.organizationId !== null,
      run: async (who, record) => {
        await deleteRole(ctx, who, { id: String(record.id()) });
        return { message: 'The role is deleted', redirect: 'list' };
      },
    }),
    migrate: recordAction(ctx, {
      name: 'migrate',
      permission: 'role.migrate',
      targetOf: roleTarget,
      icon: 'GitMerge',
      component: components.ids.MigrateRole,
      input: migrateInput,
      showWhen: (record) => factsOf<OwnedFacts>(record)?.legacy === true,
      // The roles service's own preview: the permissions that move, the holders, the policies that match exactly.
      load: async (who, record) => {
        const preview = await migrationPreview(ctx, who, { id: String(record.id()) });
        return {
          preview: {
            role: { id: preview.roleId, name: String(record.param('name')), holderCount: preview.holderCount },
            permissions: preview.permissions.map((grant) => ({ ...grant, label: ctx.catalog[grant.permission]?.label ?? grant.permission })),
            suggestedName: preview.suggestedPolicyName,
            canCreatePolicy: preview.canCreatePolicy,
            matchingPolicies: preview.matchingPolicies.map((policy) => ({ id: policy.id, name: policy.name })),
          },
        };
      },
      run: async (who, record, input) => {
        const id = String(record.id());
        const result = await migrateRole(ctx, who, input.mode === 'existing' ? { id, policyId: input.policyId } : { id, policyName: input.policyName, description: input.description });
        return {
          message: `${result.role.name} now carries the policy ${result.policy.name} (${result.policy.grants.length} permissions); its holders' access is unchanged`,
          redirect: 'show',
        };
      },
    }),
  };
}
