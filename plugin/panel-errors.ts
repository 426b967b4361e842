// The panel's own endpoints answer like the REST API when something is wrong: a 4xx problem
// document (with the notice the panel shows), never an HTML stack trace, in any NODE_ENV.
//   - panelRequestGuard, in front of AdminJS's API: an unknown resource, action, page or record
//     path answers 404, and paging parameters out of range answer 400, before AdminJS sees them;
//   - panelErrors, behind it: whatever AdminJS or a handler throws becomes a problem document —
//     Gatehouse's errors with their own status, AdminJS's not-found and forbidden as 404 and 403,
//     a broken upload as 400 — and anything else a logged 500 without detail.
import type AdminJS from 'adminjs';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../src/config/options.ts';
import { GatehouseError, isGatehouseError } from '../src/errors/gatehouse-error.ts';
import { problemOf, translateError } from '../src/errors/problem.ts';
import { errorNotice } from './notices.ts';

const RESOURCE_PATH = /^\/api\/resources\/([^/]+)(?:\/(actions|records|bulk)\/([^/]+)(?:\/([^/]+))?)?\/?$/;

function answer(res: Parameters<RequestHandler>[1], error: GatehouseError): void {
  res.status(error.status).type('application/problem+json').send(JSON.stringify({ ...problemOf(error), notice: errorNotice(error) }));
}

function pagingProblem(query: Record<string, unknown>): GatehouseError | null {
  for (const name of ['page', 'perPage'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    const number = typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : NaN;
    const max = name === 'perPage' ? 100 : 1_000_000;
    if (!(number >= 1 && number <= max)) {
      return new GatehouseError('INVALID_INPUT', `${name === 'page' ? 'The page' : 'The page size'} must be a whole number from 1 to ${max}`, { errors: [{ in: 'query', path: name, message: `1 to ${max}` }] });
    }
  }
  return null;
}

/** `admin` is the built panel (the guard runs after the panel is built). */
export function panelRequestGuard(admin: AdminJS): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    if (req.path.startsWith('/api/pages/')) {
      const name = decodeURIComponent(req.path.slice('/api/pages/'.length).replace(/\/$/, ''));
      return Object.hasOwn(admin.options.pages ?? {}, name) ? next() : answer(res, new GatehouseError('NOT_FOUND', 'No such page'));
    }
    if (req.path === '/api/dashboard' || req.path === '/api/dashboard/') return next();
    const match = RESOURCE_PATH.exec(req.path);
    if (!match) return answer(res, new GatehouseError('NOT_FOUND', 'No such panel route'));
    const [, resourceId, kind, second, third] = match;
    const resource = admin.resources.find((candidate) => candidate.id() === decodeURIComponent(resourceId ?? ''));
    if (!resource) return answer(res, new GatehouseError('NOT_FOUND', 'No such resource'));
    if (kind !== undefined) {
      const actionName = kind === 'records' ? third : second;
      if (actionName === undefined || !Object.hasOwn(resource.decorate().actions, decodeURIComponent(actionName))) {
        return answer(res, new GatehouseError('NOT_FOUND', 'No such action'));
      }
    }
    const problem = pagingProblem(req.query as Record<string, unknown>);
    return problem ? answer(res, problem) : next();
  };
}

function adminJsError(error: unknown): GatehouseError | null {
  const name = (error as { name?: unknown; constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (name === 'NotFoundError') return new GatehouseError('NOT_FOUND');
  if (name === 'ForbiddenError') return new GatehouseError('FORBIDDEN', 'You are not allowed to do this here.');
  // express-formidable: a malformed multipart or urlencoded body.
  if (typeof (error as { httpCode?: unknown } | null)?.httpCode === 'number' || /multipart|formidable|boundary/i.test(String((error as Error | null)?.message ?? ''))) {
    return new GatehouseError('INVALID_INPUT', 'The form could not be read');
  }
  return null;
}

export function panelErrors(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = isGatehouseError(error) ? error : (translateError(error) ?? adminJsError(error));
    if (known) return answer(res, known);
    logger.error('unexpected error in the panel', error);
    answer(res, new GatehouseError('INTERNAL'));
  };
}
