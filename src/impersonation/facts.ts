// The one decision on "may this caller act as that user", asked when impersonation starts and again
// on every request while it lasts (R-IMP-1): the engine allows `user.impersonate` on the target,
// which includes dominating them (R-ESC-2, the same holder as for their password or sessions) and
// never the owner (R-OWNER-1); and the target can sign in themself now.
import type { Check } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Actor } from '../engine/types.ts';
import type { Db } from '../operations/operation.ts';
import { statusAt } from '../users/disabled.ts';
import { loadTargetUser, type TargetUser } from '../users/facts.ts';
import { holderOf, userCheck } from '../users/operations/user-check.ts';

export interface ImpersonationFacts {
  readonly user: TargetUser;
  /** The target's compiled access: what R-ESC-2 compares, and the actor the requests then run as. */
  readonly holder: Actor | undefined;
}

export async function loadImpersonationFacts(ctx: GatehouseContext, db: Db, who: Principal, targetId: string): Promise<ImpersonationFacts> {
  const user = await loadTargetUser(db, targetId);
  return { user, holder: await holderOf(ctx, db, who, targetId) };
}

export function impersonationCheck(who: Principal, { user, holder }: ImpersonationFacts): Check {
  return userCheck(who, 'user.impersonate', user, { holder });
}

/** A disabled or locked user cannot sign in (R-STATE-1), so nobody signs in as them either. */
export function canSignIn(user: Pick<TargetUser, 'status' | 'disabledUntil' | 'lockedUntil'>, now: Date): boolean {
  return statusAt(user, now) === 'ACTIVE' && (user.lockedUntil === null || user.lockedUntil.getTime() <= now.getTime());
}
