// Walks the organisation tree in the database. Trees are shallow (an account and a few levels of
// sub-organisations), so one query per level is cheap and portable.
import type { Prisma } from '../db/client.ts';

type Db = Prisma.TransactionClient;

/** Parent, grandparent… up to the root, nearest first. */
export async function ancestorsOf(db: Db, organizationId: string): Promise<string[]> {
  const found: string[] = [];
  let current: string | null = organizationId;
  const seen = new Set<string>([organizationId]);
  while (current !== null) {
    const row: { parentId: string | null } | null = await db.organization.findUnique({ where: { id: current }, select: { parentId: true } });
    current = row?.parentId ?? null;
    if (current === null || seen.has(current)) break;
    seen.add(current);
    found.push(current);
  }
  return found;
}

/** Children, grandchildren… down to the leaves, level by level. */
export async function descendantsOf(db: Db, organizationId: string): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>([organizationId]);
  let level = [organizationId];
  while (level.length > 0) {
    const rows = await db.organization.findMany({ where: { parentId: { in: level } }, select: { id: true } });
    level = rows.map((row) => row.id).filter((id) => !seen.has(id));
    for (const id of level) seen.add(id);
    found.push(...level);
  }
  return found;
}
