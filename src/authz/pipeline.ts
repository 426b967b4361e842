// The one pipeline every operation runs through, whichever adapter (REST, panel, a service call)
// asks:
//   validate the input → load the facts → ask the engine (a denial is audited and thrown, see
//   authorize.ts) → refusals on the state → slow preparation (hashing) → one transaction { bump the
//   versions of the organisations concerned, load the facts again, decide again, apply, write the
//   success event } → after-commit work (mail) → the view.
// Deciding again inside the transaction is what makes the rules hold under concurrency (R-LAST-1,
// R-UNIQ-1): another request may have changed the facts since the first decision. A decision that
// turns into a denial there is audited after the rollback, so that its event is not rolled back with it.
import { recordAudit } from '../audit/log.ts';
import { isForeignKeyViolation, isUniqueViolationOn } from '../db/prisma-errors.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { GatehouseContext } from '../context.ts';
import type { RuleRef } from '../audit/log.ts';
import { parseInput } from '../http/route.ts';
import { actingAs, auditActor } from '../impersonation/audit.ts';
import { refuseWhileImpersonating } from '../impersonation/refusals.ts';
import type { AnyOperation, OperationCall } from '../operations/operation.ts';
import { authorizeAll, type Check, decideCheck, recordDenial, refuse } from './authorize.ts';
import type { Principal } from './principal.ts';

export interface OperationRequest {
  /** The record acted on (REST `:id`, the panel's record); ignored by `self` operations. */
  readonly id?: string;
  readonly req?: import('express').Request | null;
}

/** A check that allowed before the transaction and denies inside it. */
class DecidedLater extends Error {
  constructor(readonly check: Check) {
    super('denied inside the transaction');
  }
}

/** An operation's own refusal, found inside the transaction. */
class RefusedLater extends Error {
  constructor(readonly refusal: GatehouseError) {
    super('refused inside the transaction');
  }
}

/** An operation's own refusal: a 403 naming a rule is a denial, audited like the engine's (R-AUDIT-1); a conflict is not. */
async function refuseWith(ctx: GatehouseContext, who: Principal, operation: AnyOperation, error: GatehouseError, check: Check | undefined): Promise<never> {
  const rule = error.extensions.rule;
  if (error.status === 403 && typeof rule === 'string') {
    const subject = check?.subject ?? { targetType: operation.audit === false ? 'user' : operation.audit.targetType, targetId: who.userId };
    await recordDenial(ctx, who, check?.action ?? operation.permission, rule as RuleRef, subject);
  }
  throw error;
}

/** Runs an operation on input that is not validated yet (the panel's payload, a script's call). */
export async function runOperation<V>(ctx: GatehouseContext, operation: AnyOperation, who: Principal, rawInput: unknown, request: OperationRequest = {}): Promise<V> {
  return runValidated(ctx, operation, who, parseInput(operation.input, rawInput ?? {}, 'body'), request);
}

