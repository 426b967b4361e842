// How every custom panel action is built, so that each one is a few lines of what it does:
//   isAccessible — the role engine's decide() on a target built from the record (access.ts);
//   isVisible    — the same, and the record's state (no "Unlock" on an unlocked user);
//   GET          — what the action's form needs (choices the engine allows, current values);
//   POST         — input validated with zod, then the service, which authorises again;
//   answer       — a success notice, or the one error→notice mapper (notices.ts).
import type { Action, ActionContext, ActionRequest, ActionResponse, BaseRecord, NoticeMessage, RecordActionResponse } from 'adminjs';
import type { z } from 'zod';
import type { Principal } from '../../src/authz/principal.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { type AccessContext, holdsSomewhere, allowsOn, type TargetOf } from '../access.ts';
import { asNotice, successNotice } from '../notices.ts';
import { principalOf } from '../panel-gate.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { authorize } from '../../src/authz/authorize.ts';

/** What an action's component receives on GET (its form) and after POST (its result). */
export type ActionData = Readonly<Record<string, unknown>>;

export interface Outcome {
  readonly message: string;
  /** Shown by the component after success (recovery codes, a preview…); never a secret of someone else. */
  readonly data?: ActionData;
  /** Where the panel goes next; default: the record's show page (or stays, for a component). */
  readonly redirect?: 'list' | 'show' | 'none';
}

interface CommonSpec<I> {
  readonly name: string;
  /** Catalog key the engine decides. */
  readonly permission: string;
  readonly icon?: string;
  /** The question a one-click action asks before it runs (shown by ConfirmAction). */
  readonly guard?: string;
  /** Bundled component id: a form (ActionForm…) or ConfirmAction for one-click actions, so that no change is ever a GET. */
  readonly component: string;
  readonly variant?: 'danger' | 'primary' | 'success' | 'info' | 'default';
  readonly input?: z.ZodType<I>;
  /** Wider drawer for forms. */
  readonly showInDrawer?: boolean;
}

export interface RecordActionSpec<I> extends CommonSpec<I> {
  readonly targetOf: TargetOf;
  /** The record's state, not access: e.g. Lock only on an unlocked user. */
  readonly showWhen?: (record: BaseRecord, who: Principal) => boolean;
  readonly load?: (who: Principal, record: BaseRecord) => Promise<ActionData>;
  readonly run: (who: Principal, record: BaseRecord, input: I) => Promise<Outcome>;
}

export interface ResourceActionSpec<I> extends CommonSpec<I> {
  readonly load?: (who: Principal) => Promise<ActionData>;
  readonly run: (who: Principal, input: I) => Promise<Outcome>;
}

/** The action's input: a JSON document in the `input` field (what the components send), or the form fields. */
export function readInput<I>(schema: z.ZodType<I> | undefined, payload: Record<string, unknown> | undefined): I {
  if (!schema) return undefined as I;
  let raw: unknown = payload ?? {};
  if (typeof payload?.input === 'string') {
    try {
      raw = JSON.parse(payload.input);
    } catch {
      throw new GatehouseError('MALFORMED_JSON');
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new GatehouseError('INVALID_INPUT', 'Check the form', {
    errors: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  });
}

function who(context: ActionContext): Principal {
  const principal = principalOf(context.currentAdmin);
  // panel-gate lets no request through without one; this is a programming error, not a denial.
  if (!principal) throw new Error('panel action without a signed-in principal');
  return principal;
}

async function freshRecordJson(context: ActionContext, record: BaseRecord): Promise<{ json: RecordActionResponse['record']; gone: boolean }> {
  const fresh = await context.resource.findOne(String(record.id()), context);
  return { json: (fresh ?? record).toJSON(context.currentAdmin), gone: fresh === null };
}

export function recordAction<I>(ctx: GatehouseContext, spec: RecordActionSpec<I>): Action<RecordActionResponse> {
  const engineAllows = allowsOn(ctx, spec.permission, spec.targetOf);
  return {
    name: spec.name,
    actionType: 'record',
    icon: spec.icon,
    variant: spec.variant,
    component: spec.component,
    showInDrawer: spec.showInDrawer ?? false,
    isAccessible: (context: AccessContext) => engineAllows(context),
    // Runs before AdminJS refuses a denied action (canInvokeAction): a denied attempt, such as a
    // direct URL to a hidden action, is audited with its rule like any denial (R-AUDIT-1).
    before: async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
      const principal = principalOf(context.currentAdmin);
      const target = context.record ? spec.targetOf(context.record) : null;
      if (request.method === 'post' && principal && target && !ctx.engine.decide(principal.actor, spec.permission, target).allowed) {
        const subject = { targetType: context.resource.id().toLowerCase(), targetId: String(context.record?.id()), details: { via: 'panel', action: spec.name } };
        await authorize(ctx, principal, spec.permission, target, subject).catch(() => undefined);
      }
      return request;
    },
    isVisible: (context: AccessContext) => {
      if (!engineAllows(context)) return false;
      const principal = principalOf(context.currentAdmin);
      return !spec.showWhen || (context.record !== undefined && principal !== null && spec.showWhen(context.record, principal));
    },
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const record = context.record;
      if (!record) throw new Error(`${spec.name}: record action without a record`);
      const principal = who(context);
      if (request.method === 'get') {
        const loaded = await asNotice(async () => (spec.load ? spec.load(principal, record) : { confirm: spec.guard }));
        if (!loaded.ok) return { record: record.toJSON(context.currentAdmin), notice: loaded.notice };
        return { record: record.toJSON(context.currentAdmin), data: loaded.value };
      }
      const outcome = await asNotice(async () => spec.run(principal, record, readInput(spec.input, request.payload)));
      if (!outcome.ok) return { record: record.toJSON(context.currentAdmin), notice: outcome.notice, code: outcome.code };
      const { json, gone } = await freshRecordJson(context, record);
      const redirect = gone ? 'list' : (outcome.value.redirect ?? 'show');
      return {
        record: json,
        notice: successNotice(outcome.value.message),
        data: outcome.value.data ?? {},
        ...(redirect === 'none'
          ? {}
          : {
              redirectUrl:
                redirect === 'list'
                  ? context.h.resourceUrl({ resourceId: context.resource.id() })
                  : context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id()), actionName: 'show' }),
            }),
      };
    },
  };
}

export function resourceAction<I>(ctx: GatehouseContext, spec: ResourceActionSpec<I>): Action<ActionResponse> {
  const engineAllows = holdsSomewhere(ctx, spec.permission);
  return {
    name: spec.name,
    actionType: 'resource',
    icon: spec.icon,
    variant: spec.variant,
    component: spec.component,
    showInDrawer: spec.showInDrawer ?? false,
    isAccessible: (context: AccessContext) => engineAllows(context),
    isVisible: (context: AccessContext) => engineAllows(context),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const principal = who(context);
      if (request.method === 'get') {
        const loaded = await asNotice(async () => (spec.load ? spec.load(principal) : { confirm: spec.guard }));
        return loaded.ok ? { data: loaded.value } : { notice: loaded.notice };
      }
      const outcome = await asNotice(async () => spec.run(principal, readInput(spec.input, request.payload)));
      if (!outcome.ok) return { notice: outcome.notice, code: outcome.code };
      const notice: NoticeMessage = successNotice(outcome.value.message);
      return {
        notice,
        data: outcome.value.data ?? {},
        ...(outcome.value.redirect === 'list' ? { redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }) } : {}),
      };
    },
  };
}

/** Built-in actions the panel does not offer: the adapter would write without a service. */
export const disabled = { isAccessible: false, isVisible: false } as const;
