// The one door every decision goes through. The engine decides; this file turns a denial into what
// leaves Gatehouse — one audit event naming the rule (R-AUDIT-1) and one typed error: 404 for what
// lies outside the actor's organisations (R-TENANT-1: its existence is not revealed), 409 for a
// unique role that is taken (R-UNIQ-1: a conflict with the current state, as when the database
// catches the race), 403 naming the rule otherwise. REST routes, panel actions, the host's
// `requirePermission` and defined actions all deny through `refuse`, and nowhere else.
import { recordAudit, type RuleRef } from '../audit/log.ts';
import type { GatehouseContext } from '../context.ts';
import type { Decision, Target } from '../engine/types.ts';
import { forbidden, GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { actingAs, auditActor } from '../impersonation/audit.ts';
import type { Principal } from './principal.ts';

/** How a decision is filed in the audit trail. */
export interface AuditSubject {
  readonly targetType: string;
  readonly targetId?: string | null;
  readonly organizationId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One question for the engine, with how to file its answer. */
export interface Check {
  /** The catalog key the engine decides. */
  readonly action: string;
  /**
   * What it is asked about; `null` for what belongs to no organisation (a host's list page, a host
   * model without an organisation): holding the permission in some organisation is what allows it.
   */
  readonly target: Target | null;
  readonly subject: AuditSubject;
}

/** The engine's answer to one check. */
export function decideCheck(ctx: GatehouseContext, who: Principal, check: Check): Pick<Decision, 'allowed' | 'rule' | 'reason'> {
  if (check.target !== null) return ctx.engine.decide(who.actor, check.action, check.target);
  return ctx.engine.holdsAnywhere(who.actor, check.action)
    ? { allowed: true, rule: 'R-PERM-1', reason: '' }
    : { allowed: false, rule: 'R-PERM-1', reason: `Needs the permission "${ctx.catalog[check.action]?.label ?? check.action}"` };
}

/** The error a denial answers with. */
export function denialError(decision: Pick<Decision, 'rule' | 'reason'>, subject: Pick<AuditSubject, 'targetType'>): GatehouseError {
  if (decision.rule === 'R-TENANT-1') return notFound(subject.targetType);
  if (decision.rule === 'R-UNIQ-1') return new GatehouseError('UNIQUE_ROLE_TAKEN', decision.reason, { rule: 'R-UNIQ-1' });
  return forbidden(decision.rule, decision.reason);
}

/** Denials of reads are not audited (they change nothing); unknown keys count as mutations. */
function audited(ctx: GatehouseContext, action: string): boolean {
  return ctx.catalog[action]?.mutates ?? true;
}

/** Writes the denial's audit event (mutations only); the caller throws `denialError`. */
export async function recordDenial(ctx: GatehouseContext, who: Principal, action: string, rule: RuleRef, subject: AuditSubject): Promise<void> {
  if (!audited(ctx, action)) return;
  await recordAudit(ctx.prisma, {
    actorId: auditActor(who),
    action,
    outcome: 'DENIED',
    rule,
    ip: who.ip,
    organizationId: subject.organizationId ?? null,
    targetType: subject.targetType,
    targetId: subject.targetId ?? null,
    details: { ...actingAs(who), ...subject.details },
    at: ctx.config.now(),
  });
}

/** A denial, recorded and thrown. */
export async function refuse(ctx: GatehouseContext, who: Principal, action: string, decision: Pick<Decision, 'rule' | 'reason'>, subject: AuditSubject): Promise<never> {
  await recordDenial(ctx, who, action, decision.rule, subject);
  throw denialError(decision, subject);
}

/** Asks the engine; a denial is refused (audited, thrown). */
export async function authorize(ctx: GatehouseContext, who: Principal, check: Check): Promise<void> {
  const decision = decideCheck(ctx, who, check);
  if (!decision.allowed) await refuse(ctx, who, check.action, decision, check.subject);
}

export async function authorizeAll(ctx: GatehouseContext, who: Principal, checks: readonly Check[]): Promise<void> {
  for (const check of checks) await authorize(ctx, who, check);
}