/** Runs an operation on input its own schema has already validated (the REST route parses it first). */
export async function runValidated<V>(ctx: GatehouseContext, operation: AnyOperation, who: Principal, input: unknown, request: OperationRequest = {}): Promise<V> {
  if (operation.needs === 'session' && (who.via !== 'session' || !request.req?.session?.userId)) throw new GatehouseError('SESSION_REQUIRED');
  const base: OperationCall<unknown, undefined> = {
    ctx,
    who,
    // A `self` operation acts on the caller's own account; its path may still name one of the caller's records.
    id: request.id || (operation.self ? who.userId : ''),
    input,
    prepared: undefined,
    req: request.req ?? null,
  };
  const before = await operation.load(ctx.prisma, base);
  const checks: readonly Check[] = operation.checks(before, base);
  await authorizeAll(ctx, who, checks);
  // After the engine, so that what lies outside the caller's reach still answers 404 (R-TENANT-1).
  await refuseWhileImpersonating(ctx, who, operation.key, checks);
  const first = checks[0];
  const conflict = await operation.refuse?.(before, base, ctx.prisma);
  if (conflict) await refuseWith(ctx, who, operation, conflict, first);
  const prepared = operation.prepare ? await operation.prepare(before, base) : undefined;
  const call: OperationCall<unknown, unknown> = { ...base, prepared };

  const success = (applied: unknown, facts: unknown, outcome: 'ALLOWED' | 'FAILED' = 'ALLOWED', extra: Record<string, unknown> = {}) =>
    operation.audit === false
      ? undefined
      : {
          actorId: auditActor(who),
          action: operation.audit.action ?? operation.key,
          outcome,
          ip: who.ip,
          organizationId: first?.subject.organizationId ?? null,
          targetType: operation.audit.targetType,
          targetId: (outcome === 'ALLOWED' ? operation.auditTarget?.(applied, call) : undefined) ?? first?.subject.targetId ?? (call.id || null),
          details: { ...actingAs(who), ...first?.subject.details, ...(outcome === 'ALLOWED' ? operation.auditDetails?.(facts, applied, call) : {}), ...extra },
          at: ctx.config.now(),
        };

  if (operation.transaction === false) return runOutsideTransaction<V>(ctx, operation, call, before, success);

  let result: unknown;
  try {
    result = await ctx.prisma.$transaction(async (tx) => {
      const organizationIds = [...new Set(operation.organizations?.(before, base) ?? [])].sort();
      if (organizationIds.length > 0) await tx.organization.updateMany({ where: { id: { in: organizationIds } }, data: { version: { increment: 1 } } });
      const facts = await operation.load(tx, base);
      for (const check of operation.checks(facts, base)) {
        if (!decideCheck(ctx, who, check).allowed) throw new DecidedLater(check);
      }
      const late = await operation.refuse?.(facts, base, tx);
      if (late) throw new RefusedLater(late);
      const applied = await operation.apply(tx, facts, call);
      const event = success(applied, facts);
      if (event) await recordAudit(tx, event);
      return applied;
    }, operation.transaction);
  } catch (error) {
    if (error instanceof DecidedLater) {
      const decision = decideCheck(ctx, who, error.check);
      if (!decision.allowed) await refuse(ctx, who, error.check.action, decision, error.check.subject);
      // The engine allows after all (the facts changed back): let the caller retry.
      throw new GatehouseError('STATE_CHANGED');
    }
    if (error instanceof RefusedLater) await refuseWith(ctx, who, operation, error.refusal, first);
    const violation = operation.uniqueViolations?.find((candidate) => isUniqueViolationOn(error, candidate.field));
    if (violation) {
      if (violation.rule && first) await recordDenial(ctx, who, first.action, violation.rule, first.subject);
      throw violation.error();
    }
    if (operation.foreignKeyViolation && isForeignKeyViolation(error)) throw operation.foreignKeyViolation();
    throw error;
  }
  if (operation.after) await operation.after(result, call);
  return (await operation.view(result, call)) as V;
}

type AuditEvent = Parameters<typeof recordAudit>[1];

/** Work that keeps its own database client: decided above, run once, its outcome audited either way. */
async function runOutsideTransaction<V>(
  ctx: GatehouseContext,
  operation: AnyOperation,
  call: OperationCall<unknown, unknown>,
  facts: unknown,
  event: (applied: unknown, facts: unknown, outcome?: 'ALLOWED' | 'FAILED', extra?: Record<string, unknown>) => AuditEvent | undefined,
): Promise<V> {
  let result: unknown;
  try {
    result = await operation.apply(ctx.prisma, facts, call);
  } catch (error) {
    const failed = event(undefined, facts, 'FAILED', { error: error instanceof Error ? error.message : 'failed' });
    if (failed) await recordAudit(ctx.prisma, failed);
    throw error;
  }
  const done = event(result, facts);
  if (done) await recordAudit(ctx.prisma, done);
  if (operation.after) await operation.after(result, call);
  return (await operation.view(result, call)) as V;
}
