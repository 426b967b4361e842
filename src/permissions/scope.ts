// Which organisations an actor may list roles or policies in: the engine decides each one, so a
// list never shows what a single read would refuse (R-TENANT-1).
import type { Actor, Target } from '../engine/types.ts';
import type { GatehouseContext } from '../context.ts';

type ListedKind = 'role' | 'policy';

function probe(kind: ListedKind, organizationId: string | null): Target {
  return kind === 'role'
    ? { kind: 'role', roleId: '', organizationId, protected: false }
    : { kind: 'policy', policyId: '', organizationId };
}

/** The organisations the actor reaches in which `action` is allowed on records of `kind`. */
export function organizationsAllowing(ctx: GatehouseContext, actor: Actor, action: string, kind: ListedKind): string[] {
  const allowed: string[] = [];
  for (const organizationId of actor.organizations.keys()) {
    if (ctx.engine.decide(actor, action, probe(kind, organizationId)).allowed) allowed.push(organizationId);
  }
  return allowed;
}

/** Built-in roles and preset policies (organisation null) are visible wherever the action is allowed somewhere. */
export function allowedForShared(ctx: GatehouseContext, actor: Actor, action: string, kind: ListedKind): boolean {
  return ctx.engine.decide(actor, action, probe(kind, null)).allowed;
}
