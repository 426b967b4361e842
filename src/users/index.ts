// The users feature: its operations (one file each in operations/) and its reads.
export * from './operations/index.ts';
export { availableRights, rightsView, type AccessRightView } from './access-rights.ts';
export { getUserAccessRights, type MembershipRightsView } from './read-access-rights.ts';
export { getUser, userView } from './read-user.ts';
export { searchUsers, userSearchWhere, type Page, type UserSearchInput } from './search.ts';
export { displayStatus, serializeUser, userSerializerSelect, type DisplayStatus, type UserView } from './serialize.ts';
