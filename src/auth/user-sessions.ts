// Ending every session of one user at once: when their account is deleted they are signed out
// there and then, not at their next request. The store keeps the user id inside each record's
// JSON (also in a half-finished sign-in), not in a column, so records are found by the text it writes.
import type { Prisma } from '../db/client.ts';

export async function endSessionsOf(db: Prisma.TransactionClient, userId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { data: { contains: `"userId":${JSON.stringify(userId)}` } } });
  return count;
}
