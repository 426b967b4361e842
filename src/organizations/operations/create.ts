// A sub-organisation under one the actor manages (org.manage there). Root organisations (a seed's
// "account" or "company") are created by the host's installation (setup/bootstrap.ts): nobody's
// permissions reach above a root, so no role can decide it.
import { z } from 'zod';
import { bumpAccess, membersOf } from '../../authz/access-version.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { emailInput, recordId } from '../../http/inputs.ts';
import { organizationChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { organizationSelect, type OrganizationView, serializeOrganization } from '../serialize.ts';
import { ancestorsOf } from '../tree.ts';

export const organizationName = z.string().trim().min(1).max(200);

/** Where the organisation's notices go (R-NOTIFY-1); null or absent: to the holders of its unique role. */
export const notificationEmailInput = emailInput.nullable().describe('Where notices to the organisation go; null: to the holders of its unique role (else its owner)');

export const notificationEmailHint = {
  label: 'Notification e-mail',
  type: 'email',
  help: 'Notices about the organisation (a user locked or disabled, an invitation accepted) go here. Leave it empty to send them to the holder of its unique role, such as the Compliance Officer, or else to its owner.',
} as const;

export const createSubOrganization = defineOperation({
  key: 'organization.create',
  permission: 'org.manage',
  label: 'New sub-organisation',
  summary: 'Create a sub-organisation under one you manage (org.manage). Root organisations are created by the installation.',
  rules: ['R-TENANT-1', 'R-PERM-1', 'R-READ-1'],
  input: z.strictObject({ name: organizationName, parentId: recordId, notificationEmail: notificationEmailInput.optional() }),
  rest: { method: 'post', path: '/organizations', status: 201, tag: 'organizations' },
  panel: {
    resource: 'Organization',
    name: 'new',
    kind: 'resource',
    view: 'form',
    icon: 'Plus',
    async form({ ctx, who }) {
      const parents = await organizationChoices(ctx, who, 'org.manage');
      return {
        fields: { name: { label: 'Name' }, notificationEmail: notificationEmailHint, parentId: { label: 'Part of', type: 'select', options: parents.map((organization) => ({ value: organization.id, label: organization.name })) } },
        submitLabel: 'Create organisation',
      };
    },
    done: (organization) => `${(organization as OrganizationView).name} is created`,
  },
  audit: { action: 'org.manage', targetType: 'organization' },
  async load(db, { input }) {
    if (!(await db.organization.findUnique({ where: { id: input.parentId }, select: { id: true } }))) throw notFound('organization');
    return { lineage: [input.parentId, ...(await ancestorsOf(db, input.parentId))] };
  },
  checks: (_facts, { input }) => [
    { action: 'org.manage', target: { kind: 'organization', organizationId: input.parentId }, subject: { targetType: 'organization', organizationId: input.parentId, details: { name: input.name, parentId: input.parentId, notificationEmail: input.notificationEmail ?? null } } },
  ],
  organizations: (_facts, { input }) => [input.parentId],
  async apply(tx, { lineage }, { input }) {
    const row = await tx.organization.create({ data: { name: input.name, parentId: input.parentId, notificationEmail: input.notificationEmail ?? null }, select: organizationSelect });
    // Members whose role reaches sub-organisations now reach one more: their cached permissions are stale.
    await bumpAccess(tx, membersOf(lineage));
    return row;
  },
  auditTarget: (row) => row.id,
  view: (row): OrganizationView => serializeOrganization(row),
});
