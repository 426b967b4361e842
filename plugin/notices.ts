// The one place where Gatehouse errors become panel notices, as src/errors/problem.ts is the one
// place where they become problem+json: the same stable codes (src/errors/codes.ts), the same rule
// ids on denials (in the problem document, not in the words), so that the panel and the REST API
// tell a user the same thing.
import type { NoticeMessage } from 'adminjs';
import type { ErrorCode } from '../src/errors/codes.ts';
import { type GatehouseError, isGatehouseError } from '../src/errors/gatehouse-error.ts';
import { panelTranslations } from './labels.ts';

/** Codes whose notice says more than the error's own message: what the user can do about it. */
const hints: Partial<Record<ErrorCode, string>> = {
  FORBIDDEN: 'Ask someone who manages users in this organisation.',
  NOT_FOUND: 'It may have been removed, or it is outside your organisations.',
  STATE_CHANGED: 'Reload the page and try again.',
  UNIQUE_ROLE_TAKEN: 'Only one member of the organisation may hold this role.',
  TOO_MANY_GRANTS: 'Split the permissions over two policies.',
};

/** A field's name as the panel's forms call it: `ipAllowlist.0` reads "Allowed IP addresses, line 1". */
function fieldInWords(path: string): string {
  const [name = '', ...rest] = path.split('.');
  const base = name.replace(/Id$/, '');
  const labels: Readonly<Record<string, string>> = panelTranslations.properties;
  const words = (Object.hasOwn(labels, name) ? labels[name] : undefined)
    ?? (Object.hasOwn(labels, base) ? labels[base] : undefined)
    ?? base.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase()).replace('Organization', 'Organisation');
  const line = rest.find((part) => /^\d+$/.test(part));
  return line === undefined ? words : `${words}, line ${Number(line) + 1}`;
}

/** zod's generic messages in plain words; the schemas' own messages are already words. */
function problemInWords(message: string): string {
  if (/received undefined/.test(message)) return 'required';
  if (/^Invalid input: expected/.test(message)) return 'not valid here';
  if (/^Unrecognized key/.test(message)) return 'not a field of this form';
  const size = /^Too (big|small): expected (string|array) to have ([<>]=?)(\d+) (characters|items)/.exec(message);
  if (size) return `${size[1] === 'big' ? 'at most' : 'at least'} ${size[4]} ${size[5]}`;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function fieldProblems(error: GatehouseError): string {
  const issues = error.extensions.issues ?? error.extensions.errors;
  if (!Array.isArray(issues)) return '';
  const parts = issues
    .map((issue) => (typeof issue === 'object' && issue !== null ? issue as { path?: unknown; message?: unknown } : null))
    .filter((issue): issue is { path?: unknown; message?: unknown } => issue !== null)
    .map((issue) => {
      const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
      const problem = problemInWords(String(issue.message ?? ''));
      return path ? `${fieldInWords(path)}: ${problem}` : problem;
    });
  return parts.length > 0 ? ` (${[...new Set(parts)].join('; ')})` : '';
}

/** Validation names where the input went wrong (`Invalid body`); the panel says what to do instead. */
const messageOf = (error: GatehouseError): string => (/^Invalid (body|query|params)$/.test(error.message) ? 'Check the form' : error.message);

/**
 * The notice for a Gatehouse error: its message in words and a hint. The rule that denied stays in
 * the problem document and the audit trail: staff read what happened, not the rule's id.
 */
export function errorNotice(error: GatehouseError): NoticeMessage {
  const hint = hints[error.code] ? ` ${hints[error.code]}` : '';
  return { message: `${messageOf(error)}${fieldProblems(error)}.${hint}`.replace(/\.\./g, '.'), type: 'error' };
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
