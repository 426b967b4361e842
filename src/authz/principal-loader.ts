// Turns a user id into a Principal: the compiled actor comes from the cache when the user's
// accessVersion still matches (and no grant of it has expired), otherwise it is loaded and
// compiled again.
import type { GatehouseContext } from '../context.ts';
import type { Actor } from '../engine/types.ts';
import { loadActorFacts } from './load-actor.ts';
import type { Principal } from './principal.ts';

/** The cached actor when it is still valid, synchronously: the common case costs no promise. */
export function cachedActor(ctx: GatehouseContext, userId: string, accessVersion: number, now: number): Actor | undefined {
  return ctx.actors.get(userId, accessVersion, now);
}

export async function actorFor(ctx: GatehouseContext, userId: string, accessVersion: number): Promise<Actor> {
  const cached = cachedActor(ctx, userId, accessVersion, ctx.config.now().getTime());
  if (cached) return cached;
  // R-EXP-1: compiled against the clock; the cache drops the entry at the actor's validUntil.
  const actor = ctx.engine.compile(await loadActorFacts(ctx.reads, userId), { now: ctx.config.now() });
  ctx.actors.set(userId, accessVersion, actor);
  return actor;
}

export async function principalFor(ctx: GatehouseContext, userId: string, accessVersion: number, ip: string, via: Principal['via']): Promise<Principal> {
  return { userId, actor: await actorFor(ctx, userId, accessVersion), via, ip };
}
