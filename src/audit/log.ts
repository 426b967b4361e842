// The audit trail (R-AUDIT-1): every state-changing action, allowed or denied, becomes one
// append-only event. Details are scrubbed so that no secret or token ever lands in the trail.
import type { Prisma } from '../db/client.ts';

/** A rule id of docs/rules.md: the engine's (RuleId) or one the services enforce (R-STATE-1, R-CSRF-2…). */
export type RuleRef = `R-${string}-${number}`;

type AuditWriter = { auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): Promise<unknown> } };

export interface AuditEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly outcome: 'ALLOWED' | 'DENIED' | 'FAILED';
  readonly organizationId?: string | null;
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly rule?: RuleRef | null;
  readonly ip?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at?: Date;
}

const SECRET_KEY = /(password|secret|token|hash|answer|otp)s?$|^(code|codes|key|apiKey|recoveryCodes)$/i;

/** Drops every field whose name suggests a secret, at any depth. */
export function scrubDetails(value: unknown, depth = 0): unknown {
  if (depth > 5) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubDetails(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const clean: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) clean[key] = scrubDetails(item, depth + 1);
  }
  return clean;
}

export async function recordAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      outcome: entry.outcome,
      organizationId: entry.organizationId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      rule: entry.rule ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(scrubDetails(entry.details ?? {})),
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}
