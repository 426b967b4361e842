// The one door every service goes through before it acts: ask the engine, and on a denial write
// the audit event (R-AUDIT-1) and throw — 404 for records outside the actor's organisations
// (R-TENANT-1: their existence is not revealed), 403 naming the rule otherwise.
import { recordAudit } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import type { Decision, Target } from '../engine/types.ts';
import { forbidden, notFound } from '../errors/gatehouse-error.ts';
import type { Principal } from './principal.ts';

export interface AuditSubject {
  readonly targetType: string;
  readonly targetId?: string | null;
  readonly organizationId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Records a denial (R-AUDIT-1: mutations only, as the catalog marks them). */
async function auditDenial(ctx: GatehouseContext, who: Principal, action: string, decision: Decision, subject: AuditSubject): Promise<void> {
  if (!(ctx.catalog[action]?.mutates ?? true)) return;
  await recordAudit(ctx.prisma, {
    actorId: who.userId,
    action,
    outcome: 'DENIED',
    rule: decision.rule,
    ip: who.ip,
    organizationId: subject.organizationId ?? null,
    targetType: subject.targetType,
    targetId: subject.targetId ?? null,
    details: subject.details ?? {},
    at: ctx.config.now(),
  });
}

/**
 * For what belongs to no organisation (a list page of the host, a host model without an
 * organisation): holding the permission in some organisation is what allows it.
 */
export async function authorizeAnywhere(ctx: GatehouseContext, who: Principal, action: string, subject: AuditSubject): Promise<void> {
  if (ctx.engine.holdsAnywhere(who.actor, action)) return;
  const decision: Decision = { allowed: false, rule: 'R-PERM-1', reason: `Needs the permission ${action}` };
  await auditDenial(ctx, who, action, decision, subject);
  throw forbidden(decision.rule, decision.reason);
}

export async function authorize(ctx: GatehouseContext, who: Principal, action: string, target: Target, subject: AuditSubject): Promise<Decision> {
  const decision = ctx.engine.decide(who.actor, action, target);
  if (decision.allowed) return decision;
  await auditDenial(ctx, who, action, decision, subject);
  if (decision.rule === 'R-TENANT-1') throw notFound(subject.targetType);
  throw forbidden(decision.rule, decision.reason);
}
