// Every operation on users, in the order the panel's action menu and the OpenAPI document list them.
import type { AnyOperation } from '../../operations/operation.ts';
import { setUserAccessRights } from './access-rights.ts';
import { assignUserOrganizations } from './assign-organizations.ts';
import { createUser } from './create.ts';
import { disableUser, enableUser } from './disable.ts';
import { editUserProfile } from './edit-profile.ts';
import { endUserSessions } from './end-sessions.ts';
import { changeUserRole } from './edit-role.ts';
import { extendUserAccess } from './extend-access.ts';
import { lockUser, unlockUser } from './lock.ts';
import { previewUserAccessRights } from './preview-access-rights.ts';
import { previewUserRoleChange } from './preview-role-change.ts';
import { removeUser } from './remove.ts';
import { resetUserPassword } from './reset-password.ts';
import { setUserScope } from './scope.ts';
import { setUserMfa } from './set-mfa.ts';
import { setUserPassword } from './set-password.ts';

export const userOperations: readonly AnyOperation[] = [
  createUser,
  editUserProfile,
  lockUser,
  unlockUser,
  disableUser,
  enableUser,
  resetUserPassword,
  setUserPassword,
  setUserMfa,
  endUserSessions,
  changeUserRole,
  previewUserRoleChange,
  extendUserAccess,
  setUserAccessRights,
  previewUserAccessRights,
  setUserScope,
  assignUserOrganizations,
  removeUser,
];

export {
  assignUserOrganizations,
  changeUserRole,
  createUser,
  disableUser,
  editUserProfile,
  enableUser,
  endUserSessions,
  extendUserAccess,
  lockUser,
  removeUser,
  resetUserPassword,
  setUserAccessRights,
  setUserMfa,
  setUserPassword,
  setUserScope,
  unlockUser,
};
export { INDEFINITE_LOCK } from './state-change.ts';
export type { CreatedUser } from './create.ts';
export type { RemovedUser } from './remove.ts';
export type { MembershipScopeView } from './scope.ts';
