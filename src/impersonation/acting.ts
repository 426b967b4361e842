// Every request of an impersonating session (R-IMP-1), after the impersonator's own R-SESS-1 checks
// have passed: the impersonation ends here when its time is up, when the engine no longer lets the
// impersonator act as the user, or when the user can no longer sign in — audited once, and the
// request goes on as the impersonator. Otherwise the request runs as the user, carrying who really
// asks, and a read is audited with both identities (changes are audited by their own events).
// Decided from the configured clock on each request: no job ends anything.
import { recordAudit } from '../audit/log.ts';
import { decideCheck } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import { readSessionUser } from '../auth/session-user.ts';
import type { GatehouseContext } from '../context.ts';
import { isGatehouseError } from '../errors/gatehouse-error.ts';
import type { RequestState } from '../http/state.ts';
import { recordImpersonationEnd } from './audit.ts';
import { canSignIn, impersonationCheck, type ImpersonationFacts, loadImpersonationFacts } from './facts.ts';
import { hasEnded, type Impersonation, type ImpersonationEnd, storeImpersonation } from './state.ts';

type Profile = NonNullable<RequestState['profile']>;

const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** The panel's scripts, styles and images: files, not requests for anything of the user's. */
const isFile = (path: string): boolean => /\.[a-z0-9]+$/i.test(path);

type Outcome = { readonly ended: ImpersonationEnd } | { readonly principal: Principal; readonly profile: Profile };

async function actingOutcome(ctx: GatehouseContext, real: Principal, realProfile: Profile, impersonation: Impersonation): Promise<Outcome> {
  const now = ctx.config.now();
  if (hasEnded(impersonation, now.getTime())) return { ended: 'the time limit was reached' };
  let facts: ImpersonationFacts;
  try {
    facts = await loadImpersonationFacts(ctx, ctx.prisma, real, impersonation.targetId);
  } catch (error) {
    if (isGatehouseError(error) && error.status === 404) return { ended: 'the user no longer exists' };
    throw error;
  }
  if (!decideCheck(ctx, real, impersonationCheck(real, facts)).allowed || facts.holder === undefined) return { ended: 'the impersonator may no longer act as this user' };
  const target = await readSessionUser(ctx.reads, impersonation.targetId);
  if (!target || !canSignIn(facts.user, now)) return { ended: 'the user can no longer sign in' };
  const impersonator = { userId: real.userId, name: `${realProfile.firstName} ${realProfile.lastName}`.trim(), email: realProfile.email, endsAt: impersonation.endsAt };
  return {
    principal: { userId: target.id, actor: facts.holder, via: 'session', ip: real.ip, impersonator },
    profile: { email: target.email, firstName: target.firstName, lastName: target.lastName },
  };
}

/** The part of a session's data this reads and writes: the express-session object, or a record's parsed JSON. */
export type ImpersonatingSession = { impersonation?: Impersonation | undefined; lastSeenAt?: number | undefined };

/**
 * Turns the request's principal into the user acted as, or ends the impersonation; nothing when
 * there is none. `path`: the request's, for the audit trail. Answers true when it ended the
 * impersonation, which the caller saves with the session (express-session does at the end of the
 * request; the cookie identity of host routes and REST reads writes the record itself).
 */
export async function actAsImpersonated(ctx: GatehouseContext, session: ImpersonatingSession | undefined, method: string, state: RequestState, path: string): Promise<boolean> {
  const impersonation = session?.impersonation;
  const real = state.principal;
  if (!session || !impersonation || !real || !state.profile) return false;
  if (impersonation.impersonatorId !== real.userId) {
    // Not this session's owner's (cannot happen through Gatehouse): dropped, never honoured.
    storeImpersonation(session, null, ctx.config.now().getTime());
    return true;
  }
  const outcome = await actingOutcome(ctx, real, state.profile, impersonation);
  if ('ended' in outcome) {
    storeImpersonation(session, null, ctx.config.now().getTime());
    await recordImpersonationEnd(ctx, impersonation, real.ip, outcome.ended);
    return true;
  }
  state.principal = outcome.principal;
  state.profile = outcome.profile;
  if (SAFE_METHODS.has(method) && !isFile(path)) {
    await recordAudit(ctx.prisma, {
      actorId: real.userId,
      action: 'impersonation.request',
      outcome: 'ALLOWED',
      ip: real.ip,
      organizationId: impersonation.organizationId,
      targetType: 'user',
      targetId: impersonation.targetId,
      details: { actingAsId: impersonation.targetId, method, path },
      at: ctx.config.now(),
    });
  }
  return false;
}
