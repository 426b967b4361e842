import type { Decision, RuleId } from './types.ts';

/** One line per rule, written for the person who was denied (and for the audit trail). */
export const ruleReasons = {
  'R-PERM-1': 'Your role does not grant this permission here.',
  'R-OWNER-1': "Only the owner can change the owner's profile, role, status, second factor or password.",
  'R-OWNER-2': 'Only the owner can transfer ownership or hold an owner-only role.',
  'R-SELF-1': 'You cannot change your own role, status, access rights or organisations.',
  'R-SELF-2': 'Everyone may view and edit their own profile.',
  'R-ESC-1': 'You cannot grant a permission you do not hold yourself.',
  'R-UNIQ-1': 'This role has at most one holder per organisation, and it is taken.',
  'R-PROT-1': "A protected role's permissions cannot be edited.",
  'R-TENANT-1': 'Not found in the organisations you belong to.',
  'R-READ-1': 'Your role is read-only.',
  'R-LAST-1': 'The last user able to manage users cannot be locked, disabled, removed or demoted.',
  'R-SCOPE-1': 'Your access is limited to other instances of this resource.',
  'R-ACC-1': 'This access right is switched off for you.',
  'R-ESC-2': "You can act on this user's sign-in only if you hold everything they hold, in every organisation they belong to.",
  'R-ORG-1': 'This organisation is disabled.',
  'R-EXP-1': 'Your access here has ended.',
  'R-ROLE-2': 'This permission is reserved to other roles here; this role cannot carry it.',
  'R-ROLE-3': 'Every member may see the roles of their own organisation and which one they hold.',
} as const satisfies Record<RuleId, string>;

export const ruleIds = Object.freeze(Object.keys(ruleReasons) as RuleId[]);

function decision(allowed: boolean, rule: RuleId): Decision {
  return Object.freeze({ allowed, rule, reason: ruleReasons[rule] });
}

function table(allowed: boolean): Readonly<Record<RuleId, Decision>> {
  const out = {} as Record<RuleId, Decision>;
  for (const rule of ruleIds) out[rule] = decision(allowed, rule);
  return Object.freeze(out);
}

// Built once at load: `decide` returns these shared, frozen objects so that a decision costs no
// allocation, and every Decision has the same hidden class (call sites stay monomorphic).
export const allowedBy = table(true);
export const deniedBy = table(false);
