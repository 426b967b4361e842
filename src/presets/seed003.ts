// Seed 003 (a hosting control panel): the owner always has full access; everyone else gets the
// permission areas the inviter ticks, and only account administration may invite.
import { coreCatalog, extendCatalog } from '../engine/catalog.ts';
import { allPermissions, definePreset } from './define.ts';

export const seed003Catalog = extendCatalog(coreCatalog, {
  'service.view': { label: 'View services', group: 'service', mutates: false },
  'service.manage': { label: 'Manage services', group: 'service', mutates: true },
  'domain.view': { label: 'View domains', group: 'domain', mutates: false },
  'domain.manage': { label: 'Manage domains', group: 'domain', mutates: true },
  'billing.view': { label: 'View billing', group: 'billing', mutates: false },
  'billing.pay': { label: 'Pay invoices', group: 'billing', mutates: true },
  'ticket.view': { label: 'View support requests', group: 'ticket', mutates: false },
  'ticket.manage': { label: 'Open and answer support requests', group: 'ticket', mutates: true },
} as const);

const areas = {
  services: ['service.view', 'service.manage'],
  domains: ['domain.view', 'domain.manage'],
  billing: ['billing.view', 'billing.pay'],
  supportRequests: ['ticket.view', 'ticket.manage'],
  accountAdministration: [
    'user.view',
    'user.invite',
    'user.edit',
    'user.remove',
    'user.lock',
    'user.disable',
    'user.resetPassword',
    'user.setMfa',
    'user.editAccessRights',
    'org.manage',
    'audit.view',
  ],
} as const;

export const seed003 = definePreset({
  id: 'seed003',
  name: 'Owner and invited users with chosen permissions',
  description:
    'Account owners always have full access; other users are invited with the permission areas the inviter chooses ' +
    '(services, domains, billing, support requests, account administration). Only account administration can invite.',
  catalog: seed003Catalog,
  roles: [
    {
      key: 'owner',
      name: 'Owner',
      description: 'Always has full access to the account.',
      protected: true,
      ownerOnly: true,
      permissions: allPermissions(seed003Catalog),
    },
    {
      key: 'member',
      name: 'Member',
      description: 'Holds the permission areas chosen at invitation; the others are switched off.',
      permissions: [
        'org.view',
        ...areas.services,
        ...areas.domains,
        ...areas.billing,
        ...areas.supportRequests,
        ...areas.accountAdministration,
      ],
    },
  ],
  policies: [],
  ownerRoleKey: 'owner',
  ownerHasAllPermissions: true,
  lastManagerPermission: 'user.invite',
  accessRights: [
    { key: 'services', label: 'Services', permissions: areas.services },
    { key: 'domains', label: 'Domains', permissions: areas.domains },
    { key: 'billing', label: 'Billing', permissions: areas.billing },
    { key: 'supportRequests', label: 'Support requests', permissions: areas.supportRequests },
    { key: 'accountAdministration', label: 'Account administration', permissions: areas.accountAdministration },
  ],
  inviteChoosesRights: true,
});
