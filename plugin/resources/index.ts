// The Gatehouse resources in the panel, grouped for back-office staff.
// Until an action is backed by a service (and so by the role engine), it is not offered: the
// panel never writes to the database on its own.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { clientModule, panelModel } from '../prisma-models.ts';

const people = { name: 'People', icon: 'Users' };
const access = { name: 'Roles & policies', icon: 'Shield' };
const records = { name: 'Records', icon: 'FileText' };

const readOnlyActions = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
};

export function gatehouseResources(ctx: GatehouseContext): ResourceWithOptions[] {
  const resource = (model: string, navigation: { name: string; icon: string }, options: Record<string, unknown> = {}): ResourceWithOptions => ({
    resource: { model: panelModel(model), client: ctx.prisma, clientModule: clientModule() },
    options: { navigation, actions: readOnlyActions, ...options },
  });
  return [
    resource('User', people, {
      listProperties: ['email', 'username', 'firstName', 'lastName', 'status', 'mfaMethod', 'lastLoginAt'],
      properties: { securityQuestion: { isVisible: false } },
    }),
    resource('Organization', people, { listProperties: ['name', 'status', 'parentId', 'createdAt'] }),
    resource('Membership', people, { listProperties: ['userId', 'organizationId', 'roleId', 'isOwner'] }),
    resource('Invitation', people, { listProperties: ['email', 'organizationId', 'roleId', 'status', 'expiresAt'] }),
    resource('Role', access, { listProperties: ['name', 'key', 'kind', 'organizationId', 'protected', 'uniquePerOrganization'] }),
    resource('PermissionPolicy', access, { listProperties: ['name', 'description', 'organizationId'] }),
    resource('AuditEvent', records, {
      listProperties: ['at', 'action', 'outcome', 'rule', 'actorId', 'targetId'],
      sort: { sortBy: 'at', direction: 'desc' },
    }),
    resource('OutboxMessage', records, { listProperties: ['createdAt', 'to', 'subject', 'kind'], sort: { sortBy: 'createdAt', direction: 'desc' } }),
  ];
}
