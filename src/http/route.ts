// A REST route is declared once, as data: its zod schemas validate the request and generate the
// OpenAPI document; its handler calls a service. Every route follows the same pipeline:
// validate → authenticate → call the service (which asks the engine) → shape the answer.
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Principal } from '../authz/principal.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { requestState } from './state.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerInput<P, Q, B, A extends RouteAccess> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: A extends 'signed-in' ? Principal : Principal | null;
  readonly ip: string;
  readonly req: Request;
  readonly res: Response;
}

/** `public`: anyone (sign-in, accept an invitation); `signed-in`: a session or an API key. */
export type RouteAccess = 'public' | 'signed-in';

export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  A extends RouteAccess = RouteAccess,
> {
  readonly method: HttpMethod;
  /** Express-style path relative to the API root, e.g. `/users/:id/lock`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: A;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Documents the answer; the handler's shaping (serializers) decides what leaves. */
  readonly response?: z.ZodType;
  /** Success status; 204 answers no body. */
  readonly status?: 200 | 201 | 202 | 204;
  /** Extra documented error codes besides the usual ones. */
  readonly errors?: readonly number[];
  handle(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>, A>): Promise<unknown> | unknown;
}

export type AnyRoute = RouteDefinition<z.ZodType, z.ZodType, z.ZodType, RouteAccess>;

/** Identity function that lets TypeScript infer the handler's input types from the schemas. */
export function defineRoute<
  P extends z.ZodType = z.ZodObject<{}>,
  Q extends z.ZodType = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodUndefined,
  A extends RouteAccess = 'signed-in',
>(definition: RouteDefinition<P, Q, B, A>): AnyRoute {
  return definition as unknown as AnyRoute;
}

/** Validates one part of a request; a failure is a 400 listing every invalid field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: 'params' | 'query' | 'body'): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new GatehouseError('INVALID_INPUT', `Invalid ${where}`, {
    errors: result.error.issues.map((issue) => ({ in: where, path: issue.path.map(String).join('.'), message: issue.message })),
  });
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) {
    if (where === 'body' && value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) {
      throw new GatehouseError('INVALID_INPUT', 'This route takes no request body');
    }
    return undefined;
  }
  // A request without a body asks with no fields: an operation whose fields are all optional (a
  // disable, with or without its reason) is then called as before it had any.
  return parseInput(schema, where === 'body' && value === undefined ? {} : value, where);
}

const CSRF_HEADER = 'x-csrf-token';

/** R-CSRF-1: a cookie-authenticated change must echo the session's token; API keys need none. */
function requireCsrfToken(req: Request): void {
  const expected = req.session?.csrfToken;
  const given = req.get(CSRF_HEADER);
  if (!expected || !given || !safeEqual(given, expected)) throw new GatehouseError('CSRF', `Send the ${CSRF_HEADER} header given at sign-in`);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The request handler of one route: validate, authenticate, call, answer. */
export function routeHandler(route: AnyRoute): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    // Validation comes first: bad input changes nothing and never reaches a service.
    const params = parse(route.params, { ...req.params }, 'params');
    const query = parse(route.query, { ...(req.query as object) }, 'query');
    const body = parse(route.body, req.body, 'body');
    const { principal, sessionEnded } = requestState(res);
    if (route.access === 'signed-in' && !principal) {
      throw sessionEnded ? new GatehouseError('SESSION_ENDED', `The session has ended (${sessionEnded}); sign in again`) : new GatehouseError('NOT_SIGNED_IN');
    }
    if (principal?.via === 'session' && route.method !== 'get') requireCsrfToken(req);
    const result = await route.handle({ params, query, body, principal, ip: req.ip ?? '', req, res });
    if (res.headersSent) return;
    const status = route.status ?? 200;
    if (status === 204 || result === undefined) res.status(204).end();
    else sendJson(res, status, result);
  };
}

/**
 * The answer as JSON, written directly: res.json would hash every body for an ETag (3–4 % of a
 * signed-in read's CPU) that no client of this API revalidates with, and would format it with the
 * host app's `json spaces` and `json replacer` settings, which are not the API's.
 */
function sendJson(res: Response, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.status(status);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
