// Renaming, disabling and enabling an organisation (org.manage there).
import { z } from 'zod';
import { ancestorsOf, descendantsOf } from '../tree.ts';
import { bumpAccess, membersOf } from '../../authz/access-version.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { organizationSelect, type OrganizationView, serializeOrganization } from '../serialize.ts';
import { notificationEmailHint, notificationEmailInput, organizationName } from './create.ts';

export const organizationStatuses = ['ENABLED', 'DISABLED'] as const;

export const updateOrganization = defineOperation({
  key: 'organization.update',
  permission: 'org.manage',
  label: 'Edit organisation',
  summary: 'Rename, disable or enable an organisation, or set where its notices go (org.manage, R-NOTIFY-1)',
  rules: ['R-TENANT-1', 'R-PERM-1', 'R-READ-1', 'R-ORG-1', 'R-NOTIFY-1'],
  input: z.strictObject({ name: organizationName.optional(), status: z.enum(organizationStatuses).optional(), notificationEmail: notificationEmailInput.optional() }).refine((body) => Object.keys(body).length > 0, 'Nothing to change'),
  rest: { method: 'patch', path: '/organizations/:id', tag: 'organizations' },
  panel: {
    resource: 'Organization',
    name: 'edit',
    kind: 'record',
    view: 'form',
    icon: 'Edit',
    form: ({ record }) => ({
      fields: {
        name: { label: 'Name', value: String(record?.params.name ?? '') },
        notificationEmail: { ...notificationEmailHint, value: String(record?.params.notificationEmail ?? '') },
        status: { label: 'Status', type: 'select', options: [{ value: 'ENABLED', label: 'Enabled' }, { value: 'DISABLED', label: 'Disabled' }], value: String(record?.params.status ?? 'ENABLED') },
      },
      submitLabel: 'Save organisation',
    }),
    done: (organization) => `${(organization as OrganizationView).name} is saved`,
  },
  audit: { action: 'org.manage', targetType: 'organization' },
  async load(db, { id }) {
    const row = await db.organization.findUnique({ where: { id }, select: organizationSelect });
    if (!row) throw notFound('organization');
    return row;
  },
  checks: (_row, { id, input }) => [
    { action: 'org.manage', target: { kind: 'organization', organizationId: id }, subject: { targetType: 'organization', targetId: id, organizationId: id, details: { ...input } } },
  ],
  organizations: (_row, { id }) => [id],
  async apply(tx, row, { id, input }) {
    const updated = await tx.organization.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.notificationEmail !== undefined ? { notificationEmail: input.notificationEmail } : {}),
      },
      select: organizationSelect,
    });
    // Enabling or disabling changes what may be done there and below (R-ORG-1): for its members, the
    // members of organisations under it, and those above whose roles reach down. Their cached
    // permissions are stale.
    if (input.status !== undefined && input.status !== row.status) {
      await bumpAccess(tx, membersOf([id, ...(await ancestorsOf(tx, id)), ...(await descendantsOf(tx, id))]));
    }
    return updated;
  },
  view: (row): OrganizationView => serializeOrganization(row),
});
