// Why a user may not do something, said about them (third person): the panel's "Why?" shows these
// to the staff member asking. The engine's own reasons (`reason`) speak to the caller of a denied
// request ("Your role…"), which is right for a refusal and wrong for a question about someone else.
import type { RuleId } from '../engine/types.ts';

export const deniedBecause: Readonly<Record<RuleId, string>> = {
  'R-PERM-1': 'No role they hold here grants this permission.',
  'R-OWNER-1': "Only the owner can change the owner's profile, role, status, second factor or password.",
  'R-OWNER-2': 'Only the owner can transfer ownership or hold an owner-only role.',
  'R-SELF-1': 'Nobody can change their own role, status, access rights or organisations.',
  'R-SELF-2': 'Everyone may view and edit their own profile.',
  'R-ESC-1': 'Nobody can grant a permission they do not hold themselves.',
  'R-UNIQ-1': 'This role has at most one holder per organisation, and it is taken.',
  'R-PROT-1': "A protected role's permissions cannot be edited.",
  'R-TENANT-1': 'They do not belong to this organisation.',
  'R-READ-1': 'Their role here is read-only.',
  'R-LAST-1': 'The last user able to manage users cannot be locked, disabled, removed or demoted.',
  'R-SCOPE-1': 'Their access is limited to some instances of this resource.',
  'R-ACC-1': 'This access right is switched off for them.',
  'R-ESC-2': "Acting on another user's sign-in needs everything that user holds, in every organisation they belong to.",
  'R-ORG-1': 'This organisation is disabled.',
  'R-EXP-1': 'Their access here has ended.',
  'R-ROLE-2': 'This permission is reserved to other roles here.',
  'R-ROLE-3': 'Every member may see the roles of their own organisation.',
};
