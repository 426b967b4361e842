// The check most user operations ask: the action on the user, seen through all of their
// organisations, filed under the first organisation the actor reaches.
import type { Check } from '../../authz/authorize.ts';
import { loadActorFacts } from '../../authz/load-actor.ts';
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import type { GatehousePrisma } from '../../db/client.ts';
import type { Actor, Target } from '../../engine/types.ts';
import type { Db } from '../../operations/operation.ts';
import { auditOrganization, type TargetUser, userTarget } from '../facts.ts';

/**
 * R-ESC-2: what the target user holds, compiled like their own requests are, for decisions on
 * their credentials or identity (the actor must dominate it). Read with `db`, so that inside the
 * transaction it is read there too. Not needed on oneself (R-SELF-2 decides that).
 */
export async function holderOf(ctx: GatehouseContext, db: Db, who: Principal, userId: string): Promise<Actor | undefined> {
  if (userId === who.userId) return undefined;
  return ctx.engine.compile(await loadActorFacts(db as unknown as GatehousePrisma, userId), { now: ctx.config.now() });
}

export function userCheck(
  who: Principal,
  action: string,
  user: TargetUser,
  options: { target?: Target; details?: Readonly<Record<string, unknown>>; isLastManager?: boolean; holder?: Actor | undefined; touchesIdentity?: boolean } = {},
): Check {
  const base = options.target ?? userTarget(user, options.isLastManager === undefined ? {} : { isLastManager: options.isLastManager });
  const target: Target =
    base.kind === 'user' && (options.holder !== undefined || options.touchesIdentity)
      ? { ...base, ...(options.holder ? { holder: options.holder } : {}), ...(options.touchesIdentity ? { touchesIdentity: true } : {}) }
      : base;
  return {
    action,
    target,
    subject: { targetType: 'user', targetId: user.id, organizationId: auditOrganization(who, user), ...(options.details ? { details: options.details } : {}) },
  };
}
