// The host's defined actions (gatehouse.defineAction) as record actions in the panel. The form is
// described from the action's zod input (the JSON Schema the OpenAPI entry uses too), visibility is
// the engine's decision on the record's target, and the run is runAction: the same validation,
// decision and audit as POST …/actions/<name> in the REST API.
import type { Action, ActionContext, ActionRequest, BaseRecord, RecordActionResponse } from 'adminjs';
import { z } from 'zod';
import { authorize } from '../../src/authz/authorize.ts';
import type { Principal } from '../../src/authz/principal.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { type ActionDefinition, actionAllowed, authorizeAction, runAction } from '../../src/extensions/define-action.ts';
import type { AccessContext } from '../access.ts';
import type { FormField, FormSpec } from '../components/form-spec.ts';
import { asNotice, successNotice } from '../notices.ts';
import { principalOf } from '../panel-gate.ts';

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly maxLength?: number;
  readonly description?: string;
  readonly title?: string;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

/** `nullable` comes out as anyOf [T, null]: the form only knows T. */
function plain(schema: JsonSchema): JsonSchema {
  const choice = schema.anyOf?.find((option) => option.type !== 'null');
  return choice ? { ...choice, description: schema.description ?? choice.description } : schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : (schema.type as string | undefined);
}

const humanize = (name: string): string => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function fieldOf(name: string, raw: JsonSchema, required: boolean): FormField {
  const schema = plain(raw);
  const base = { name, label: schema.title ?? humanize(name), required, ...(schema.description ? { help: schema.description } : {}) };
  const type = typeOf(schema);
  if (schema.enum) {
    const options = schema.enum.map((value) => ({ value: String(value), label: String(value) }));
    return { ...base, type: 'select', options: required ? options : [{ value: '', label: '—' }, ...options] };
  }
  if (type === 'boolean') return { ...base, type: 'select', options: [...(required ? [] : [{ value: '', label: '—' }]), { value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] };
  if (type === 'array') {
    const items = plain(schema.items ?? {});
    if (items.enum) return { ...base, type: 'checkboxes', options: items.enum.map((value) => ({ value: String(value), label: String(value) })) };
    return { ...base, type: 'lines', help: schema.description ?? 'One value per line.' };
  }
  if (type === 'string' && schema.format === 'email') return { ...base, type: 'email' };
  if (type === 'string' && (schema.maxLength ?? 0) > 200) return { ...base, type: 'textarea' };
  return { ...base, type: 'text' };
}

function inputSchema(definition: ActionDefinition): JsonSchema {
  return z.toJSONSchema(definition.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The ActionForm description of a defined action; its guard is asked before sending. */
export function actionForm(definition: ActionDefinition): FormSpec {
  const schema = inputSchema(definition);
  const required = new Set(schema.required ?? []);
  return {
    fields: Object.entries(schema.properties ?? {}).map(([name, property]) => fieldOf(name, property, required.has(name))),
    submitLabel: definition.label,
    ...(definition.guard ? { confirm: definition.guard } : {}),
  };
}

/**
 * The form sends text; the schema is what says a field is a number or a yes/no, and an empty
 * optional field means "not given". The result is validated by runAction like a REST body.
 */
export function formInput(definition: ActionDefinition, payload: Record<string, unknown> | undefined): unknown {
  let raw: unknown = payload ?? {};
  if (typeof payload?.input === 'string') {
    try {
      raw = JSON.parse(payload.input);
    } catch {
      throw new GatehouseError('MALFORMED_JSON');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const schema = inputSchema(definition);
  const required = new Set(schema.required ?? []);
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    const property = schema.properties?.[name];
    if (!property || typeof value !== 'string') {
      input[name] = value;
      continue;
    }
    if (value === '' && !required.has(name)) continue;
    const type = typeOf(plain(property));
    if ((type === 'number' || type === 'integer') && value.trim() !== '') input[name] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) input[name] = value === 'true';
    else input[name] = value;
  }
  return input;
}

/** The decision runAction makes, on the record the panel loaded (through the engine-scoped resource). */
function allows(ctx: GatehouseContext, definition: ActionDefinition, who: Principal, record: BaseRecord): boolean {
  return actionAllowed(ctx, definition, who, String(record.id()), record.params);
}

/** A refused run, audited like runAction audits a REST denial (R-AUDIT-1). */
async function auditDenial(ctx: GatehouseContext, definition: ActionDefinition, who: Principal, record: BaseRecord): Promise<void> {
  await authorizeAction(ctx, definition, who, String(record.id()), record.params, { via: 'panel', action: definition.name }).catch(() => undefined);
}

export function hostAction(ctx: GatehouseContext, definition: ActionDefinition, formComponent: string): Action<RecordActionResponse> {
  const engineAllows = ({ currentAdmin, record }: AccessContext): boolean => {
    const who = principalOf(currentAdmin);
    return who !== null && record !== undefined && allows(ctx, definition, who, record);
  };
  return {
    name: definition.name,
    actionType: 'record',
    icon: 'Zap',
    component: formComponent,
    showInDrawer: false,
    isAccessible: engineAllows,
    isVisible: engineAllows,
    // AdminJS refuses a denied action before its handler runs; the attempt is audited here first.
    before: async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
      const who = principalOf(context.currentAdmin);
      if (request.method === 'post' && who && context.record && !allows(ctx, definition, who, context.record)) {
        await auditDenial(ctx, definition, who, context.record);
      }
      return request;
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const record = context.record;
      const who = principalOf(context.currentAdmin);
      if (!record || !who) throw new Error(`${definition.name}: a record action without a record or a signed-in user`);
      if (request.method === 'get') return { record: record.toJSON(context.currentAdmin), data: { form: actionForm(definition) } };
      const outcome = await asNotice(async () => runAction(ctx, definition, who, String(record.id()), formInput(definition, request.payload)));
      if (!outcome.ok) return { record: record.toJSON(context.currentAdmin), notice: outcome.notice, code: outcome.code };
      const fresh = await context.resource.findOne(String(record.id()), context);
      return {
        record: (fresh ?? record).toJSON(context.currentAdmin),
        notice: successNotice(`${definition.label}: done`),
        // Not `data.result`: ActionForm shows that as lines to copy, and the host's result is its own shape.
        data: {},
        redirectUrl: fresh
          ? context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id()), actionName: 'show' })
          : context.h.resourceUrl({ resourceId: context.resource.id() }),
      };
    },
  };
}

/** The defined actions of one panel resource, by name. */
export function hostActionsFor(ctx: GatehouseContext, resourceId: string, formComponent: string): Record<string, Action<RecordActionResponse>> {
  const actions: Record<string, Action<RecordActionResponse>> = {};
  for (const definition of ctx.actions) {
    if (definition.resource === resourceId) actions[definition.name] = hostAction(ctx, definition, formComponent);
  }
  return actions;
}
