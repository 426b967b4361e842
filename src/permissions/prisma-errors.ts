// Prisma's error codes for the constraint races the role and policy services expect.

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A foreign key refused the change: a row started using the record between the check and the delete. */
export const isForeignKeyViolation = (error: unknown): boolean => codeOf(error) === 'P2003';

/** A unique index refused the change: a concurrent request created the same name or key first. */
export const isUniqueViolation = (error: unknown): boolean => codeOf(error) === 'P2002';
