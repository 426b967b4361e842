// requirePermission: the host's own routes decided by the same engine as the panel and the REST
// API. Without a target the question is "does the caller hold this permission in some
// organisation" (a list page); with one, the full decision on that record. The caller is
// identified from Gatehouse's own session cookie (auth/cookie-identity.ts), never from
// req.session, which on a host route may well be the host's own session.
import type { Request, RequestHandler } from 'express';
import { wasIdentified } from '../auth/authenticate.ts';
import type { CookieIdentifier } from '../auth/cookie-identity.ts';
import type { GatehouseContext } from '../context.ts';
import type { Target } from '../engine/types.ts';
import { GatehouseError, forbidden, notFound } from '../errors/gatehouse-error.ts';
import { sendProblem, translateError } from '../errors/problem.ts';
import { requestState } from '../http/state.ts';

export interface RequirePermissionOptions {
  /** Builds the engine's target from the request, e.g. from the invoice named by `req.params.id`. */
  readonly target?: (req: Request) => Target | null | Promise<Target | null>;
}

export function requirePermission(ctx: GatehouseContext, identifier: CookieIdentifier, action: string, options: RequirePermissionOptions = {}): RequestHandler {
  if (!Object.hasOwn(ctx.catalog, action)) throw new Error(`requirePermission: "${action}" is not in the permission catalog`);
  return async (req, res, next) => {
    try {
      if (!wasIdentified(res)) await identifier.identify(req, res);
      const { principal, sessionEnded } = requestState(res);
      if (!principal) throw new GatehouseError(sessionEnded ? 'SESSION_ENDED' : 'NOT_SIGNED_IN');
      if (!options.target) {
        if (!ctx.engine.holdsAnywhere(principal.actor, action)) throw forbidden('R-PERM-1', `Needs the permission ${action}`);
        return next();
      }
      const target = await options.target(req);
      if (!target) throw notFound();
      const decision = ctx.engine.decide(principal.actor, action, target);
      if (decision.allowed) return next();
      throw decision.rule === 'R-TENANT-1' ? notFound() : forbidden(decision.rule, decision.reason);
    } catch (error) {
      const known = translateError(error);
      if (!known) return next(error);
      sendProblem(res, known);
    }
  };
}
