// An operation is one thing Gatehouse lets someone do — lock a user, invite one, edit a policy —
// declared once. From that one declaration come its REST route (rest.ts), its panel action
// (plugin/operations/), its OpenAPI entry, its decision by the engine before and again inside the
// transaction, its audit events (allowed and denied) and its error mapping (src/authz/pipeline.ts).
// Nothing about an operation is written a second time in an adapter.
import type { Request } from 'express';
import type { z } from 'zod';
import type { RuleRef } from '../audit/log.ts';
import type { Check } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { RuleId } from '../engine/types.ts';
import type { GatehouseError } from '../errors/gatehouse-error.ts';

export type Db = Prisma.TransactionClient;

export type { RuleRef };

/** What an operation is asked with, the same from every adapter. */
export interface OperationCall<I = unknown, P = unknown> {
  readonly ctx: GatehouseContext;
  readonly who: Principal;
  /** The record the operation acts on: the `:id` of its REST path, the panel's record; for `self` operations the caller's own id. */
  readonly id: string;
  readonly input: I;
  /** What `prepare` computed before the transaction (a password hash…). */
  readonly prepared: P;
  /** The Express request: for the operations that read or renew the caller's own session. */
  readonly req: Request | null;
}

/** A unique index that decides a race the checks could not see. */
export interface UniqueViolation {
  /** A column of the violated index, e.g. `uniqueRoleId`. */
  readonly field: string;
  /** When set, the race is a denial by this rule, and is audited as one. */
  readonly rule?: RuleId;
  readonly error: () => GatehouseError;
}

/** Which panel resource shows an operation, and how it looks there (plugin/operations/ builds the action). */
export interface PanelPlacement {
  /** The AdminJS resource id (Prisma model name): `User`, `Invitation`, `Role`, `PermissionPolicy`… */
  readonly resource: string;
  /** The action's name in AdminJS's URL: `…/records/:id/<name>` or `…/actions/<name>`. */
  readonly name: string;
  /** `record`: on one record (the REST path's `:id`); `resource`: on the list (creates something). */
  readonly kind: 'record' | 'resource';
  /** `confirm`: one button asking `guard` first; `form`: fields derived from the input; or a bundled component id. */
  readonly view: 'confirm' | 'form' | { readonly component: string };
  readonly icon?: string;
  readonly variant?: 'danger' | 'primary' | 'success' | 'info' | 'default';
  /** The question a confirm button asks; a function when it depends on the configuration. */
  readonly guard?: string | ((ctx: GatehouseContext) => string);
  /**
   * How a record of the resource reads as the engine's target, when it is not one of Gatehouse's own
   * resources (a host model); `null` for a record without an organisation: holding the permission
   * anywhere decides.
   */
  readonly targetOf?: (record: PanelRecordFacts) => import('../engine/types.ts').Target | null;
  /** The record's state, not access (the engine decides access): e.g. "Unlock" only on a locked user. */
  readonly shownWhen?: (record: PanelRecordFacts, now: Date) => boolean;
  /** The field labels, help texts and choices of the form (form view); everything else comes from the input schema. */
  readonly form?: FormBuilder;
  /** What the notice says after success, in words. */
  readonly done: (result: unknown) => string;
  /** Where the panel goes next; default the record's page (record actions) or the list. `reload`: the whole panel loads again from its start (who the session acts as changed). */
  readonly then?: 'list' | 'show' | 'stay' | 'reload';
  /** Not in the record's action menu: a page (My profile) calls it. */
  readonly hiddenFromMenu?: boolean;
  /** The panel's answer carries the operation's view (a QR code to show, a new CSRF token). */
  readonly returns?: boolean;
  /** Lines to show once after success (recovery codes, a new API key), instead of going on. */
  readonly shows?: (result: unknown) => { readonly title: string; readonly lines: readonly string[] } | null;
}

/** Builds the hints of a form for one caller and record. */
export type FormBuilder = (call: FormCall) => Promise<FormHints> | FormHints;

/** What the panel knows about the record an action is shown on (loaded with the row by its scoped resource). */
export interface PanelRecordFacts {
  readonly id: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The facts the resource's scope loads (e.g. a user's memberships, status and lock). */
  readonly facts: unknown;
}

/** For the form of a panel action: who asks, and on which record. */
export interface FormCall {
  readonly ctx: GatehouseContext;
  readonly who: Principal;
  readonly id: string;
  readonly record: PanelRecordFacts | null;
  /** Values chosen so far, for forms whose choices depend on another field (e.g. the organisation). */
  readonly values: Readonly<Record<string, string>>;
}

export interface FieldOption {
  readonly value: string;
  readonly label: string;
  readonly group?: string;
  readonly disabled?: boolean;
  /** Why the option is disabled, in words. */
  readonly note?: string;
}

export interface FieldHint {
  readonly label?: string;
  readonly help?: string;
  readonly type?: 'text' | 'email' | 'password' | 'select' | 'checkboxes' | 'textarea' | 'lines' | 'datetime';
  readonly options?: readonly FieldOption[];
  readonly value?: string | readonly string[];
  /** Changing the field asks the server for the form again with this value (dependent choices). */
  readonly reloads?: boolean;
  /** Not shown (the value is fixed by `value`). */
  readonly hidden?: boolean;
  /** A select that starts with nothing chosen, showing this, and must be chosen before sending (roles: no risky default). */
  readonly placeholder?: string;
  /** A confirmation field: must equal the named field, checked in the form and never sent. */
  readonly matches?: string;
}

