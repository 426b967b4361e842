// The user services, for the REST routes and the AdminJS panel alike. Each takes
// (ctx, who, …input), asks the engine, acts in one transaction and audits.
export { disableUser, enableUser, INDEFINITE_LOCK, lockUser, unlockUser } from './account-state.ts';
export { assignUserOrganizations, type AssignOrganizationsInput } from './assign-organizations.ts';
export { availableRights, rightsView, type AccessRightView } from './access-rights.ts';
export { getUserAccessRights, setUserAccessRights, type AccessRightsInput, type MembershipRightsView } from './change-access-rights.ts';
export { setUserScope, type MembershipScopeView, type ScopeInput } from './change-scope.ts';
export { changeUserRole, type ChangeRoleInput } from './change-role.ts';
export { createUser, type CreatedUser, type CreateUserInput } from './create-user.ts';
export { setUserMfa, type MfaMethod } from './mfa.ts';
export { resetUserPassword, setUserPassword, type SetPasswordInput } from './passwords.ts';
export { getUser, userView } from './read-user.ts';
export { searchUsers, userSearchWhere, type Page, type UserSearchInput } from './search.ts';
export { displayStatus, serializeUser, userSerializerSelect, type DisplayStatus, type UserView } from './serialize.ts';
export { updateUserProfile, type UserProfileInput } from './update-profile.ts';
