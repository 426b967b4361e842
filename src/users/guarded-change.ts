// The pipeline every mutation of a user (and of an organisation) goes through:
//   1. read the facts, ask the engine through authorize() — denials are audited, R-TENANT-1 is 404;
//   2. in one transaction: bump the version of the organisations concerned (the row lock makes
//      concurrent changes to one organisation run one after another on PostgreSQL; SQLite runs one
//      transaction at a time anyway), read the facts again and decide again, because another
//      request may have changed them since step 1 (R-LAST-1 and R-UNIQ-1 under concurrency);
//   3. act, and write exactly one ALLOWED audit event in the same transaction.
// A decision that turns into a denial inside the transaction is audited after the rollback, so
// that the denial event is not rolled back with it.
import { recordAudit } from '../audit/log.ts';
import { type AuditSubject, authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { RuleId, Target } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Db } from './roles.ts';

export interface Check {
  readonly action: string;
  readonly target: Target;
  readonly subject: AuditSubject;
}

export interface GuardedChange<F, R> {
  /** The audited action (a catalog key); checks may add more actions for the same request. */
  readonly action: string;
  load(db: Db): Promise<F>;
  /** Every decision the change needs; all must allow. The first is the audit subject of the change. */
  checks(facts: F, db: Db): Promise<readonly Check[]> | readonly Check[];
  /** Organisations whose memberships the change concerns (their version is bumped first). */
  organizations(facts: F): readonly string[];
  apply(tx: Db, facts: F): Promise<R>;
  /** The target id of the ALLOWED audit event when the change creates it (a new user, a new organisation). */
  createdId?(result: R): string;
  /** Details of the ALLOWED audit event; never secrets (recordAudit scrubs them anyway). */
  details?(facts: F, result: R): Readonly<Record<string, unknown>>;
  /** Unique constraints that decide races the checks could not see: by column, the error to answer and the rule to audit. */
  readonly uniqueViolations?: readonly UniqueViolation[];
}

export interface UniqueViolation {
  /** A column of the violated unique index, e.g. `uniqueRoleId`. */
  readonly field: string;
  /** When set, the race is a denial by this rule and is audited as one. */
  readonly rule?: RuleId;
  readonly error: () => GatehouseError;
}

/** The violated unique index names its columns differently per driver; any mention of the field counts. */
export function uniqueViolationOn(error: unknown, field: string): boolean {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'P2002') return false;
  return JSON.stringify((error as { meta?: unknown }).meta ?? {}).includes(field);
}

class DecidedLater extends Error {
  constructor(readonly check: Check) {
    super('denied inside the transaction');
  }
}

/**
 * authorize(), with one translation: a unique role that is taken (R-UNIQ-1) is a conflict with the
 * current state, 409 as when the database catches the race, not a missing permission.
 */
async function authorizeCheck(ctx: GatehouseContext, who: Principal, check: Check): Promise<void> {
  try {
    await authorize(ctx, who, check.action, check.target, check.subject);
  } catch (error) {
    if (error instanceof GatehouseError && error.extensions.rule === 'R-UNIQ-1') {
      throw new GatehouseError('UNIQUE_ROLE_TAKEN', error.message, { rule: 'R-UNIQ-1' });
    }
    throw error;
  }
}

async function authorizeAll(ctx: GatehouseContext, who: Principal, checks: readonly Check[]): Promise<void> {
  for (const check of checks) await authorizeCheck(ctx, who, check);
}

export async function runGuardedChange<F, R>(ctx: GatehouseContext, who: Principal, change: GuardedChange<F, R>): Promise<R> {
  const before = await change.load(ctx.prisma);
  const firstChecks = await change.checks(before, ctx.prisma);
  await authorizeAll(ctx, who, firstChecks);
  const subject = firstChecks[0]?.subject;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const organizationIds = [...new Set(change.organizations(before))].sort();
      if (organizationIds.length > 0) {
        await tx.organization.updateMany({ where: { id: { in: organizationIds } }, data: { version: { increment: 1 } } });
      }
      const facts = await change.load(tx);
      for (const check of await change.checks(facts, tx)) {
        if (!ctx.engine.decide(who.actor, check.action, check.target).allowed) throw new DecidedLater(check);
      }
      const result = await change.apply(tx, facts);
      await recordAudit(tx, {
        actorId: who.userId,
        action: change.action,
        outcome: 'ALLOWED',
        ip: who.ip,
        organizationId: subject?.organizationId ?? null,
        targetType: subject?.targetType ?? null,
        targetId: change.createdId?.(result) ?? subject?.targetId ?? null,
        details: { ...subject?.details, ...change.details?.(facts, result) },
        at: ctx.config.now(),
      });
      return result;
    });
  } catch (error) {
    if (error instanceof DecidedLater) {
      await authorizeCheck(ctx, who, error.check);
      // The engine allowed after all (the facts changed back): let the caller retry.
      throw new GatehouseError('STATE_CHANGED');
    }
    const violation = change.uniqueViolations?.find((candidate) => uniqueViolationOn(error, candidate.field));
    if (violation?.rule) {
      await recordAudit(ctx.prisma, {
        actorId: who.userId,
        action: change.action,
        outcome: 'DENIED',
        rule: violation.rule,
        ip: who.ip,
        organizationId: subject?.organizationId ?? null,
        targetType: subject?.targetType ?? null,
        targetId: subject?.targetId ?? null,
        details: subject?.details ?? {},
        at: ctx.config.now(),
      });
    }
    if (violation) throw violation.error();
    throw error;
  }
}
