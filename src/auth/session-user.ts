// What R-SESS-1 re-checks about the signed-in user on each request, as one prepared read.
import { parseStringList } from '../authz/json-columns.ts';
import { dateColumn, intColumn, textColumn } from '../reads/columns.ts';
import { defineRead, type ReadConnection, type Row } from '../reads/read-connection.ts';

export interface SessionUser {
  readonly id: string;
  readonly status: string;
  /** A disable's end (R-STATE-2): from then on the account counts as enabled. */
  readonly disabledUntil: Date | null;
  readonly lockedUntil: Date | null;
  readonly passwordChangedAt: Date | null;
  readonly accessVersion: number;
  readonly ipAllowlist: readonly string[];
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** The columns, for statements that read them beside others (the principal cache's). */
export const SESSION_USER_COLUMNS = ['id', 'status', 'disabledUntil', 'lockedUntil', 'passwordChangedAt', 'accessVersion', 'ipAllowlist', 'email', 'firstName', 'lastName'] as const;

const readUser = defineRead(
  'session_user',
  (d) => `SELECT ${SESSION_USER_COLUMNS.map((column) => `"${column}"`).join(', ')} FROM ${d.table('User')} WHERE "id" = ${d.param(1)}`,
);

const NO_ALLOWLIST: readonly string[] = Object.freeze([]);

/** `previous` lends its parsed allowlist when the stored text has not changed, so the common case parses nothing. */
export function sessionUserFrom(row: Row, previous?: { readonly ipAllowlistText: string; readonly user: SessionUser }): { user: SessionUser; ipAllowlistText: string } {
  const ipAllowlistText = textColumn(row.ipAllowlist);
  return {
    ipAllowlistText,
    user: {
      id: textColumn(row.id),
      status: textColumn(row.status),
      disabledUntil: dateColumn(row.disabledUntil),
      lockedUntil: dateColumn(row.lockedUntil),
      passwordChangedAt: dateColumn(row.passwordChangedAt),
      accessVersion: intColumn(row.accessVersion),
      ipAllowlist:
        ipAllowlistText === '[]'
          ? NO_ALLOWLIST
          : previous && previous.ipAllowlistText === ipAllowlistText
            ? previous.user.ipAllowlist
            : parseStringList(ipAllowlistText),
      email: textColumn(row.email),
      firstName: textColumn(row.firstName),
      lastName: textColumn(row.lastName),
    },
  };
}

/** The user row with its allowlist text (what a later read is compared with), or null. */
export async function readSessionUserRow(reads: ReadConnection, userId: string): Promise<{ user: SessionUser; ipAllowlistText: string } | null> {
  const row = await reads.first(readUser, [userId]);
  return row ? sessionUserFrom(row) : null;
}

export async function readSessionUser(reads: ReadConnection, userId: string): Promise<SessionUser | null> {
  return (await readSessionUserRow(reads, userId))?.user ?? null;
}
