// R-IMP-2: what nobody does while acting as someone else — anything that changes how the user (or
// anyone) signs in or proves who they are. Asked once, in the pipeline, for every operation: by the
// engine's question (R-ESC-2's credential actions, an e-mail change, ownership, API keys), and by
// the few operations whose question is a plain view of one's own record.
import type { Check } from '../authz/authorize.ts';
import { recordDenial } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { RuleRef } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import { credentialActions } from '../engine/actions.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

/** Besides R-ESC-2's credential actions: keys that sign in on the user's behalf, and handing the account over. */
const refusedActions: ReadonlySet<string> = new Set([...credentialActions, 'apikey.create', 'org.transferOwnership']);

/** Operations on one's own sign-in whose engine question does not say so. */
const refusedOperations: ReadonlySet<string> = new Set(['apikey.revoke', 'account.securityQuestion']);

function touchesSignIn(operationKey: string, check: Check): boolean {
  // Passkeys ask user.setMfa, a credential action, like every other second factor.
  if (refusedOperations.has(operationKey) || refusedActions.has(check.action)) return true;
  return check.target?.kind === 'user' && check.target.touchesIdentity === true;
}

/** The check an impersonated call may not pass, if any. */
export function refusedWhileImpersonating(who: Principal, operationKey: string, checks: readonly Check[]): Check | null {
  if (!who.impersonator) return null;
  return checks.find((check) => touchesSignIn(operationKey, check)) ?? null;
}

const RULE: RuleRef = 'R-IMP-2';

/** Refuses (audited, thrown) an operation that would change a sign-in while impersonating. */
export async function refuseWhileImpersonating(ctx: GatehouseContext, who: Principal, operationKey: string, checks: readonly Check[]): Promise<void> {
  const refused = refusedWhileImpersonating(who, operationKey, checks);
  if (!refused) return;
  await recordDenial(ctx, who, refused.action, RULE, refused.subject);
  throw new GatehouseError('FORBIDDEN', 'Not while signed in as another user: passwords, second factors, API keys, sessions, e-mail addresses and ownership stay as they are. Stop acting as this user first', { rule: RULE });
}
