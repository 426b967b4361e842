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
import { type AuditSubject, authorize } from '../authz/authorize.ts';
import { GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { sendProblem, translateError } from '../errors/problem.ts';
import { requestState } from '../http/state.ts';

export interface RequirePermissionOptions {
  /** Builds the engine's target from the request, e.g. from the invoice named by `req.params.id`. */
  readonly target?: (req: Request) => Target | null | Promise<Target | null>;
}

/** How a host route's denial is filed: the record when the route names one, else the route itself. */
function subjectOf(req: Request, target: Target | null): AuditSubject {
  const details = { method: req.method, path: req.originalUrl.split('?')[0] ?? '' };
  if (target?.kind === 'record') return { targetType: target.resource, targetId: target.id, organizationId: target.organizationId, details };
  if (target?.kind === 'organization') return { targetType: 'organization', targetId: target.organizationId, organizationId: target.organizationId, details };
  return { targetType: 'route', details };
}

export function requirePermission(ctx: GatehouseContext, identifier: CookieIdentifier, action: string, options: RequirePermissionOptions = {}): RequestHandler {
  if (!Object.hasOwn(ctx.catalog, action)) throw new Error(`requirePermission: "${action}" is not in the permission catalog`);
  return async (req, res, next) => {
    try {
      if (!wasIdentified(res)) await identifier.identify(req, res);
      const { principal, sessionEnded } = requestState(res);
      if (!principal) throw new GatehouseError(sessionEnded ? 'SESSION_ENDED' : 'NOT_SIGNED_IN');
      const target = options.target ? await options.target(req) : null;
      if (options.target && !target) throw notFound();
      // The same door as every operation: a denial of a mutating permission is audited (R-AUDIT-1).
      await authorize(ctx, principal, { action, target, subject: subjectOf(req, target) });
      return next();
    } catch (error) {
      const known = translateError(error);
      if (!known) return next(error);
      sendProblem(res, known);
    }
  };
}
