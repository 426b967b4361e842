// The panel's own endpoints answer like the REST API when something is wrong: a 4xx problem
// document (with the notice the panel shows), never an HTML stack trace, in any NODE_ENV.
//   - panelRequestGuard, in front of AdminJS's API: an unknown resource, action, page or record
//     path answers 404; paging out of range, filters and sorts on anything but the list's visible
//     columns, and text no database stores answer 400 — all before AdminJS sees them;
//   - jsonForAdminJs: JSON bodies read by express.json (a broken one is a 400), not by formidable;
//   - panelApiNotFound and panelErrors, behind AdminJS: a path nothing answered is a 404, and
//     whatever AdminJS or a handler throws becomes a problem document — Gatehouse's errors with
//     their own status, AdminJS's not-found and forbidden as 404 and 403, a broken upload as 400 —
//     and anything else a logged 500 without detail.
import type AdminJS from 'adminjs';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from '../src/config/options.ts';
import { GatehouseError, isGatehouseError } from '../src/errors/gatehouse-error.ts';
import { problemOf, translateError } from '../src/errors/problem.ts';
import { errorNotice } from './notices.ts';
import { illFormedPath, illFormedTextError, wellFormed } from '../src/http/well-formed.ts';

const RESOURCE_PATH = /^\/api\/resources\/([^/]+)(?:\/(actions|records|bulk)\/([^/]+)(?:\/([^/]+))?)?\/?$/;

function answer(res: Parameters<RequestHandler>[1], error: GatehouseError): void {
  res.status(error.status).type('application/problem+json').send(JSON.stringify({ ...problemOf(error), notice: errorNotice(error) }));
}

/** A path segment decoded, or null when it is not valid percent-encoded UTF-8 or holds what no database stores. */
function decoded(segment: string): string | null {
  try {
    const text = decodeURIComponent(segment);
    return wellFormed(text) ? text : null;
  } catch {
    return null;
  }
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

type Decorated = ReturnType<AdminJS['resources'][number]['decorate']>;
type Property = { isVisible(where: string): boolean; isSortable(): boolean; availableValues(): readonly { value: unknown }[] | null };

/** A property the list shows (own, not inherited: `constructor` is no column). */
function listProperty(decorated: Decorated, key: string): Property | null {
  const properties = decorated.properties as unknown as Record<string, Property>;
  return Object.hasOwn(properties, key) ? (properties[key] as Property) : null;
}

/**
 * Filters and sorts only on what the list shows (R-SECRET-1): a hidden field — a security
 * question, a hash — is no filter, or it would answer yes/no questions about its value.
 */
function listProblem(decorated: Decorated, query: Record<string, unknown>): GatehouseError | null {
  for (const name of Object.keys(query)) {
    if (!name.startsWith('filters.')) continue;
    const key = name.slice('filters.'.length).split('~~')[0] ?? '';
    const property = listProperty(decorated, key);
    if (!property?.isVisible('filter')) {
      return new GatehouseError('INVALID_INPUT', 'This list cannot be filtered by that', { errors: [{ in: 'query', path: name, message: 'not a filter of this list' }] });
    }
    // A choice filter takes one of its choices.
    const choices = property.availableValues();
    if (choices && !choices.some((choice) => String(choice.value) === String(query[name]))) {
      return new GatehouseError('INVALID_INPUT', 'Choose one of the values the list offers', { errors: [{ in: 'query', path: name, message: 'not one of the choices' }] });
    }
  }
  const sortBy = query.sortBy;
  if (sortBy !== undefined && !(typeof sortBy === 'string' && listProperty(decorated, sortBy)?.isSortable())) {
    return new GatehouseError('INVALID_INPUT', 'This list cannot be sorted by that', { errors: [{ in: 'query', path: 'sortBy', message: 'not a sortable column' }] });
  }
  if (query.direction !== undefined && query.direction !== 'asc' && query.direction !== 'desc') {
    return new GatehouseError('INVALID_INPUT', 'The sort direction is asc or desc', { errors: [{ in: 'query', path: 'direction', message: 'asc or desc' }] });
  }
  return null;
}

/** Behind AdminJS: a panel API path nothing answered (a POST to a GET-only route…) is a 404 problem, not Express's HTML page. */
export function panelApiNotFound(): RequestHandler {
  return (req, res, next) => (req.path.startsWith('/api/') ? answer(res, new GatehouseError('NOT_FOUND', 'No such panel route')) : next());
}

/** `admin` is the built panel (the guard runs after the panel is built). */
export function panelRequestGuard(admin: AdminJS): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    if (req.path.startsWith('/api/pages/')) {
      const name = decoded(req.path.slice('/api/pages/'.length).replace(/\/$/, ''));
      return name !== null && Object.hasOwn(admin.options.pages ?? {}, name) ? next() : answer(res, new GatehouseError('NOT_FOUND', 'No such page'));
    }
    if (req.path === '/api/dashboard' || req.path === '/api/dashboard/') return next();
    // Any segment (a record id, a search term) that is not valid UTF-8 or holds a NUL names nothing.
    if (req.path.split('/').some((segment) => decoded(segment) === null)) return answer(res, new GatehouseError('NOT_FOUND', 'No such panel route'));
    const match = RESOURCE_PATH.exec(req.path);
    if (!match) return answer(res, new GatehouseError('NOT_FOUND', 'No such panel route'));
    const [, resourceId, kind, second, third] = match;
    const resourceName = decoded(resourceId ?? '');
    const resource = admin.resources.find((candidate) => candidate.id() === resourceName);
    if (!resource) return answer(res, new GatehouseError('NOT_FOUND', 'No such resource'));
    if (kind !== undefined) {
      const actionName = kind === 'records' ? third : second;
      const action = actionName === undefined ? null : decoded(actionName);
      if (action === null || !Object.hasOwn(resource.decorate().actions, action)) {
        return answer(res, new GatehouseError('NOT_FOUND', 'No such action'));
      }
    }
    const illFormed = illFormedPath(req.query);
    if (illFormed !== null) return answer(res, illFormedTextError('query', illFormed));
    const problem = pagingProblem(req.query as Record<string, unknown>) ?? listProblem(resource.decorate(), req.query as Record<string, unknown>);
    return problem ? answer(res, problem) : next();
  };
}

