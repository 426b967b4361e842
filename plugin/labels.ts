// What the panel calls things (AdminJS locale): action buttons, resources and pages.
import { placementsOf } from '../src/operations/built-in.ts';
import type { AnyOperation } from '../src/operations/operation.ts';

export const panelTranslations = {
  actions: {
    new: 'Create new',
    show: 'Details',
    edit: 'Edit',
    list: 'All',
    exportCsv: 'Export CSV',
    invite: 'Invite user',
    lock: 'Lock',
    unlock: 'Unlock',
    disable: 'Disable',
    enable: 'Enable',
    resetPassword: 'Reset password',
    setPassword: 'Set password',
    setMfa: 'Set MFA method',
    editRole: 'Edit role',
    accessRights: 'Access rights',
    editScope: 'Limit to chosen resources',
    assignOrganizations: 'Assigned organisations',
    resend: 'Resend',
    revoke: 'Revoke',
    migrate: 'Migrate to policy',
    impersonate: 'Sign in as this user',
    stopImpersonation: 'Stop acting as this user',
  },
  labels: {
    User: 'Users',
    Organization: 'Organisations',
    Invitation: 'Invitations',
    Role: 'Roles',
    PermissionPolicy: 'Permission policies',
    AuditEvent: 'Audit events',
    OutboxMessage: 'Outbox (demo)',
    myProfile: 'My profile',
    // The sidebar's groups (plugin/resources/navigation.ts): AdminJS would start-case them.
    People: 'People',
    'Roles & policies': 'Roles & policies',
    Records: 'Records',
    'My account': 'My account',
  },
  pages: { myProfile: 'My profile' },
  // Column and field names, in words (AdminJS would show "Mfa Method", "Failed Attempts"…).
  properties: {
    email: 'E-mail',
    username: 'Username',
    firstName: 'First name',
    lastName: 'Last name',
    status: 'Status',
    locked: 'Locked',
    lockedUntil: 'Locked until',
    lockedUntilText: 'Locked until',
    disabledUntilText: 'Disabled until',
    disabledReason: 'Why it is disabled',
    failedAttempts: 'Failed sign-in attempts',
    mfaMethod: 'Second factor',
    mfaEnrolled: 'Second factor set up',
    organizations: 'Organisations',
    accessEndsText: 'Access ends',
    organization: 'Organisation',
    subOrganizations: 'Include its sub-organisations',
    role: 'Role',
    phone: 'Phone',
    fax: 'Fax',
    address: 'Address',
    postalAddress: 'Postal address',
    securityQuestion: 'Security question',
    ipAllowlist: 'Allowed IP addresses',
    ipAllowlistText: 'Allowed IP addresses',
    createdAt: 'Created',
    updatedAt: 'Last changed',
    lastLoginAt: 'Last signed in',
    passwordChangedAt: 'Password last changed',
    inviter: 'Invited by',
    expiresAt: 'Expires',
    acceptedAt: 'Accepted',
    uniquePerOrganization: 'One holder per organisation',
    includesSubOrganizations: 'Includes sub-organisations',
    legacyPermissions: 'Legacy permissions',
    migratedAt: 'Migrated',
    ownerOnly: 'Owner only',
    readOnly: 'Read-only',
    grantCount: 'Permissions',
    permissionsText: 'Permissions',
    permissionSections: 'Permissions',
    policiesText: 'Permission policies',
    holderCount: 'Members holding it',
    rolesText: 'Used by roles',
    parent: 'Parent organisation',
    notificationEmail: 'Notification e-mail',
    at: 'When',
    actorId: 'By',
    actorText: 'By',
    actionText: 'Action',
    targetText: 'Target',
    detailsText: 'Details',
    outcome: 'Outcome',
    organizationId: 'Organisation',
    targetType: 'Target type',
    targetId: 'Target',
    sentAt: 'Sent',
  },
  // AdminJS's empty list: it said "There are no records in this resource" and "Create first record",
  // also on a page past the last one and for lists the viewer can only read.
  messages: {
    noRecordsInResource: 'Nothing to show here: nothing matches, or this page is past the last one.',
    noRecords: 'Nothing to show',
  },
  buttons: { createFirstRecord: 'Add one' },
  resources: {
    Invitation: { actions: { new: 'Invite user' } },
    User: { actions: { new: 'New user' } },
    Role: { actions: { new: 'New role' } },
    PermissionPolicy: { actions: { new: 'New policy' } },
  },
};

/**
 * The locale with every operation's panel action named: an action without a word in the table
 * above is called by its operation's own label, for its resource only, instead of AdminJS's
 * start-cased name ("Remove From Organization", "Transfer Ownership").
 */
export function panelLocale(operations: readonly AnyOperation[]) {
  const named: Readonly<Record<string, string>> = panelTranslations.actions;
  const resources: Record<string, { actions: Record<string, string> }> = structuredClone(panelTranslations.resources);
  for (const operation of operations) {
    for (const panel of placementsOf(operation)) {
      if (Object.hasOwn(named, panel.name)) continue;
      const entry = (resources[panel.resource] ??= { actions: {} });
      entry.actions[panel.name] ??= operation.label;
    }
  }
  return { ...panelTranslations, resources };
}
