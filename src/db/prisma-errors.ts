// The one place that reads Prisma's error codes. Services never match `P2002` themselves: they
// name the constraint that decides a race (a unique column, a foreign key) and what it means.

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A unique index refused the write. */
export const isUniqueViolation = (error: unknown): boolean => codeOf(error) === 'P2002';

/** A foreign key refused the change: a row started (or stopped) referencing the record meanwhile. */
export const isForeignKeyViolation = (error: unknown): boolean => codeOf(error) === 'P2003';

/** The row an update or delete needed is gone. */
export const isRecordMissing = (error: unknown): boolean => codeOf(error) === 'P2025';

/**
 * A unique violation on an index that covers `field`. Depending on the driver adapter, Prisma's
 * `meta.target` is a list of fields, an index name or missing, so any mention of the field counts.
 */
export function isUniqueViolationOn(error: unknown, field: string): boolean {
  if (!isUniqueViolation(error)) return false;
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).toLowerCase().includes(field.toLowerCase());
}
