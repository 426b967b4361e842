// The panel's account switcher (seed 001: "the roles … for the selected account"): a user who
// belongs to several accounts works in one of them at a time. The principal is narrowed, never
// widened — the same compiled actor, keeping only the chosen organisation and the organisations
// below it — so every decision, list, count and form choice the panel makes stays inside that
// account, with what the user may do there (a parent's membership reaching it included).
import type { GatehouseContext } from '../context.ts';
import type { Actor } from '../engine/types.ts';
import { descendantsOf } from '../organizations/tree.ts';
import type { Principal } from './principal.ts';

/**
 * Narrowed actors per compiled actor: a change of access compiles a new actor (access-version.ts),
 * which starts with no narrowed copies, so a copy is never older than the actor it came from.
 */
const narrowed = new WeakMap<Actor, Map<string, Actor>>();

/** The actor limited to the given organisations (pure). */
export function actorWithin(actor: Actor, organizationIds: ReadonlySet<string>): Actor {
  const organizations = new Map([...actor.organizations].filter(([id]) => organizationIds.has(id)));
  return Object.freeze({ ...actor, organizations });
}

/** The principal working in one account; unchanged when the user no longer reaches it. */
export async function principalWithin(ctx: Pick<GatehouseContext, 'prisma'>, principal: Principal, accountId: string): Promise<Principal> {
  const { actor } = principal;
  if (!actor.organizations.has(accountId)) return principal;
  let byAccount = narrowed.get(actor);
  if (byAccount === undefined) narrowed.set(actor, (byAccount = new Map()));
  let within = byAccount.get(accountId);
  if (within === undefined) {
    within = actorWithin(actor, new Set([accountId, ...(await descendantsOf(ctx.prisma, accountId))]));
    byAccount.set(accountId, within);
  }
  return { ...principal, actor: within };
}
