// The one place where Gatehouse errors become panel notices, as src/errors/problem.ts is the one
// place where they become problem+json: the same stable codes (src/errors/codes.ts), the same rule
// ids on denials, so that the panel and the REST API tell a user the same thing.
import type { NoticeMessage } from 'adminjs';
import type { ErrorCode } from '../src/errors/codes.ts';
import { type GatehouseError, isGatehouseError } from '../src/errors/gatehouse-error.ts';

/** Codes whose notice says more than the error's own message: what the user can do about it. */
const hints: Partial<Record<ErrorCode, string>> = {
  FORBIDDEN: 'Ask someone who manages users in this organisation.',
  NOT_FOUND: 'It may have been removed, or it is outside your organisations.',
  STATE_CHANGED: 'Reload the page and try again.',
  UNIQUE_ROLE_TAKEN: 'Only one member of the organisation may hold this role.',
  TOO_MANY_GRANTS: 'Split the permissions over two policies.',
};

function fieldProblems(error: GatehouseError): string {
  const issues = error.extensions.issues ?? error.extensions.errors;
  if (!Array.isArray(issues)) return '';
  const parts = issues
    .map((issue) => (typeof issue === 'object' && issue !== null ? issue as { path?: unknown; message?: unknown } : null))
    .filter((issue): issue is { path?: unknown; message?: unknown } => issue !== null)
    .map((issue) => `${Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '')}: ${String(issue.message ?? '')}`.replace(/^: /, ''));
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/** The notice for a Gatehouse error: its message, the rule that denied, and a hint. */
export function errorNotice(error: GatehouseError): NoticeMessage {
  const rule = typeof error.extensions.rule === 'string' ? ` [${error.extensions.rule}]` : '';
  const hint = hints[error.code] ? ` ${hints[error.code]}` : '';
  return { message: `${error.message}${fieldProblems(error)}${rule}.${hint}`.replace(/\.\./g, '.'), type: 'error' };
}

export function successNotice(message: string): NoticeMessage {
  return { message, type: 'success' };
}

/** Runs a service call; a Gatehouse error becomes a notice, anything else is a bug and is thrown. */
export async function asNotice<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; notice: NoticeMessage; code: ErrorCode }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isGatehouseError(error)) return { ok: false, notice: errorNotice(error), code: error.code };
    throw error;
  }
}
