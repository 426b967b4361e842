// The REST API at <mount>/api/v1: JSON in and out, every route from the route table, every error
// as problem+json from one middleware.
import express, { type Router } from 'express';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { problemMiddleware } from '../errors/problem.ts';
import { openApiDocument } from '../http/openapi.ts';
import { inSequence } from '../http/in-sequence.ts';
import { requireWellFormedText } from '../http/well-formed.ts';
import type { AnyRoute } from '../http/route.ts';
import { routeTable } from '../http/route-table.ts';

export interface Api {
  readonly router: Router;
  /** Adds a route after start-up (a host's defineAction); it also appears in openapi.json. */
  addRoute(route: AnyRoute): void;
}

export function createApi(ctx: GatehouseContext, initialRoutes: readonly AnyRoute[]): Api {
  const routes = [...initialRoutes];
  const table = routeTable(routes);
  const router = express.Router();
  router.use(inSequence(express.json({ limit: '100kb', strict: true }), requireWellFormedText()));
  router.get('/openapi.json', (req, res) => {
    res.json(openApiDocument(routes, { title: `${ctx.config.productName} API`, version: '1', serverUrl: `${req.baseUrl}` }));
  });
  router.use(table.middleware);
  router.use(() => {
    throw new GatehouseError('NOT_FOUND', 'No such API route');
  });
  router.use(problemMiddleware((error) => ctx.config.logger.error('unexpected error in the REST API', error)));
  return {
    router,
    addRoute(route) {
      routes.push(route);
      table.add(route);
    },
  };
}
