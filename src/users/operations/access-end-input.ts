// The end of a membership (R-EXP-1) as the operations take it: an ISO 8601 instant with its zone,
// or null for "does not end". It must lie in the future — a check against the injected clock, so
// the operation makes it (futureAccessEnd, in `refuse`: 400, nothing changes), not the schema.
import { z } from 'zod';
import { GatehouseError } from '../../errors/gatehouse-error.ts';

export const accessEndInput = z.iso
  .datetime({ offset: true, message: 'A date and time with its zone, e.g. 2026-12-24T09:00:00Z' })
  .describe('When the membership ends: from this instant it gives nothing (R-EXP-1)');

/** What is stored: undefined when the request does not touch the end, null for none. */
export function accessEndOf(expiresAt: string | null | undefined): Date | null | undefined {
  return expiresAt === undefined || expiresAt === null ? expiresAt : new Date(expiresAt);
}

/** An end that has already come would give nothing at all: bad input (400), named by its field. */
export function futureAccessEnd(expiresAt: string | null | undefined, now: Date, path = 'expiresAt'): GatehouseError | null {
  if (expiresAt === undefined || expiresAt === null || new Date(expiresAt).getTime() > now.getTime()) return null;
  return new GatehouseError('INVALID_INPUT', 'The end of the access must be in the future', { errors: [{ in: 'body', path, message: 'Must be in the future' }] });
}

/** Audit details' form of an end: ISO text, null for none. */
export function endText(end: Date | null): string | null {
  return end === null ? null : end.toISOString();
}
