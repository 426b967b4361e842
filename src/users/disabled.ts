// R-STATE-2: a disable may carry an end. From `disabledUntil` on, the account counts as enabled
// again without anyone acting: every read that judges the status (sign-in, each request's session
// checks, API keys, the serializer, the user search) asks these, against the clock of that read.
// No job flips the stored status; enabling clears the reason and the end.

export interface DisableFacts {
  readonly status: string;
  readonly disabledUntil: Date | null;
}

const ms = (now: Date | number): number => (typeof now === 'number' ? now : now.getTime());

/** Disabled at this instant: disabled with no end, or with an end still to come. */
export function disabledAt(user: DisableFacts, now: Date | number): boolean {
  return user.status === 'DISABLED' && (user.disabledUntil === null || user.disabledUntil.getTime() > ms(now));
}

/** The status as it stands at this instant: a disable whose end has passed counts as active. */
export function statusAt<S extends string>(user: { readonly status: S; readonly disabledUntil: Date | null }, now: Date | number): S | 'ACTIVE' {
  return user.status === 'DISABLED' && !disabledAt(user, now) ? 'ACTIVE' : user.status;
}
