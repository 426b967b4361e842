// Checks and stores a password chosen through an e-mailed link (reset, set-your-password,
// new account from an invitation): the policy (R-PWD-1) before anything else, then the history of
// the last N passwords, then the hash — all before the transaction that uses it, because hashing
// is slow and a transaction should not wait on it.
import { hashPassword, passwordPolicyViolations, verifyPassword } from '../auth/passwords.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

export function assertPasswordPolicy(ctx: GatehouseContext, password: string): void {
  const problems = passwordPolicyViolations(password, ctx.config.passwordPolicy);
  if (problems.length > 0) throw new GatehouseError('PASSWORD_POLICY', `The password needs ${problems.join(', ')}`, { problems });
}

/** R-PWD-1: a new password differs from the last `historySize` ones. */
export async function assertNotRecentlyUsed(ctx: GatehouseContext, userId: string, password: string): Promise<void> {
  const size = ctx.config.passwordPolicy.historySize;
  if (size <= 0) return;
  const recent = await ctx.prisma.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: size, select: { hash: true } });
  for (const entry of recent) {
    if (await verifyPassword(entry.hash, password)) throw new GatehouseError('PASSWORD_REUSED', `Choose a password different from your last ${size}`);
  }
}

export function hashNewPassword(ctx: GatehouseContext, password: string): Promise<string> {
  return hashPassword(password, ctx.config.passwordHashing);
}

/** Inside the transaction: sets the hash, remembers it, and keeps only as much history as the policy reads. */
export async function storePassword(tx: Prisma.TransactionClient, ctx: GatehouseContext, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
  await tx.passwordHistory.create({ data: { userId, hash: passwordHash, createdAt: now } });
  const keep = Math.max(ctx.config.passwordPolicy.historySize, 1);
  const stale = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: keep, select: { id: true } });
  if (stale.length > 0) await tx.passwordHistory.deleteMany({ where: { id: { in: stale.map((entry) => entry.id) } } });
}
