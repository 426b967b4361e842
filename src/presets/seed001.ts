// Seed 001 (a hosting customer portal): users and accounts many-to-many, five fixed roles, and
// support tickets whose categories depend on the role.
import { coreCatalog, extendCatalog } from '../engine/catalog.ts';
import { allPermissions, definePreset } from './define.ts';

export const seed001Catalog = extendCatalog(coreCatalog, {
  'service.view': { label: 'View services', group: 'service', mutates: false },
  'service.purchase': { label: 'Purchase services', group: 'service', mutates: true },
  'service.manage': { label: 'Manage services', group: 'service', mutates: true },
  'billing.view': { label: 'View invoices', group: 'billing', mutates: false },
  'billing.pay': { label: 'Pay invoices', group: 'billing', mutates: true },
  'billing.paymentDetails': { label: 'Update payment details', group: 'billing', mutates: true },
  'ticket.manage.billing': { label: 'Support tickets: Billing', group: 'ticket', mutates: true },
  'ticket.manage.sales': { label: 'Support tickets: Sales', group: 'ticket', mutates: true },
  'ticket.manage.provisioning': { label: 'Support tickets: Provisioning', group: 'ticket', mutates: true },
  'ticket.manage.cancellations': { label: 'Support tickets: Cancellations', group: 'ticket', mutates: true },
  'ticket.manage.technical': { label: 'Support tickets: Technical', group: 'ticket', mutates: true },
  'ticket.manage.general': { label: 'Support tickets: General', group: 'ticket', mutates: true },
  'infrastructure.view': { label: 'View infrastructure resources', group: 'infrastructure', mutates: false },
  'infrastructure.manage': { label: 'Manage infrastructure resources', group: 'infrastructure', mutates: true },
} as const);

// The four categories the seed's table names for Financial and Purchaser, and withholds from Support.
const commercialTickets = [
  'ticket.manage.billing',
  'ticket.manage.sales',
  'ticket.manage.provisioning',
  'ticket.manage.cancellations',
] as const;

export const seed001 = definePreset({
  id: 'seed001',
  name: 'Accounts with five predefined roles',
  description:
    'A user may belong to many accounts with a role in each: Administrator, Financial, Purchaser, Support, Technical; ' +
    'support-ticket categories follow the role.',
  catalog: seed001Catalog,
  roles: [
    {
      key: 'administrator',
      name: 'Administrator',
      description: 'Full access to all portal features: users, services, billing and every support ticket.',
      permissions: allPermissions(seed001Catalog),
    },
    {
      key: 'financial',
      name: 'Financial',
      description: 'Views and pays invoices, updates payment details; billing, sales, provisioning and cancellation tickets.',
      permissions: ['org.view', 'billing.view', 'billing.pay', 'billing.paymentDetails', ...commercialTickets],
    },
    {
      key: 'purchaser',
      name: 'Purchaser',
      description: 'Views, purchases and manages services; billing, sales, provisioning and cancellation tickets.',
      permissions: ['org.view', 'service.view', 'service.purchase', 'service.manage', ...commercialTickets],
    },
    {
      key: 'support',
      name: 'Support',
      description: 'Views and manages support tickets, except billing, sales, provisioning and cancellations.',
      permissions: ['org.view', 'ticket.manage.technical', 'ticket.manage.general'],
    },
    {
      key: 'technical',
      name: 'Technical',
      description: 'Views and manages all infrastructure resources; no support tickets.',
      permissions: ['org.view', 'infrastructure.view', 'infrastructure.manage'],
    },
  ],
  policies: [],
  ownerRoleKey: 'administrator',
  ownerHasAllPermissions: true,
  lastManagerPermission: 'user.editRole',
  accessRights: [],
  // "Email address is fixed and cannot be changed through the portal."
  emailChangeableBy: 'nobody',
});
