// GET /audit-events: the trail of the organisations where the actor holds audit.view (R-TENANT-1),
// filtered by actor, target, action, outcome and time, newest first, paged.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { WhereMapping } from '../engine/where.ts';

export interface AuditQueryInput {
  readonly actorId?: string | undefined;
  readonly targetId?: string | undefined;
  readonly targetType?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: 'ALLOWED' | 'DENIED' | 'FAILED' | undefined;
  readonly organizationId?: string | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive. */
  readonly to?: Date | undefined;
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
}

export interface AuditEventView {
  readonly id: string;
  readonly at: string;
  readonly actorId: string | null;
  readonly organizationId: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: 'ALLOWED' | 'DENIED' | 'FAILED';
  readonly rule: string | null;
  readonly ip: string | null;
  readonly details: unknown;
}

const auditMapping: WhereMapping<Prisma.AuditEventWhereInput> = {
  tenant: (organizationIds) => ({ organizationId: { in: organizationIds } }),
  and: (parts) => ({ AND: parts }),
};

function parseDetails(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export function serializeAuditEvent(row: Prisma.AuditEventGetPayload<object>): AuditEventView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    organizationId: row.organizationId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    rule: row.rule,
    ip: row.ip,
    details: parseDetails(row.details),
  };
}

export async function queryAuditEvents(
  ctx: GatehouseContext,
  who: Principal,
  input: AuditQueryInput,
): Promise<{ items: AuditEventView[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, input.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, input.pageSize ?? 20));
  if (input.organizationId !== undefined) {
    // A named organisation must be one whose trail the actor may read: 404 outside their reach, 403 without audit.view.
    await authorize(ctx, who, { action: 'audit.view', target: { kind: 'organization', organizationId: input.organizationId }, subject: { targetType: 'organization', targetId: input.organizationId } });
  }
  const scope = ctx.engine.accessibleWhere(who.actor, 'audit.view', auditMapping);
  // Nested inside AND, Prisma does not read an empty OR as "nothing": answer it here.
  if (scope.OR.length === 0) return { items: [], total: 0, page, pageSize };
  const where: Prisma.AuditEventWhereInput = {
    AND: [
      scope,
      ...(input.organizationId !== undefined ? [{ organizationId: input.organizationId }] : []),
      ...(input.actorId !== undefined ? [{ actorId: input.actorId }] : []),
      ...(input.targetId !== undefined ? [{ targetId: input.targetId }] : []),
      ...(input.targetType !== undefined ? [{ targetType: input.targetType }] : []),
      ...(input.action !== undefined ? [{ action: input.action }] : []),
      ...(input.outcome !== undefined ? [{ outcome: input.outcome }] : []),
      ...(input.from !== undefined || input.to !== undefined
        ? [{ at: { ...(input.from !== undefined ? { gte: input.from } : {}), ...(input.to !== undefined ? { lt: input.to } : {}) } }]
        : []),
    ],
  };
  const [rows, total] = await Promise.all([
    ctx.prisma.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    ctx.prisma.auditEvent.count({ where }),
  ]);
  return { items: rows.map(serializeAuditEvent), total, page, pageSize };
}