export interface FormHints {
  readonly intro?: string;
  readonly fields?: Readonly<Record<string, FieldHint>>;
  /** The order of the fields; default the schema's. */
  readonly order?: readonly string[];
  readonly submitLabel?: string;
  /** Asked before sending. */
  readonly confirm?: string;
  /** Extra data the view component needs (a preview, a QR code…). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Shows who gains and who loses what before saving (R-POL-2): see FormPreview. */
  readonly preview?: FormPreview;
}

/**
 * A form whose save is previewed first: the preview operation's panel action (on the same record),
 * the form fields it takes, and who it is computed over, in words ("people holding this role").
 * The save then carries the preview's version.
 */
export interface FormPreview {
  readonly action: string;
  readonly fields: readonly string[];
  readonly holders: string;
}

export interface RestPlacement {
  readonly method: 'post' | 'put' | 'patch' | 'delete';
  /** Relative to the API root; `:id` is the record the operation acts on. */
  readonly path: string;
  readonly status?: 200 | 201 | 204;
  readonly tag: string;
  /** Documents the answer (the view decides what leaves). */
  readonly response?: z.ZodType;
  /** Error statuses worth documenting besides the usual ones. */
  readonly errors?: readonly number[];
}

export interface OperationDefinition<I, F, R, V, P> {
  /** Stable id, also the default audit action: `user.lock`, `invitation.resend`, `role.create`… */
  readonly key: string;
  /** What it is called, in words: the panel's button, the OpenAPI summary's start. */
  readonly label: string;
  /** One sentence for the OpenAPI document (rule ids welcome there). */
  readonly summary: string;
  /** The catalog key the engine decides for it (further checks may ask more); the panel shows the action to those it allows. */
  readonly permission: string;
  /** The rules that guard it, each defined in docs/rules.md (a test holds the two together). */
  readonly rules: readonly RuleRef[];
  /** The request body. Unknown fields are refused; transforms (trim, lower-case) run once, here. */
  readonly input: z.ZodType<I>;
  /** `self`: acts on the caller's own account (REST `/me/…`; the panel's own record only). */
  readonly self?: boolean;
  /** `session`: refused through an API key (it reads or renews the caller's session). */
  readonly needs?: 'session';
  readonly rest: RestPlacement;
  /** Where the panel offers it: one placement, or several (an invitation is sent from the users and the invitations). */
  readonly panel?: PanelPlacement | readonly PanelPlacement[];
  /** The audit event of a success: its action (default `key`) and target type; `false` when it changes nothing stored. */
  readonly audit: { readonly action?: string; readonly targetType: string } | false;

  /** Reads the facts the decision needs; runs once before and once inside the transaction. */
  load(db: Db, call: OperationCall<I, undefined>): Promise<F>;
  /** Every question for the engine; all must allow. The first one files the success. */
  checks(facts: F, call: OperationCall<I, undefined>): readonly Check[];
  /**
   * Refusals that are not the engine's — a conflict with the state (409), or a guard on facts the
   * engine does not see; an error whose extensions name a `rule` is a denial and is audited as one.
   * Asked before the transaction and again inside it.
   */
  refuse?(facts: F, call: OperationCall<I, undefined>, db: Db): GatehouseError | null | Promise<GatehouseError | null>;
  /** Slow work done once the decision allows and before the transaction holds anything (hashing). */
  prepare?(facts: F, call: OperationCall<I, undefined>): Promise<P>;
  /** Organisations whose version is bumped first inside the transaction, so concurrent changes to one run one after another. */
  organizations?(facts: F, call: OperationCall<I, undefined>): readonly string[];
  /** The change itself, inside the transaction, on facts loaded and decided again there. */
  apply(tx: Db, facts: F, call: OperationCall<I, P>): Promise<R>;
  /** The success event's target (default `call.id`), e.g. the id of what was created. */
  auditTarget?(result: R, call: OperationCall<I, P>): string | null;
  /** The success event's details; never secrets (the audit log scrubs them anyway). */
  auditDetails?(facts: F, result: R, call: OperationCall<I, P>): Readonly<Record<string, unknown>>;
  readonly uniqueViolations?: readonly UniqueViolation[];
  /** A foreign key refused the change: a row it refers to went away (or started referring) meanwhile. */
  readonly foreignKeyViolation?: () => GatehouseError;
  /**
   * Options of the operation's transaction; `false` for work done by code that keeps its own
   * database client (a host's defined action): it runs after the decision, outside a transaction,
   * and its outcome is audited as ALLOWED or FAILED.
   */
  readonly transaction?: { readonly maxWait?: number; readonly timeout?: number } | false;
  /** After commit: deliver mail, renew the session. */
  after?(result: R, call: OperationCall<I, P>): Promise<void>;
  /** What the caller gets back. */
  view(result: R, call: OperationCall<I, P>): Promise<V> | V;
}

/** An operation with its types erased, as registries and adapters hold them. */
export type AnyOperation = OperationDefinition<any, any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity function that lets TypeScript infer an operation's types from its parts. */
export function defineOperation<I, F, R, V, P = undefined>(definition: OperationDefinition<I, F, R, V, P>): OperationDefinition<I, F, R, V, P> {
  return definition;
}
