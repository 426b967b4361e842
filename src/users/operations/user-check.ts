// The check most user operations ask: the action on the user, seen through all of their
// organisations, filed under the first organisation the actor reaches.
import type { Check } from '../../authz/authorize.ts';
import type { Principal } from '../../authz/principal.ts';
import type { Target } from '../../engine/types.ts';
import { auditOrganization, type TargetUser, userTarget } from '../facts.ts';

export function userCheck(
  who: Principal,
  action: string,
  user: TargetUser,
  options: { target?: Target; details?: Readonly<Record<string, unknown>>; isLastManager?: boolean } = {},
): Check {
  return {
    action,
    target: options.target ?? userTarget(user, options.isLastManager === undefined ? {} : { isLastManager: options.isLastManager }),
    subject: { targetType: 'user', targetId: user.id, organizationId: auditOrganization(who, user), ...(options.details ? { details: options.details } : {}) },
  };
}
