// Prisma unique-constraint failures that decide races, turned into the answer the caller understands.
import type { ErrorCode } from '../errors/codes.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

function uniqueTarget(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'P2002') return null;
  // Depending on the driver adapter, meta.target is a list of fields, an index name or missing.
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).toLowerCase();
}

/** Maps a unique violation to the code whose field list it mentions first; anything else is rethrown as is. */
export function mapUniqueViolation(error: unknown, byField: readonly (readonly [field: string, code: ErrorCode])[], fallback: ErrorCode = 'CONFLICT'): unknown {
  const target = uniqueTarget(error);
  if (target === null) return error;
  const match = byField.find(([field]) => target.includes(field.toLowerCase()));
  return new GatehouseError(match ? match[1] : fallback);
}
