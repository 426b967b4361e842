// Seed 002 (a compliance-screening service): an organisation tree with one Compliance Officer per
// organisation who manages everyone below, and per-user access rights within each role.
import { coreCatalog, extendCatalog } from '../engine/catalog.ts';
import { definePreset } from './define.ts';

export const seed002Catalog = extendCatalog(coreCatalog, {
  'scan.runMember': { label: 'Run member scans', group: 'scan', mutates: true },
  'scan.runCorporate': { label: 'Run corporate scans', group: 'scan', mutates: true },
  'scan.viewResults': { label: 'View scan results', group: 'scan', mutates: false },
  'scan.dueDiligence': { label: 'Perform due diligence', group: 'scan', mutates: true },
  'report.view': { label: 'View reports', group: 'report', mutates: false },
  'data.manage': { label: 'Data management', group: 'data', mutates: true },
} as const);

const userManagement = [
  'user.view',
  'user.create',
  'user.invite',
  'user.edit',
  'user.remove',
  'user.lock',
  'user.disable',
  'user.resetPassword',
  'user.setPassword',
  'user.setMfa',
  'user.editRole',
  'user.editAccessRights',
  'user.editScope',
  'user.assignOrganizations',
] as const;

export const seed002 = definePreset({
  id: 'seed002',
  name: 'Organisation tree with a Compliance Officer',
  description:
    'Compliance Officer (one per organisation, reaches sub-organisations), Advanced User, Standard User, ' +
    "Billing Officer, Data Entry Operator and Auditor, with the seed's default access-rights matrix; " +
    'every right can be switched off per user.',
  catalog: seed002Catalog,
  roles: [
    {
      key: 'complianceOfficer',
      name: 'Compliance Officer',
      description: 'Adds, edits, disables, unlocks users and sets their MFA, in the organisation and its sub-organisations.',
      uniquePerOrganization: true,
      includesSubOrganizations: true,
      permissions: [
        'scan.runMember',
        'scan.runCorporate',
        'scan.viewResults',
        'scan.dueDiligence',
        'report.view',
        ...userManagement,
        'org.view',
        'org.manage',
        'org.transferOwnership',
        'data.manage',
        'role.view',
        'audit.view',
        'apikey.create',
      ],
    },
    {
      key: 'advancedUser',
      name: 'Advanced User',
      description: 'Runs scans, views all results, performs due diligence and views reports; reads the organisation.',
      permissions: [
        'scan.runMember',
        'scan.runCorporate',
        'scan.viewResults',
        'scan.dueDiligence',
        'report.view',
        'org.view',
        'apikey.create',
      ],
    },
    {
      key: 'standardUser',
      name: 'Standard User',
      description: 'Runs scans; sees results and performs due diligence on their own scans only; views reports.',
      permissions: [
        'scan.runMember',
        'scan.runCorporate',
        { permission: 'scan.viewResults', condition: 'own' },
        { permission: 'scan.dueDiligence', condition: 'own' },
        'report.view',
        'apikey.create',
      ],
    },
    {
      key: 'billingOfficer',
      name: 'Billing Officer',
      description: 'Views scan results and reports.',
      permissions: ['scan.viewResults', 'report.view', 'apikey.create'],
    },
    {
      key: 'dataEntryOperator',
      name: 'Data Entry Operator',
      description: 'Runs member and corporate scans.',
      permissions: ['scan.runMember', 'scan.runCorporate', 'apikey.create'],
    },
    {
      key: 'auditor',
      name: 'Auditor',
      description: 'Views the user list, user details and access rights, the organisation, scan results and reports; changes nothing.',
      readOnly: true,
      permissions: ['user.view', 'org.view', 'scan.viewResults', 'report.view'],
    },
  ],
  policies: [],
  ownerRoleKey: 'complianceOfficer',
  ownerHasAllPermissions: false,
  lastManagerPermission: 'user.editRole',
  // The seed's access-rights table, one toggle per row.
  accessRights: [
    { key: 'memberScans', label: 'Run member scans', permissions: ['scan.runMember'] },
    { key: 'corporateScans', label: 'Run corporate scans', permissions: ['scan.runCorporate'] },
    { key: 'scanResults', label: 'View scan results', permissions: ['scan.viewResults'] },
    { key: 'dueDiligence', label: 'Perform due diligence', permissions: ['scan.dueDiligence'] },
    { key: 'reports', label: 'View reports', permissions: ['report.view'] },
    { key: 'userManagement', label: 'User management', permissions: userManagement },
    { key: 'organisationManagement', label: 'Organisation management', permissions: ['org.view', 'org.manage'] },
    { key: 'dataManagement', label: 'Data management', permissions: ['data.manage'] },
  ],
  // The seed's own and "Add User" passwords: 8–32 characters, the four classes, not the last 4; its
  // "Change Password" on a user's behalf asks for at least 13.
  passwordPolicy: { minLength: 8, maxLength: 32, historySize: 4, onBehalf: { minLength: 13 } },
});
