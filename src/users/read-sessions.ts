// The sessions lists (R-SESS-3): one's own (GET /me/sessions, My profile) and another user's
// (GET /users/:id/sessions, the panel's Sessions action). Seeing someone's sessions is part of
// managing them, so it is decided like ending them: user.manageSessions on the user, with R-ESC-2.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import { openSessionsOf, type SessionView, sessionView } from '../auth/user-sessions.ts';
import type { GatehouseContext } from '../context.ts';
import { loadTargetUser } from './facts.ts';
import { holderOf, userCheck } from './operations/user-check.ts';

export interface SessionList {
  readonly items: SessionView[];
  readonly total: number;
}

async function listOf(ctx: GatehouseContext, userId: string, currentSid: string | undefined): Promise<SessionList> {
  const items = (await openSessionsOf(ctx.prisma, ctx.config, userId, ctx.config.now())).map((open) => sessionView(open, currentSid));
  return { items, total: items.length };
}

/** One's own sessions; `currentSid` is the session the request came with (none through an API key). */
export function ownSessions(ctx: GatehouseContext, who: Principal, currentSid: string | undefined): Promise<SessionList> {
  return listOf(ctx, who.userId, currentSid);
}

/** Another user's sessions (or one's own), if the engine lets the actor manage them. */
export async function userSessions(ctx: GatehouseContext, who: Principal, userId: string, currentSid: string | undefined): Promise<SessionList> {
  const user = await loadTargetUser(ctx.prisma, userId);
  const holder = await holderOf(ctx, ctx.prisma, who, userId);
  await authorize(ctx, who, userCheck(who, 'user.manageSessions', user, { holder }));
  return listOf(ctx, userId, currentSid);
}
