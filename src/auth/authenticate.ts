// Runs on every request behind the router: finds who is calling (an API key on REST calls, else
// the session cookie) and re-checks, against the database, that they still may (R-SESS-1): a
// disabled, locked or re-passworded user, an expired session or an address outside the allowlist
// ends here. One prepared read of the user row per request; the compiled actor is cached by the
// row's accessVersion (principal-loader.ts).
import type { Request, RequestHandler, Response } from 'express';
import { actorFor, cachedActor } from '../authz/principal-loader.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Actor } from '../engine/types.ts';
import { isGatehouseError } from '../errors/gatehouse-error.ts';
import { sendProblem } from '../errors/problem.ts';
import { API_PATH } from '../http/api-path.ts';
import { requestState } from '../http/state.ts';
import { actAsImpersonated } from '../impersonation/acting.ts';
import { authenticateApiKey, bearerToken } from './api-key-auth.ts';
import { lastSeenIsStale, type SessionFacts, sessionEndReason } from './session-checks.ts';
import { GatehouseSessionStore, sessionOwnerRow } from './session-store.ts';
import { readSessionUser, type SessionUser, sessionUserFrom } from './session-user.ts';

export type { SessionEndReason } from './session-checks.ts';

/** The last session principal handed out per compiled actor: reused while the address is the same. */
const principals = new WeakMap<Actor, Principal>();

function sessionPrincipal(actor: Actor, userId: string, ip: string): Principal {
  const previous = principals.get(actor);
  if (previous !== undefined && previous.ip === ip) return previous;
  const principal: Principal = { userId, actor, via: 'session', ip };
  principals.set(actor, principal);
  return principal;
}

/** Responses whose request Gatehouse's router already identified (requirePermission then does not again). */
const identified = new WeakSet<Response>();

export function wasIdentified(res: Response): boolean {
  return identified.has(res);
}

/** The user row read with the session when it is there (one statement for both), else a read of its own. */
function sessionUser(ctx: GatehouseContext, req: Request, userId: string): Promise<SessionUser | null> | SessionUser {
  const owner = sessionOwnerRow(req);
  if (owner !== undefined && owner.id === userId) return sessionUserFrom(owner).user;
  return readSessionUser(ctx.reads, userId);
}

function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

/**
 * `where`: the REST API's handlers (req.path within the API), or the rest of Gatehouse's router
 * (the panel and its pages, req.path within the router).
 */
export function authenticate(ctx: GatehouseContext, where: 'api' | 'router'): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const state = requestState(res);
    identified.add(res);

    // API keys authenticate REST calls only; the panel is a browser's, with its session.
    const key = where === 'api' ? bearerToken(req.get('authorization')) : null;
    if (key !== null) {
      try {
        const caller = await authenticateApiKey(ctx, key, req.ip ?? '');
        state.principal = caller.principal;
        state.profile = caller.profile;
        return next();
      } catch (error) {
        if (!isGatehouseError(error)) throw error;
        return sendProblem(res, error);
      }
    }

    const userId = req.session?.userId;
    if (!userId || !req.session.signedInAt) return next();
    // signedInAt is there: checked just above.
    const session = req.session as Request['session'] & SessionFacts;

    const now = ctx.config.now().getTime();
    const found = sessionUser(ctx, req, userId);
    const user = found instanceof Promise ? await found : found;
    const reason = sessionEndReason(session, user, now, ctx.config, req.ip ?? '');
    if (reason || !user) {
      await destroy(req);
      state.sessionEnded = reason ?? 'gone';
      return next();
    }
    // Written as that one field, not by changing req.session: an unchanged session is not saved
    // whole at the end of the request (session-store.ts touchLastSeen).
    if (lastSeenIsStale(session, now)) {
      if (req.sessionStore instanceof GatehouseSessionStore) await req.sessionStore.touchLastSeen(req.sessionID, now);
      else req.session.lastSeenAt = now;
    }
    state.profile = { email: user.email, firstName: user.firstName, lastName: user.lastName };
    const actor = cachedActor(ctx, user.id, user.accessVersion, now) ?? (await actorFor(ctx, user.id, user.accessVersion));
    state.principal = sessionPrincipal(actor, user.id, req.ip ?? '');
    // Support acting as another user (R-IMP-1): the checks above were the impersonator's own.
    if (req.session.impersonation) await actAsImpersonated(ctx, req.session, req.method, state, where === 'api' ? `${API_PATH}${req.path}` : req.path);
    next();
  };
}
