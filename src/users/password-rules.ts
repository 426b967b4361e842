// The password policy (R-PWD-1) as the user services apply it: length and classes from the
// configuration, and "different from the last N passwords" against the stored history.
import { passwordPolicyViolations, verifyPassword } from '../auth/passwords.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Db } from './roles.ts';

export function assertPasswordPolicy(ctx: GatehouseContext, password: string): void {
  const problems = passwordPolicyViolations(password, ctx.config.passwordPolicy);
  if (problems.length > 0) throw new GatehouseError('PASSWORD_POLICY', `The password needs ${problems.join(', ')}`, { violations: problems });
}

/** The most recent hashes first; the current password counts as one of them. */
export async function recentPasswordHashes(db: Db, userId: string, historySize: number): Promise<string[]> {
  if (historySize <= 0) return [];
  const rows = await db.passwordHistory.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: historySize, select: { hash: true } });
  return rows.map((row) => row.hash);
}

export async function assertNotRecentlyUsed(db: Db, ctx: GatehouseContext, userId: string, password: string): Promise<void> {
  for (const hash of await recentPasswordHashes(db, userId, ctx.config.passwordPolicy.historySize)) {
    if (await verifyPassword(hash, password)) throw new GatehouseError('PASSWORD_REUSED');
  }
}

/** Keeps the last `historySize` entries; older hashes serve no rule and are dropped. */
export async function trimPasswordHistory(db: Db, userId: string, historySize: number): Promise<void> {
  const keep = await db.passwordHistory.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: Math.max(historySize, 1), select: { id: true } });
  await db.passwordHistory.deleteMany({ where: { userId, id: { notIn: keep.map((row) => row.id) } } });
}
