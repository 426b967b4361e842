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
