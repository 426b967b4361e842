// defineAction: one host action on a record, written once. It becomes an operation like every
// built-in one (src/operations/), so the same pipeline validates it, asks the engine (on the
// record's organisation and owner), audits it and maps its errors, and the same adapters give it
// a REST route, a panel action with a form from its zod input, and an OpenAPI entry.
import { z } from 'zod';
import type { Principal } from '../authz/principal.ts';
import { resourceOf } from '../engine/catalog.ts';
import type { Target } from '../engine/types.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { type AnyOperation, type Db, defineOperation } from '../operations/operation.ts';

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
  /** The catalog key that allows it: declared in createGatehouse's `permissions`, or added by an action passed to createGatehouse. */
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

/** AdminJS's own action names: a defined action with one of them would replace the page. */
const BUILT_IN_ACTIONS = new Set(['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete']);

export function validateActionDefinition(definition: ActionDefinition): void {
  if (!NAME.test(definition.name)) throw new Error(`defineAction: name "${definition.name}" must be a short URL-safe word`);
  if (BUILT_IN_ACTIONS.has(definition.name)) throw new Error(`defineAction: "${definition.name}" is one of AdminJS's own actions; choose another name`);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(definition.resource)) throw new Error(`defineAction: resource "${definition.resource}" must be a Prisma model name`);
  if (!definition.permission) throw new Error('defineAction: a permission is required');
  // zod 3 schemas have no `_zod`: they would validate, then break the OpenAPI document and the panel form.
  if (!(definition.input instanceof z.ZodType) || !('_zod' in definition.input)) {
    throw new Error(`defineAction(${definition.resource}.${definition.name}): \`input\` must be a zod 4 schema (import { z } from 'zod', zod ^4)`);
  }
}

/** `PurchaseOrder` → `purchase-order`: the REST path segment of a resource. */
export function resourceSegment(resource: string): string {
  return resource.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

type ModelDelegate = { findUnique(args: { where: { id: unknown } }): Promise<Record<string, unknown> | null> };

async function loadRecord(db: Db, resource: string, id: string): Promise<Record<string, unknown>> {
  const delegate = (db as unknown as Record<string, ModelDelegate | undefined>)[resource.charAt(0).toLowerCase() + resource.slice(1)];
  if (!delegate || typeof delegate.findUnique !== 'function') throw new Error(`defineAction: the Prisma client has no model ${resource}`);
  // An id that is not the model's id type is simply not found.
  const record = await delegate.findUnique({ where: { id } }).catch(() => null);
  if (!record) throw notFound(resource);
  return record;
}

/** The engine's view of a host record: its organisation (tenant) and owner, when the model has them; null without an organisation. */
export function recordTarget(permission: string, id: string, record: Readonly<Record<string, unknown>>): Target | null {
  const organizationId = record.organizationId;
  if (typeof organizationId !== 'string') return null;
  const owner = record.ownerId ?? record.createdById ?? null;
  return { kind: 'record', resource: resourceOf(permission), id, organizationId, ownerId: typeof owner === 'string' ? owner : null };
}

/** The operation a defined action is. */
export function hostOperation(definition: ActionDefinition): AnyOperation {
  const key = `${resourceSegment(definition.resource)}.${definition.name}`;
  return defineOperation({
    key,
    permission: definition.permission,
    label: definition.label,
    summary: `${definition.label} (needs ${definition.permission})`,
    rules: ['R-PERM-1', 'R-TENANT-1', 'R-READ-1', 'R-AUDIT-1'],
    input: definition.input as z.ZodType<unknown>,
    rest: { method: 'post', path: `/${resourceSegment(definition.resource)}/:id/actions/${definition.name}`, tag: definition.resource, errors: [409] },
    panel: {
      resource: definition.resource,
      name: definition.name,
      kind: 'record',
      view: 'form',
      icon: 'Zap',
      targetOf: (record) => recordTarget(definition.permission, record.id, record.params),
      form: () => ({ submitLabel: definition.label, ...(definition.guard ? { confirm: definition.guard } : {}) }),
      done: () => `${definition.label}: done`,
    },
    audit: { action: key, targetType: definition.resource },
    load: (db, { id }) => loadRecord(db, definition.resource, id),
    checks: (record, { id, input }) => {
      const target = recordTarget(definition.permission, id, record);
      const organizationId = target?.kind === 'record' ? target.organizationId : null;
      return [{ action: definition.permission, target, subject: { targetType: definition.resource, targetId: id, organizationId, details: { permission: definition.permission, input } } }];
    },
    // The host's handler keeps its own client: it runs once, after the decision, outside Gatehouse's transaction.
    transaction: false,
    apply: async (_db, record, { id, input, who }) => (await definition.handler({ id, input, record, principal: who })) ?? { ok: true },
    view: (result) => result,
  });
}
