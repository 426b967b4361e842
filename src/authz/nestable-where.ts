// The engine says "nothing" with `{ OR: [] }` (engine.accessibleWhere), which Prisma reads as
// "match nothing" on its own but as "no condition" once nested in an AND (verified on Prisma 6.19).
// A scope that will be ANDed with other filters goes through here, so "nothing" stays nothing.
type Where = Record<string, unknown>;

export function nestable(where: { OR: Where[] }): Where {
  return where.OR.length === 0 ? { id: { in: [] } } : where;
}
