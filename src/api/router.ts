// The REST API at <mount>/api/v1: JSON in and out, every route from the route table, every error
// as problem+json from one middleware.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { problemMiddleware } from '../errors/problem.ts';
import { openApiDocument } from '../http/openapi.ts';
import { inSequence } from '../http/in-sequence.ts';
import { requireWellFormedText } from '../http/well-formed.ts';
import type { AnyRoute } from '../http/route.ts';
import { routeTable } from '../http/route-table.ts';

export interface Api {
  /** Mounted at `<mount>/api/v1`: the answer, then problem+json for every error on the way. */
  readonly handlers: readonly [RequestHandler, ErrorRequestHandler];
  /** Adds a route after start-up (a host's defineAction); it also appears in openapi.json. */
  addRoute(route: AnyRoute): void;
}

/**
 * Mounted as handlers rather than a router of its own: a nested router costs every call another
 * dispatch and URL parse. `callerOf`: how each route finds who is calling (src/auth/api-caller.ts).
 */
export function createApi(ctx: GatehouseContext, initialRoutes: readonly AnyRoute[], callerOf: (route: AnyRoute) => RequestHandler): Api {
  const routes = [...initialRoutes];
  const table = routeTable(routes, callerOf);
  const openApi: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/openapi.json') return next();
    res.json(openApiDocument(routes, { title: `${ctx.config.productName} API`, version: '1', serverUrl: `${req.baseUrl}` }));
  };
  const notFound: RequestHandler = () => {
    throw new GatehouseError('NOT_FOUND', 'No such API route');
  };
  return {
    handlers: [
      inSequence(express.json({ limit: '100kb', strict: true }), requireWellFormedText(), openApi, table.middleware, notFound),
      problemMiddleware((error) => ctx.config.logger.error('unexpected error in the REST API', error)),
    ],
    addRoute(route) {
      routes.push(route);
      table.add(route);
    },
  };
}
