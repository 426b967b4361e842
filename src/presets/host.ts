// The host preset: for an app that brings its own permissions (`permissions` in createGatehouse)
// and grants them to its people through roles and policies. The owner holds every permission of
// the catalog, the host's included, so the owner can compose policies and custom roles from them
// (nobody grants what they do not hold, R-ESC-1); administrators manage people and the roles the
// owner made; members only see their organisation.
import { coreCatalog } from '../engine/catalog.ts';
import { allPermissions, definePreset } from './define.ts';

const userManagement = [
  'user.view',
  'user.create',
  'user.invite',
  'user.edit',
  'user.remove',
  'user.lock',
  'user.disable',
  'user.resetPassword',
  'user.setMfa',
  'user.editRole',
  'user.assignOrganizations',
] as const;

export const host = definePreset({
  id: 'host',
  name: 'Host application',
  description:
    "An Owner who holds every permission, the host app's own included, and grants them through permission policies and custom roles; " +
    'Administrators who manage users and assign roles; Members who see their organisation.',
  catalog: coreCatalog,
  roles: [
    {
      key: 'owner',
      name: 'Owner',
      description: "Every permission, the host app's own included; creates the policies and roles that grant them to others.",
      protected: true,
      ownerOnly: true,
      permissions: allPermissions(coreCatalog),
    },
    {
      key: 'administrator',
      name: 'Administrator',
      description: 'Manages users and assigns them roles; views roles, policies, the organisation and the audit trail.',
      permissions: [...userManagement, 'role.view', 'policy.view', 'org.view', 'audit.view', 'apikey.create'],
    },
    {
      key: 'member',
      name: 'Member',
      description: 'Sees the organisation; everything else comes from the custom roles the owner gives them.',
      permissions: ['org.view', 'apikey.create'],
    },
  ],
  policies: [],
  ownerRoleKey: 'owner',
  ownerHasAllPermissions: true,
  lastManagerPermission: 'user.editRole',
  accessRights: [],
});
