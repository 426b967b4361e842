// requirePermission: the host's own routes decided by the same engine as the panel and the REST
// API. Without a target the question is "does the caller hold this permission in some
// organisation" (a list page); with one, the full decision on that record.
import type { Request, RequestHandler, Response } from 'express';
import type { GatehouseContext } from '../context.ts';
import type { Target } from '../engine/types.ts';
import { GatehouseError, forbidden, notFound } from '../errors/gatehouse-error.ts';
import { sendProblem, translateError } from '../errors/problem.ts';
import { requestState } from '../http/state.ts';

export interface RequirePermissionOptions {
  /** Builds the engine's target from the request, e.g. from the invoice named by `req.params.id`. */
  readonly target?: (req: Request) => Target | null | Promise<Target | null>;
}

/** Runs Gatehouse's session and authentication on a host route that is not behind its router. */
function identified(identify: readonly RequestHandler[], req: Request, res: Response): Promise<void> {
  // The session middleware sets req.session: when it is there, Gatehouse's router already ran.
  if (req.session !== undefined) return Promise.resolve();
  return identify.reduce<Promise<void>>(
    (previous, handler) => previous.then(() => new Promise<void>((resolve, reject) => handler(req, res, (error?: unknown) => (error ? reject(error) : resolve())))),
    Promise.resolve(),
  );
}

export function requirePermission(ctx: GatehouseContext, identify: readonly RequestHandler[], action: string, options: RequirePermissionOptions = {}): RequestHandler {
  if (!Object.hasOwn(ctx.catalog, action)) throw new Error(`requirePermission: "${action}" is not in the permission catalog`);
  return async (req, res, next) => {
    try {
      await identified(identify, req, res);
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
