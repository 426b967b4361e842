// The single place where errors become HTTP answers: application/problem+json (RFC 9457) with a
// stable code. Unexpected errors are logged and answered 500 without any detail; database faults
// are logged and answered 503.
import type { ErrorRequestHandler, Response } from 'express';
import { type ErrorCode, errorCodes } from './codes.ts';
import { isDatabaseUnavailable } from './database-faults.ts';
import { GatehouseError, isGatehouseError } from './gatehouse-error.ts';

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

export function problemOf(error: GatehouseError): ProblemDocument {
  return {
    ...error.extensions,
    type: `https://gatehouse.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    code: error.code,
    detail: error.message,
  };
}

export function sendProblem(res: Response, error: GatehouseError): void {
  // A fault that passes: clients and proxies may try again shortly.
  if (error.status === 503) res.set('Retry-After', '2');
  res.status(error.status).type('application/problem+json').send(JSON.stringify(problemOf(error)));
}

/** Errors thrown by Express's own body parser and by Prisma, translated to our codes. */
export function translateError(error: unknown): GatehouseError | null {
  if (isGatehouseError(error)) return error;
  if (typeof error !== 'object' || error === null) return null;
  // The database is down, restarting, locked or read-only: the request changed nothing (its
  // transaction, if any, is rolled back) and can be sent again once it is back.
  if (isDatabaseUnavailable(error)) return new GatehouseError('SERVICE_UNAVAILABLE');
  const { type, code, status } = error as { type?: unknown; code?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return new GatehouseError('MALFORMED_JSON');
  if (type === 'entity.too.large') return new GatehouseError('PAYLOAD_TOO_LARGE');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new GatehouseError('UNSUPPORTED_MEDIA_TYPE');
  // A unique constraint decided a race that the service's own check could not see (R-UNIQ-1, R-INV-2…).
  if (code === 'P2002') return new GatehouseError('CONFLICT', 'A concurrent change got there first');
  if (code === 'P2025') return new GatehouseError('NOT_FOUND');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const match = (Object.keys(errorCodes) as ErrorCode[]).find((key) => errorCodes[key].status === status);
    if (match) return new GatehouseError(match);
  }
  return null;
}

export function problemMiddleware(log: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = translateError(error);
    if (known?.code === 'SERVICE_UNAVAILABLE' && known !== error) log(error);
    if (known) return sendProblem(res, known);
    log(error);
    sendProblem(res, new GatehouseError('INTERNAL'));
  };
}
