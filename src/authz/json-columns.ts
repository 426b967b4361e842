// JSON kept in text columns (the same on SQLite and PostgreSQL), parsed defensively: a corrupt
// value never widens access, it reads as "nothing".
import type { Grant } from '../engine/types.ts';

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function parseStringList(text: string | null): string[] {
  const value = parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function parseGrants(text: string | null): Grant[] {
  const value = parse(text);
  if (!Array.isArray(value)) return [];
  const grants: Grant[] = [];
  for (const item of value) {
    if (typeof item === 'string') grants.push({ permission: item });
    else if (typeof item === 'object' && item !== null && typeof (item as Grant).permission === 'string') {
      const { permission, condition } = item as Grant;
      grants.push(condition === 'own' || condition === 'scoped' ? { permission, condition } : { permission });
    }
  }
  return grants;
}

export function serializeGrants(grants: readonly Grant[]): string {
  return JSON.stringify(grants.map((grant) => (grant.condition ? { permission: grant.permission, condition: grant.condition } : grant.permission)));
}

/** `{ resource: [ids] }` or null (unrestricted). */
export function parseScope(text: string | null): Record<string, string[]> | null {
  const value = parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const scope: Record<string, string[]> = {};
  for (const [resource, ids] of Object.entries(value)) {
    scope[resource] = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }
  return scope;
}
