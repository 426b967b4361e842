// The panel face of an operation: an AdminJS action derived from its declaration. The action
// itself decides nothing: it shows the button to those the engine allows (visibility only, on the
// facts the scoped resource loaded with the record), and on submit hands the input to the same
// pipeline as the REST route, which decides, audits and answers. Only a POST changes anything (a
// GET or HEAD shows the form), and every refusal answers with its HTTP status and a problem document
// that also carries the notice the panel shows, from the one notice mapper.
import type { Action, ActionContext, ActionRequest, ActionResponse, BaseRecord } from 'adminjs';
import type { Response } from 'express';
import type { Principal } from '../../src/authz/principal.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError, isGatehouseError } from '../../src/errors/gatehouse-error.ts';
import { problemOf } from '../../src/errors/problem.ts';
import { placementsOf } from '../../src/operations/built-in.ts';
import type { AnyOperation, PanelPlacement, PanelRecordFacts } from '../../src/operations/operation.ts';
import { type AccessContext, holdsSomewhere, panelTargets } from '../access.ts';
import type { PanelComponents } from '../components/registry.ts';
import { errorNotice } from '../notices.ts';
import { expressRequestOf, principalOf } from '../panel-gate.ts';
import { factsOf } from '../scoped-resource.ts';
import { formOf } from './form.ts';
import { submitOperation } from './panel-submit.ts';

export function recordFacts(record: BaseRecord): PanelRecordFacts {
  return { id: String(record.id()), params: record.params, facts: factsOf(record) ?? null };
}

/** The form's current choices (a dependent form asks again with `?values=` set). */
function queryValues(query: unknown): Record<string, string> {
  const raw = (query as { values?: unknown } | undefined)?.values;
  if (typeof raw !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** A refusal: its status on the response, the problem document with the panel's notice in it. */
function refusal(response: unknown, error: GatehouseError): Record<string, unknown> {
  const res = response as Response | undefined;
  if (res && typeof res.status === 'function') res.status(error.status).type('application/problem+json');
  return { ...problemOf(error), notice: errorNotice(error) };
}

function componentOf(placement: PanelPlacement, components: PanelComponents): string {
  if (placement.view === 'confirm') return components.ids.ConfirmAction;
  if (placement.view === 'form') return components.ids.ActionForm;
  const id = (components.ids as Record<string, string>)[placement.view.component];
  if (!id) throw new Error(`panel component ${placement.view.component} is not registered`);
  return id;
}

export function operationAction(ctx: GatehouseContext, operation: AnyOperation, placement: PanelPlacement, components: PanelComponents): Action<ActionResponse> {
  const builtInTarget = panelTargets[placement.resource];
  const holds = holdsSomewhere(ctx, operation.permission);

  /** Whether the engine allows it here; the pipeline decides again (and audits) on submit. */
  const allowed = (who: Principal, record: BaseRecord | undefined): boolean => {
    if (placement.kind === 'resource' || !record) return ctx.engine.holdsAnywhere(who.actor, operation.permission);
    if (operation.self) return String(record.id()) === who.userId;
    if (placement.targetOf) {
      const target = placement.targetOf(recordFacts(record));
      return target === null ? ctx.engine.holdsAnywhere(who.actor, operation.permission) : ctx.engine.decide(who.actor, operation.permission, target).allowed;
    }
    const target = builtInTarget?.(record) ?? null;
    return target !== null && ctx.engine.decide(who.actor, operation.permission, target).allowed;
  };
  const visible = (context: AccessContext): boolean => {
    const who = principalOf(context.currentAdmin);
    if (!who) return false;
    if (placement.kind === 'resource') return holds(context);
    if (placement.hiddenFromMenu || !context.record || !allowed(who, context.record)) return false;
    return !placement.shownWhen || placement.shownWhen(recordFacts(context.record), ctx.config.now());
  };

  async function form(who: Principal, record: BaseRecord | undefined, query: unknown): Promise<Record<string, unknown>> {
    if (placement.view === 'confirm') return { confirm: (typeof placement.guard === 'function' ? placement.guard(ctx) : placement.guard) ?? `${operation.label}?` };
    const call = { ctx, who, id: record ? String(record.id()) : '', record: record ? recordFacts(record) : null, values: queryValues(query) };
    const hints = placement.form ? await placement.form(call) : {};
    return { form: formOf(operation.input, hints, operation.label), ...(hints.data ?? {}) };
  }

  return {
    name: placement.name,
    actionType: placement.kind,
    icon: placement.icon,
    variant: placement.variant,
    component: componentOf(placement, components),
    showInDrawer: false,
    // Reaching the handler is not the decision: the pipeline makes it, once, and audits a denial.
    isAccessible: (context: AccessContext) => principalOf(context.currentAdmin) !== null,
    isVisible: visible,
    handler: async (request: ActionRequest, response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const who = principalOf(context.currentAdmin);
      if (!who) throw new GatehouseError('NOT_SIGNED_IN');
      const record = context.record;
      const base = record ? { record: record.toJSON(context.currentAdmin) } : {};
      try {
        if (request.method !== 'post') {
          if (!allowed(who, record)) throw new GatehouseError('FORBIDDEN', `You cannot ${operation.label.toLowerCase()} here.`);
          return { ...base, data: await form(who, record, request.query) };
        }
        // A submit that reaches AdminJS (the panel's submit route answers first) runs the same way.
        const submitted = await submitOperation(ctx, operation, placement, who, { id: record ? String(record.id()) : '', body: request.payload, req: expressRequestOf(request) });
        if (submitted.status >= 400) (response as Response).status(submitted.status).type('application/problem+json');
        return { ...base, ...submitted.body } as ActionResponse;
      } catch (error) {
        if (isGatehouseError(error)) return { ...base, ...refusal(response, error) } as ActionResponse;
        throw error;
      }
    },
  };
}

/** The operations shown on one panel resource, as its actions by name. */
export function operationActions(ctx: GatehouseContext, operations: readonly AnyOperation[], resource: string, components: PanelComponents): Record<string, Action<ActionResponse>> {
  const actions: Record<string, Action<ActionResponse>> = {};
  for (const operation of operations) {
    for (const placement of placementsOf(operation)) {
      if (placement.resource === resource) actions[placement.name] = operationAction(ctx, operation, placement, components);
    }
  }
  return actions;
}
