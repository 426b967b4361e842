// The one place where stored grants become engine grants. Grants live in two shapes — PolicyGrant
// rows (`permission`, `condition`) and a legacy role's inline JSON list — and both are decoded
// here, failing closed: a condition this code does not know (a typo, `OWN`, a value written by a
// newer version) grants nothing, never an unconditional permission. The database refuses such a
// row too (a CHECK on PolicyGrant.condition), so this is the second line, not the only one.
import { roleGrants } from '../engine/actor.ts';
import type { Grant, GrantCondition } from '../engine/types.ts';

const CONDITIONS: ReadonlySet<string> = new Set<GrantCondition>(['own', 'scoped']);

/** One stored grant; null when its condition is unknown (it grants nothing). */
export function decodeGrant(permission: string, condition: string | null | undefined): Grant | null {
  if (condition === null || condition === undefined) return { permission };
  return CONDITIONS.has(condition) ? { permission, condition: condition as GrantCondition } : null;
}

/** PolicyGrant rows (or anything stored the same way) as engine grants. */
export function grantsFromRows(rows: readonly { readonly permission: string; readonly condition: string | null }[]): Grant[] {
  const grants: Grant[] = [];
  for (const row of rows) {
    const grant = decodeGrant(row.permission, row.condition);
    if (grant !== null) grants.push(grant);
  }
  return grants;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A legacy role's inline permissions: a JSON list of bare keys or `{ permission, condition }`.
 * Corrupt JSON reads as "no permissions"; an entry with an unknown condition is left out.
 */
export function parseGrantsJson(text: string): Grant[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  const grants: Grant[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      grants.push({ permission: item });
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const { permission, condition } = item as { permission?: unknown; condition?: unknown };
    if (typeof permission !== 'string') continue;
    if (condition !== undefined && condition !== null && typeof condition !== 'string') continue;
    const grant = decodeGrant(permission, condition as string | null | undefined);
    if (grant !== null) grants.push(grant);
  }
  return grants;
}

export function serializeGrants(grants: readonly Grant[]): string {
  return JSON.stringify(grants.map((grant) => (grant.condition ? { permission: grant.permission, condition: grant.condition } : grant.permission)));
}

/** A role as stored: inline JSON while legacy, else linked policies with their grant rows. */
export interface StoredRoleGrants {
  readonly legacyPermissions: string | null;
  readonly policies: readonly { readonly policy: { readonly grants: readonly { readonly permission: string; readonly condition: string | null }[] } }[];
}

/** Inline permissions while the role is legacy, null once it carries policies (R-MIG-1). */
export function legacyGrantsOf(role: Pick<StoredRoleGrants, 'legacyPermissions'>): Grant[] | null {
  return role.legacyPermissions === null ? null : parseGrantsJson(role.legacyPermissions);
}

/** What a stored role grants, exactly as the engine will read it (legacy inline, or the union of its policies). */
export function storedRoleGrants(role: StoredRoleGrants): Grant[] {
  return roleGrants({
    legacyPermissions: legacyGrantsOf(role),
    policies: role.policies.map((link) => ({ grants: grantsFromRows(link.policy.grants) })),
  });
}
