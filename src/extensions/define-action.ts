// defineAction: one definition of a host action on a record, guarded everywhere. The same
// definition becomes a REST route, an AdminJS action (plugin/), a catalog permission, an audit
// event per call and an OpenAPI entry; the engine decides it like any built-in action.
import type { z } from 'zod';
import { recordAudit } from '../audit/log.ts';
import { type AuditSubject, authorize, authorizeAnywhere } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { resourceOf } from '../engine/catalog.ts';
import type { Target } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { parseInput } from '../http/route.ts';

export interface ActionCall<I> {
  readonly id: string;
  readonly input: I;
  /** The record as loaded before the decision. */
  readonly record: Readonly<Record<string, unknown>>;
  readonly principal: Principal;
}

export interface ActionDefinition<P extends string = string, I extends z.ZodType = z.ZodType, R = unknown> {
  /** The Prisma model the action works on (the host's own or Gatehouse's), e.g. `Invoice`. */
  readonly resource: string;
  /** URL-safe name: `approve` → POST <mount>/api/v1/invoice/:id/actions/approve. */
  readonly name: string;
  readonly label: string;
  /** The catalog key that allows it; added to the catalog (mutating) when the host did not declare it. */
  readonly permission: P;
  /** The input, validated before anything else; also drives the panel form and the OpenAPI entry. */
  readonly input: I;
  /** A confirmation question shown in the panel before the action runs. */
  readonly guard?: string;
  readonly handler: (call: ActionCall<z.output<I>>) => Promise<R> | R;
}

/** Identity helper that keeps the literal permission type, so a typo in a key fails `tsc`. */
export function defineAction<const P extends string, I extends z.ZodType, R>(definition: ActionDefinition<P, I, R>): ActionDefinition<P, I, R> {
  return definition;
}

const NAME = /^[a-z][a-zA-Z0-9-]{0,62}$/;

export function validateActionDefinition(definition: ActionDefinition): void {
  if (!NAME.test(definition.name)) throw new Error(`defineAction: name "${definition.name}" must be a short URL-safe word`);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(definition.resource)) throw new Error(`defineAction: resource "${definition.resource}" must be a Prisma model name`);
  if (!definition.permission) throw new Error('defineAction: a permission is required');
}

/** `PurchaseOrder` → `purchase-order`: the REST path segment of a resource. */
export function resourceSegment(resource: string): string {
  return resource.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

type ModelDelegate = { findUnique(args: { where: { id: unknown } }): Promise<Record<string, unknown> | null> };

export async function loadRecord(ctx: GatehouseContext, resource: string, id: string): Promise<Record<string, unknown> | null> {
  const delegate = (ctx.prisma as unknown as Record<string, ModelDelegate | undefined>)[resource.charAt(0).toLowerCase() + resource.slice(1)];
  if (!delegate || typeof delegate.findUnique !== 'function') throw new Error(`defineAction: the Prisma client has no model ${resource}`);
  // An id that is not the model's id type is simply not found.
  return delegate.findUnique({ where: { id } }).catch(() => null);
}

/** The engine's view of a host record: its organisation (tenant) and owner, when the model has them. */
export function recordTarget(permission: string, id: string, record: Readonly<Record<string, unknown>>): Target | null {
  const organizationId = record.organizationId;
  if (typeof organizationId !== 'string') return null;
  const owner = record.ownerId ?? record.createdById ?? null;
  return { kind: 'record', resource: resourceOf(permission), id, organizationId, ownerId: typeof owner === 'string' ? owner : null };
}

/** Whether the caller may run the action on this record: the engine on its organisation, or, for a model without one, holding the permission anywhere. */
export function actionAllowed(ctx: GatehouseContext, definition: ActionDefinition, principal: Principal, id: string, record: Readonly<Record<string, unknown>>): boolean {
  const target = recordTarget(definition.permission, id, record);
  // ctx.engine is read on each call: defineAction replaces it when it adds a permission.
  return target ? ctx.engine.decide(principal.actor, definition.permission, target).allowed : ctx.engine.holdsAnywhere(principal.actor, definition.permission);
}

/** The same decision, enforced: a denial is audited and thrown (404 out of the caller's organisations, else 403). */
export async function authorizeAction(
  ctx: GatehouseContext,
  definition: ActionDefinition,
  principal: Principal,
  id: string,
  record: Readonly<Record<string, unknown>>,
  details?: Readonly<Record<string, unknown>>,
): Promise<AuditSubject> {
  const target = recordTarget(definition.permission, id, record);
  const subject = { targetType: definition.resource, targetId: id, organizationId: target?.kind === 'record' ? target.organizationId : null };
  if (target) await authorize(ctx, principal, definition.permission, target, { ...subject, ...(details ? { details } : {}) });
  else await authorizeAnywhere(ctx, principal, definition.permission, { ...subject, ...(details ? { details } : {}) });
  return subject;
}

/** Runs a defined action for one caller: validate, load, decide (denials audited), run, audit. */
export async function runAction(ctx: GatehouseContext, definition: ActionDefinition, principal: Principal, id: string, rawInput: unknown): Promise<unknown> {
  const input = parseInput(definition.input, rawInput ?? {}, 'body');
  const record = await loadRecord(ctx, definition.resource, id);
  if (!record) throw notFound(definition.resource);
  const subject = await authorizeAction(ctx, definition, principal, id, record);
  const action = `${resourceSegment(definition.resource)}.${definition.name}`;
  const audit = (outcome: 'ALLOWED' | 'FAILED', details: Record<string, unknown>) =>
    recordAudit(ctx.prisma, { actorId: principal.userId, action, outcome, ip: principal.ip, ...subject, details, at: ctx.config.now() });
  try {
    const result = await definition.handler({ id, input, record, principal });
    await audit('ALLOWED', { permission: definition.permission, input });
    return result ?? { ok: true };
  } catch (error) {
    await audit('FAILED', { permission: definition.permission, error: error instanceof Error ? error.message : 'failed' });
    throw error;
  }
}
