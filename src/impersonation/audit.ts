// R-IMP-1: both identities in every audit event written while impersonating. The person at the
// keyboard is the actor (so "what did this support agent do" is one filter on the actor); the
// user they acted as is named in the details.
import { recordAudit } from '../audit/log.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Impersonation, ImpersonationEnd } from './state.ts';

/** The audit actor of a principal: the impersonator while there is one. */
export function auditActor(who: Pick<Principal, 'userId' | 'impersonator'>): string {
  return who.impersonator?.userId ?? who.userId;
}

/** The details every event of an impersonated request carries. */
export function actingAs(who: Pick<Principal, 'userId' | 'impersonator'>): { readonly actingAsId?: string } {
  return who.impersonator ? { actingAsId: who.userId } : {};
}

/** Written once when an impersonation ends by itself (out of time, no longer allowed); "Stop" is audited by its operation. */
export function recordImpersonationEnd(ctx: GatehouseContext, impersonation: Impersonation, ip: string, reason: ImpersonationEnd): Promise<void> {
  return recordAudit(ctx.prisma, {
    actorId: impersonation.impersonatorId,
    action: 'impersonation.end',
    outcome: 'ALLOWED',
    ip,
    organizationId: impersonation.organizationId,
    targetType: 'user',
    targetId: impersonation.targetId,
    details: { actingAsId: impersonation.targetId, reason },
    at: ctx.config.now(),
  });
}
