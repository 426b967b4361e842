import type { RuleId } from '../engine/types.ts';
import { type ErrorCode, errorCodes } from './codes.ts';

/** Extra members of the problem document, e.g. the rule that denied, or the invalid fields. */
export type ProblemExtensions = Readonly<Record<string, unknown>>;

/** The one error type services throw; its code decides the HTTP status and the panel notice. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly extensions: ProblemExtensions;

  constructor(code: ErrorCode, detail?: string, extensions: ProblemExtensions = {}) {
    super(detail ?? errorCodes[code].title);
    this.name = 'GatehouseError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.title = errorCodes[code].title;
    this.extensions = extensions;
  }
}

/** A denial by the role engine: 403 naming the rule. (Out-of-scope records answer NOT_FOUND instead.) */
export function forbidden(rule: RuleId, reason: string): GatehouseError {
  return new GatehouseError('FORBIDDEN', reason, { rule });
}

export function notFound(what = 'record'): GatehouseError {
  return new GatehouseError('NOT_FOUND', `No such ${what}`);
}

export function isGatehouseError(error: unknown): error is GatehouseError {
  return error instanceof GatehouseError;
}