function adminJsError(error: unknown): GatehouseError | null {
  const name = (error as { name?: unknown; constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (name === 'NotFoundError') return new GatehouseError('NOT_FOUND');
  if (name === 'ForbiddenError') return new GatehouseError('FORBIDDEN', 'You are not allowed to do this here.');
  // What Prisma refuses to even run (a value of the wrong type for a column): bad input, not a fault.
  if (name === 'PrismaClientValidationError') return new GatehouseError('INVALID_INPUT', 'A value in the request is not valid here');
  // express-formidable's JSON parser: a body that is not JSON.
  if (error instanceof SyntaxError) return new GatehouseError('MALFORMED_JSON');
  // express-formidable: a malformed multipart or urlencoded body.
  if (typeof (error as { httpCode?: unknown } | null)?.httpCode === 'number' || /multipart|formidable|boundary/i.test(String((error as Error | null)?.message ?? ''))) {
    return new GatehouseError('INVALID_INPUT', 'The form could not be read');
  }
  return null;
}

export function panelErrors(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    // express-formidable reports a broken body twice (its 'error' event and its callback): the
    // first was answered; the second has nothing left to say.
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    const known = isGatehouseError(error) ? error : (translateError(error) ?? adminJsError(error));
    if (known) return answer(res, known);
    logger.error('unexpected error in the panel', error);
    answer(res, new GatehouseError('INTERNAL'));
  };
}

const json = express.json({ limit: '100kb', strict: true });

/**
 * JSON bodies for AdminJS's own routes are read here, not by express-formidable, whose JSON parser
 * throws on a broken body: express.json answers that with a 400 (MALFORMED_JSON). What it read is
 * handed to AdminJS as formidable would (`fields`), and formidable skips the request.
 */
export function jsonForAdminJs(): RequestHandler {
  return (req, res, next) => {
    if (!req.is('application/json')) return next();
    json(req, res, (error?: unknown) => {
      if (error) return next(error);
      Object.assign(req, { fields: (req.body as Record<string, unknown> | undefined) ?? {}, files: {}, express_formidable: { parsed: true } });
      next();
    });
  };
}
