// The words of the panel's impersonation banner (R-IMP-1, R-PANEL-1), made on the server from the
// principal and the configured clock, so the browser's own clock does not matter.
import type { Principal } from '../src/authz/principal.ts';
import { remainingInWords } from '../src/users/access-end-words.ts';

interface Profile {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
}


/** "You are signed in as Jane Doe (jane@…) on behalf of …; ends in 28 minutes.", or null when not impersonating. */
export function impersonationBanner(who: Principal, actedAs: Profile, now: Date): { readonly text: string } | null {
  const by = who.impersonator;
  if (!by) return null;
  const name = `${actedAs.firstName} ${actedAs.lastName}`.trim();
  return { text: `You are signed in as ${name} (${actedAs.email}) on behalf of ${by.name} (${by.email}); ends in ${remainingInWords(by.endsAt - now.getTime())}.` };
}
