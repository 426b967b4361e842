// Seed 000 (an ISP's self-service portal): an owner who alone buys, pays, adds and removes users and
// hands the account over (user.remove and the transfer are the owner's: no other role holds
// user.remove, and a transfer is decided by ownership), an administrator who helps without being
// able to take over, technicians limited to chosen products.
import { coreCatalog, extendCatalog } from '../engine/catalog.ts';
import { allPermissions, definePreset } from './define.ts';

export const seed000Catalog = extendCatalog(coreCatalog, {
  'product.view': { label: 'See products and services', group: 'product', mutates: false },
  'product.manage': { label: 'Set up and manage products', group: 'product', mutates: true },
  'product.support': { label: 'Get support for products', group: 'product', mutates: true },
  'billing.view': { label: 'See billing information', group: 'billing', mutates: false },
  'invoice.download': { label: 'Download invoices and statements', group: 'billing', mutates: false },
  purchase: { label: 'Buy products', group: 'billing', mutates: true },
  'billing.pay': { label: 'Carry out financial transactions', group: 'billing', mutates: true },
  'banking.manage': { label: 'Change banking information', group: 'billing', mutates: true },
} as const);

export const seed000 = definePreset({
  id: 'seed000',
  name: 'Account owner and delegated roles',
  description:
    'One protected Account Owner who alone purchases, pays, changes banking details, adds and removes users; ' +
    "Administrators who help with products and other users' profiles; Technical users limited to chosen products; " +
    'a read-only role for invoices. Every user has their own second factor.',
  catalog: seed000Catalog,
  roles: [
    {
      key: 'accountOwner',
      name: 'Account Owner',
      description: 'Created with the account; the only one who buys, pays, changes banking details, adds or removes users and transfers ownership.',
      protected: true,
      ownerOnly: true,
      permissions: allPermissions(seed000Catalog),
    },
    {
      key: 'administrator',
      name: 'Administrator',
      description:
        "Manages most products and services, sees billing, helps with other users' profiles and second factor; " +
        'cannot change roles or assign products to technical users.',
      permissions: [
        'product.view',
        'product.manage',
        'product.support',
        'billing.view',
        'invoice.download',
        'user.view',
        'user.edit',
        'user.setMfa',
        'role.view',
        'org.view',
      ],
    },
    {
      key: 'technical',
      name: 'Technical',
      description: 'Supports and sets up the products chosen for them, and nothing else.',
      permissions: [
        { permission: 'product.view', condition: 'scoped' },
        { permission: 'product.manage', condition: 'scoped' },
        { permission: 'product.support', condition: 'scoped' },
      ],
    },
    {
      key: 'invoiceReadOnly',
      name: 'Invoice/Read Only',
      description: 'Sees the account and downloads invoices and statements (a bookkeeper, a tax consultant).',
      readOnly: true,
      permissions: ['org.view', 'billing.view', 'invoice.download'],
    },
  ],
  policies: [],
  ownerRoleKey: 'accountOwner',
  ownerHasAllPermissions: true,
  lastManagerPermission: 'user.editRole',
  accessRights: [],
  mfaRequired: true,
});
