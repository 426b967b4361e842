// Audit events for role and policy changes (R-AUDIT-1). Allowed changes are written inside the
// change's own transaction, so the trail never records a change that rolled back, nor misses one.
import { recordAudit } from '../audit/log.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

type AuditDb = Pick<Prisma.TransactionClient, 'auditEvent'>;

export interface ChangeSubject {
  /** The permission that guards the change (`role.manage`, `policy.manage`, `role.migrate`), as authorize() writes denials. */
  readonly action: string;
  readonly operation: string;
  readonly targetType: 'role' | 'policy';
  readonly targetId: string;
  readonly organizationId: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function auditAllowed(db: AuditDb, ctx: GatehouseContext, who: Principal, subject: ChangeSubject): Promise<void> {
  return recordAudit(db, {
    actorId: who.userId,
    action: subject.action,
    outcome: 'ALLOWED',
    ip: who.ip,
    organizationId: subject.organizationId,
    targetType: subject.targetType,
    targetId: subject.targetId,
    details: { operation: subject.operation, ...subject.details },
    at: ctx.config.now(),
  });
}

/**
 * Built-in roles and preset policies come from the preset (R-ROLE-1): nobody changes them through
 * the API, whatever their permissions, so the refusal is audited like an engine denial.
 */
export async function refuseBuiltIn(ctx: GatehouseContext, who: Principal, subject: ChangeSubject): Promise<never> {
  await recordAudit(ctx.prisma, {
    actorId: who.userId,
    action: subject.action,
    outcome: 'DENIED',
    ip: who.ip,
    organizationId: subject.organizationId,
    targetType: subject.targetType,
    targetId: subject.targetId,
    details: { operation: subject.operation, rule: 'R-ROLE-1', reason: 'built-in' },
    at: ctx.config.now(),
  });
  const what = subject.targetType === 'role' ? 'Built-in roles' : 'Preset policies';
  throw new GatehouseError('BUILT_IN_READ_ONLY', `${what} come from the preset and cannot be changed here`, { rule: 'R-ROLE-1' });
}
