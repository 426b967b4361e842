// A custom role in one organisation, composed of policies (R-ROLE-1, seed 004). Whoever composes it
// must hold every permission it would carry (R-ESC-1).
import { roleGrants } from '../../engine/actor.ts';
import { organizationChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';
import { loadAttachablePolicies, policyGone } from '../attachable-policies.ts';
import { findRole, type RoleView, roleTarget, viewRole } from '../role-record.ts';
import { freeRoleKey, nameTaken } from '../role-names.ts';
import { createRoleBody, roleView } from '../schema.ts';
import { policyOptions } from './policy-options.ts';

export const createRole = defineOperation({
  key: 'role.create',
  permission: 'role.manage',
  label: 'New role',
  summary: 'Create a custom role in an organisation, composed of policies (R-ROLE-1, R-ESC-1)',
  rules: ['R-ROLE-1', 'R-ROLE-2', 'R-ESC-1', 'R-TENANT-1', 'R-READ-1'],
  input: createRoleBody,
  rest: { method: 'post', path: '/roles', status: 201, tag: 'roles', response: roleView, errors: [409] },
  panel: {
    resource: 'Role',
    name: 'new',
    kind: 'resource',
    view: 'form',
    icon: 'Plus',
    async form({ ctx, who, values }) {
      const organizations = await organizationChoices(ctx, who, 'role.manage');
      const organizationId = organizations.find((organization) => organization.id === values.organizationId)?.id ?? organizations[0]?.id ?? '';
      return {
        intro: 'A custom role is made of permission policies; its holders get the union of their permissions.',
        fields: {
          organizationId: { label: 'Organisation', type: 'select', options: organizations.map((organization) => ({ value: organization.id, label: organization.name })), value: organizationId, reloads: true },
          name: { label: 'Name' },
          description: { label: 'Description', type: 'textarea' },
          policyIds: { label: 'Policies', type: 'checkboxes', options: organizationId ? await policyOptions(ctx, who, organizationId) : [] },
        },
        submitLabel: 'Create role',
      };
    },
    done: (role) => `Role ${(role as RoleView).name} is created`,
    then: 'list',
  },
  audit: { action: 'role.manage', targetType: 'role' },
  async load(db, { input }) {
    return { policies: await loadAttachablePolicies(db, input.organizationId, input.policyIds) };
  },
  checks: ({ policies }, { input }) => {
    const newRole = roleTarget({ id: '', organizationId: input.organizationId, protected: false });
    const subject = { targetType: 'role', organizationId: input.organizationId, details: { operation: 'create', name: input.name } };
    return [
      { action: 'role.manage', target: newRole, subject },
      { action: 'role.manage', target: { ...newRole, change: { grants: roleGrants({ legacyPermissions: null, policies }) } }, subject },
    ];
  },
  // Asked before the transaction too: on SQLite every query shares the connection of an open
  // transaction, so one that fails late can roll back other requests' writes with it.
  refuse: async ({ policies }, { ctx, input }, db) =>
    reservedRefusal(ctx, roleGrants({ legacyPermissions: null, policies })) ?? nameTaken(db, input.organizationId, input.name),
  async apply(tx, { policies }, { input }) {
    const role = await tx.role.create({
      data: {
        key: await freeRoleKey(tx, input.organizationId, input.name),
        name: input.name,
        description: input.description ?? '',
        organizationId: input.organizationId,
        kind: 'CUSTOM',
        policies: { create: policies.map((policy) => ({ policyId: policy.id })) },
      },
    });
    return role.id;
  },
  auditTarget: (id) => id,
  auditDetails: ({ policies }, _id, { input }) => ({ name: input.name, policies: policies.map((policy) => policy.id) }),
  foreignKeyViolation: policyGone,
  async view(id, { ctx }): Promise<RoleView> {
    return viewRole(ctx, await findRole(ctx.prisma, id));
  },
});
