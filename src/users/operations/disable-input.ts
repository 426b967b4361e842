// What a disable may say (R-STATE-2): why, and until when. The reason is bounded and trimmed, an
// empty one is none; the end is an ISO 8601 instant with its zone, which must lie in the future —
// a check against the clock, so it is made by the operation (futureEnd), not by the schema.
import { z } from 'zod';
import { GatehouseError } from '../../errors/gatehouse-error.ts';

export const DISABLE_REASON_MAX = 500;

export const disableInput = z.strictObject({
  reason: z.string().trim().max(DISABLE_REASON_MAX).optional().describe('Why: shown to administrators and in the audit trail, never to the user'),
  until: z.iso
    .datetime({ offset: true, message: 'A date and time with its zone, e.g. 2026-12-24T09:00:00Z' })
    .optional()
    .describe('When the account counts as enabled again by itself; without it, until someone enables it'),
});

export type DisableInput = z.output<typeof disableInput>;

/** What the disable stores: an empty reason is no reason. */
export function disableData(input: DisableInput): { disabledReason: string | null; disabledUntil: Date | null } {
  return { disabledReason: input.reason ? input.reason : null, disabledUntil: input.until === undefined ? null : new Date(input.until) };
}

/** An end that has already come would disable nothing: bad input (400), nothing changes. */
export function futureEnd(input: DisableInput, now: Date): GatehouseError | null {
  if (input.until === undefined || new Date(input.until).getTime() > now.getTime()) return null;
  return new GatehouseError('INVALID_INPUT', 'The end of the disable must be in the future', {
    errors: [{ in: 'body', path: 'until', message: 'Must be in the future' }],
  });
}
