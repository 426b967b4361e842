// The REST API's routes as one table, looked up by method and first path segment. Mounted one by
// one on an Express router, each request was tried against every route before its own in turn
// (GET /users/:id was the 22nd of 140): a path match per route, most of the router's share of a
// signed-in read. Here a request is matched only against the few routes that share its method and
// first segment, in declaration order, with the same matching rules as Express (path-to-regexp,
// case-insensitive, an optional trailing slash, parameters decoded). Routes added later (a host's
// defineAction) join the table and are found like the others.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { match, type MatchFunction } from 'path-to-regexp';
import { inSequence } from './in-sequence.ts';
import { type AnyRoute, routeHandler } from './route.ts';

interface Entry {
  readonly matches: MatchFunction<Record<string, string>>;
  readonly handle: RequestHandler;
}

/** `get users` for GET /users/…: what a path's first segment and its method narrow the table to. */
function bucketOf(method: string, path: string): string {
  const end = path.indexOf('/', 1);
  return `${method === 'HEAD' ? 'GET' : method} ${(end < 0 ? path.slice(1) : path.slice(1, end)).toLowerCase()}`;
}

export interface RouteTable {
  add(route: AnyRoute): void;
  /** Answers a request one of the routes matches; passes every other one on. */
  readonly middleware: RequestHandler;
}

/**
 * `callerOf`: the step that finds who is calling, run once a request has found its route
 * (src/auth/api-caller.ts chooses it by the route); none when identification is not the table's.
 */
export function routeTable(routes: readonly AnyRoute[], callerOf?: (route: AnyRoute) => RequestHandler): RouteTable {
  const buckets = new Map<string, Entry[]>();
  const add = (route: AnyRoute) => {
    if (/^\/:/.test(route.path)) throw new Error(`route ${route.path}: a first segment that is a parameter cannot be looked up by name`);
    const key = bucketOf(route.method.toUpperCase(), route.path);
    const answer = routeHandler(route);
    const handle = callerOf ? inSequence(callerOf(route), answer) : answer;
    const entry: Entry = { matches: match(route.path, { decode: decodeURIComponent }), handle };
    buckets.set(key, [...(buckets.get(key) ?? []), entry]);
  };
  for (const route of routes) add(route);
  return {
    add,
    middleware(req: Request, res: Response, next: NextFunction) {
      for (const entry of buckets.get(bucketOf(req.method, req.path)) ?? []) {
        const found = entry.matches(req.path);
        if (!found) continue;
        req.params = found.params;
        const pending: unknown = entry.handle(req, res, next);
        if (pending instanceof Promise) pending.catch(next);
        return;
      }
      next();
    },
  };
}
