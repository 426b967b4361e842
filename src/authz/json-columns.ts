// JSON kept in text columns (the same on SQLite and PostgreSQL), parsed defensively: a corrupt
// value never widens access, it reads as "nothing". Grants have their own decoder (grant-codec.ts).
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
