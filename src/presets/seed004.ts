// Seed 004 (a payments dashboard): one built-in, uneditable Admin role; custom roles made of
// permission policies by resource and by page; older roles with inline permissions to migrate.
import { coreCatalog, extendCatalog } from '../engine/catalog.ts';
import { allPermissions, definePreset } from './define.ts';

export const seed004Catalog = extendCatalog(coreCatalog, {
  'page.dashboard': { label: 'Page: Dashboard', group: 'page', mutates: false },
  'page.transactions': { label: 'Page: Transactions', group: 'page', mutates: false },
  'page.reports': { label: 'Page: Reports', group: 'page', mutates: false },
  'page.settings': { label: 'Page: Settings', group: 'page', mutates: false },
  'transaction.view': { label: 'View transactions', group: 'transaction', mutates: false },
  'transaction.refund': { label: 'Refund transactions', group: 'transaction', mutates: true },
  'merchant.view': { label: 'View merchants', group: 'merchant', mutates: false },
  'merchant.manage': { label: 'Manage merchants', group: 'merchant', mutates: true },
  'report.view': { label: 'View reports', group: 'report', mutates: false },
  'report.export': { label: 'Export reports', group: 'report', mutates: false },
} as const);

export const seed004 = definePreset({
  id: 'seed004',
  name: 'Admin role and permission policies',
  description:
    'Admin is the only built-in role and its permissions cannot be edited; custom roles carry permission policies ' +
    '(grants by resource and by page, up to 100 each); legacy roles with inline permissions migrate to a policy.',
  catalog: seed004Catalog,
  roles: [
    {
      key: 'admin',
      name: 'Admin',
      description: 'Every permission; not editable. The first administrator of the company is its owner.',
      protected: true,
      permissions: allPermissions(seed004Catalog),
    },
    {
      key: 'operations',
      name: 'Operations',
      description: 'A custom role composed of policies: sees and refunds transactions, reads and exports reports.',
      custom: true,
      permissions: [],
      policies: ['transactionsViewer', 'refunds', 'reporting'],
    },
    {
      key: 'accountant',
      name: 'Accountant',
      description: 'Created before permission policies existed: inline permissions, to migrate to a policy.',
      custom: true,
      legacy: true,
      permissions: ['page.dashboard', 'page.transactions', 'page.reports', 'transaction.view', 'report.view', 'report.export'],
    },
  ],
  policies: [
    {
      key: 'userAdministration',
      name: 'User administration',
      // Not user.editRole: "Only the 'Administrator' has the authority to change the user roles" (reservedPermissions).
      description: 'Invite, edit, deactivate and remove users; changing their roles is for the Admin only.',
      grants: [
        'page.settings',
        'user.view',
        'user.invite',
        'user.edit',
        'user.disable',
        'user.remove',
        'user.resetPassword',
        'role.view',
        'policy.view',
      ],
    },
    {
      key: 'roleAdministration',
      name: 'Role administration',
      description: 'Create custom roles and permission policies, migrate legacy roles.',
      grants: ['page.settings', 'role.view', 'role.manage', 'role.migrate', 'policy.view', 'policy.manage'],
    },
    {
      key: 'transactionsViewer',
      name: 'Transactions viewer',
      description: 'The dashboard and transactions pages, read only.',
      grants: ['page.dashboard', 'page.transactions', 'transaction.view'],
    },
    {
      key: 'refunds',
      name: 'Refunds',
      description: 'Refund transactions.',
      grants: ['page.transactions', 'transaction.view', 'transaction.refund'],
    },
    {
      key: 'reporting',
      name: 'Reporting',
      description: 'The reports page; view and export reports.',
      grants: ['page.dashboard', 'page.reports', 'report.view', 'report.export'],
    },
    {
      key: 'ownMerchants',
      name: 'Own merchants',
      description: 'Manage the merchants one onboarded (a grant narrowed to own records).',
      grants: ['merchant.view', { permission: 'merchant.manage', condition: 'own' }],
    },
  ],
  ownerRoleKey: 'admin',
  ownerHasAllPermissions: true,
  lastManagerPermission: 'user.editRole',
  accessRights: [],
  // "Only the 'Administrator' has the authority to change the user roles" (R-ROLE-2): no custom role
  // may carry it, whatever policy it is composed of.
  reservedPermissions: { 'user.editRole': ['admin'] },
});
