// The words of the panel's impersonation banner (R-IMP-1, R-PANEL-1), made on the server from the
// principal and the configured clock, so the browser's own clock does not matter.
import type { Principal } from '../src/authz/principal.ts';

interface Profile {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}

function minutesLeft(endsAt: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((endsAt - now) / 60_000));
  return minutes === 1 ? 'ends in 1 minute' : `ends in ${minutes} minutes`;
}

/** "You are signed in as Jane Doe (jane@…) on behalf of …; ends in 28 minutes.", or null when not impersonating. */
export function impersonationBanner(who: Principal, actedAs: Profile, now: Date): { readonly text: string } | null {
  const by = who.impersonator;
  if (!by) return null;
  const name = `${actedAs.firstName} ${actedAs.lastName}`.trim();
  return { text: `You are signed in as ${name} (${actedAs.email}) on behalf of ${by.name} (${by.email}); ${minutesLeft(by.endsAt, now.getTime())}.` };
}
