// Grants as the REST API and the services handle them: parsed from input, checked against the
// catalog, compared as sets. A grant is one permission key, optionally narrowed to own records or
// to the holder's scoped instances.
import { z } from 'zod';
import { roleGrants } from '../engine/actor.ts';
import type { Catalog, Grant, GrantCondition } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

/** A policy holds at most 100 grants (R-POL-1). */
export const MAX_GRANTS_PER_POLICY = 100;

/**
 * A bare key or `{ permission, condition }`. The array bound in routes is generous on purpose: past
 * 100 the service answers TOO_MANY_GRANTS, which tells the client more than a schema error.
 */
export const grantInput = z.union([
  z.string().min(1).max(200),
  z.strictObject({
    permission: z.string().min(1).max(200),
    condition: z.enum(['own', 'scoped']).nullable().optional(),
  }),
]);

export type GrantInput = z.input<typeof grantInput>;

/** The one output shape: `condition` is always present, null when unconditional. */
export interface GrantView {
  readonly permission: string;
  readonly condition: GrantCondition | null;
}

export function toGrant(input: GrantInput): Grant {
  if (typeof input === 'string') return { permission: input };
  return input.condition ? { permission: input.permission, condition: input.condition } : { permission: input.permission };
}

export { grantsFromRows } from '../authz/grant-codec.ts';

export function viewGrant(grant: Grant): GrantView {
  return { permission: grant.permission, condition: grant.condition ?? null };
}

export const grantKey = (grant: Grant): string => `${grant.permission}|${grant.condition ?? ''}`;

/**
 * Input grants checked against the catalog (unknown keys are a 400 naming them) and listed once per
 * permission: a policy stores one grant per permission, and a key given twice is a client mistake
 * worth reporting rather than silently merging.
 */
export function parseGrantList(catalog: Catalog, inputs: readonly GrantInput[]): Grant[] {
  const grants = inputs.map(toGrant);
  const unknown = [...new Set(grants.map((grant) => grant.permission).filter((key) => !Object.hasOwn(catalog, key)))];
  if (unknown.length > 0) {
    throw new GatehouseError('INVALID_INPUT', `Unknown permission${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { unknownPermissions: unknown });
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const grant of grants) (seen.has(grant.permission) ? repeated : seen).add(grant.permission);
  if (repeated.size > 0) {
    throw new GatehouseError('INVALID_INPUT', `Each permission may appear once: ${[...repeated].join(', ')}`, { repeatedPermissions: [...repeated] });
  }
  return grants;
}

/** Policy grants: the catalog check plus the 100-grant limit (R-POL-1). */
export function parsePolicyGrants(catalog: Catalog, inputs: readonly GrantInput[]): Grant[] {
  if (inputs.length > MAX_GRANTS_PER_POLICY) {
    throw new GatehouseError('TOO_MANY_GRANTS', `${inputs.length} grants given; a policy holds at most ${MAX_GRANTS_PER_POLICY}`, {
      limit: MAX_GRANTS_PER_POLICY,
      given: inputs.length,
    });
  }
  return parseGrantList(catalog, inputs);
}

/** A grant list as the engine would read it: duplicates collapsed to the least restricted condition. */
export function normalizeGrants(grants: readonly Grant[]): Grant[] {
  return roleGrants({ legacyPermissions: null, policies: [{ grants }] });
}

/** What `have` lacks of `want` (missing) and holds beyond it (extra), after normalising both. */
export function diffGrants(want: readonly Grant[], have: readonly Grant[]): { missing: GrantView[]; extra: GrantView[] } {
  const wanted = normalizeGrants(want);
  const held = normalizeGrants(have);
  const wantedKeys = new Set(wanted.map(grantKey));
  const heldKeys = new Set(held.map(grantKey));
  return {
    missing: wanted.filter((grant) => !heldKeys.has(grantKey(grant))).map(viewGrant),
    extra: held.filter((grant) => !wantedKeys.has(grantKey(grant))).map(viewGrant),
  };
}

/** Sorted in catalog order, so that answers and comparisons are stable. */
export function sortGrants(catalog: Catalog, grants: readonly Grant[]): Grant[] {
  const order = new Map(Object.keys(catalog).map((key, index) => [key, index]));
  const rank = (grant: Grant) => order.get(grant.permission) ?? Number.MAX_SAFE_INTEGER;
  return [...grants].sort((a, b) => rank(a) - rank(b) || grantKey(a).localeCompare(grantKey(b)));
}
