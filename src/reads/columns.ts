// Column values as the drivers hand them over, made uniform: better-sqlite3 gives Prisma's
// DateTime columns as ISO text and booleans as 0/1, pg gives Dates and booleans, Prisma's raw
// queries give Dates and (on SQLite) BigInts for integers.

/** A DateTime column; text without a zone is UTC, as Prisma reads it. */
export function dateColumn(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * A DateTime parameter compared with a stored column: on SQLite, Prisma stores ISO text with
 * `+00:00`, compared as text; PostgreSQL reads ISO text into its timestamp columns.
 */
export function dateParam(provider: 'sqlite' | 'postgresql', date: Date): string {
  const iso = date.toISOString();
  return provider === 'sqlite' ? `${iso.slice(0, -1)}+00:00` : iso;
}

export function requiredDate(value: unknown): Date {
  return dateColumn(value) ?? new Date(Number.NaN);
}

export function boolColumn(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't';
}

/** A nullable boolean (Membership.isOwner is true or NULL). */
export function nullableBoolColumn(value: unknown): boolean | null {
  return value === null || value === undefined ? null : boolColumn(value);
}

export function intColumn(value: unknown): number {
  return Number(value);
}

export function textColumn(value: unknown): string {
  return String(value);
}

export function nullableTextColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
