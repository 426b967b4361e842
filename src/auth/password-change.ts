// Setting a user's password, for every path that does it (own change, reset link, invitation,
// an administrator's "set password"): the policy and the history of the last N passwords apply
// (R-PWD-1), and the change ends the user's other sessions at their next request (R-SESS-1).
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { hashPassword, passwordPolicyViolations, verifyPassword } from './passwords.ts';

/** Throws PASSWORD_POLICY (400) or PASSWORD_REUSED (409); resolves when the password may be set. */
export async function assertPasswordAcceptable(ctx: GatehouseContext, userId: string | null, password: string): Promise<void> {
  const { passwordPolicy } = ctx.config;
  const problems = passwordPolicyViolations(password, passwordPolicy);
  if (problems.length > 0) throw new GatehouseError('PASSWORD_POLICY', `The password needs ${problems.join(', ')}`, { violations: problems });
  if (!userId || passwordPolicy.historySize <= 0) return;
  const [user, history] = await Promise.all([
    ctx.prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    ctx.prisma.passwordHistory.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: passwordPolicy.historySize, select: { hash: true } }),
  ]);
  const hashes = new Set(history.map((entry) => entry.hash));
  if (user?.passwordHash) hashes.add(user.passwordHash);
  // One argon2 verification per remembered password (4 by default): slow on purpose, like sign-in.
  for (const hash of hashes) {
    if (await verifyPassword(hash, password)) {
      throw new GatehouseError('PASSWORD_REUSED', `Choose a password different from your last ${passwordPolicy.historySize}`);
    }
  }
}

/**
 * Stores the new password, remembers it in the history (trimmed to the configured size) and bumps
 * passwordChangedAt and accessVersion. Check it with assertPasswordAcceptable first.
 * Returns the new passwordChangedAt, to re-bind the caller's own session to it.
 */
export async function storePassword(ctx: GatehouseContext, userId: string, password: string): Promise<Date> {
  const hash = await hashPassword(password, ctx.config.passwordHashing);
  const previous = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  // Sessions compare this value for equality: it must move even when two changes share a millisecond.
  const now = new Date(Math.max(ctx.config.now().getTime(), (previous?.passwordChangedAt?.getTime() ?? 0) + 1));
  const keep = Math.max(1, ctx.config.passwordPolicy.historySize);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash: hash, passwordChangedAt: now, accessVersion: { increment: 1 } } });
    await tx.passwordHistory.create({ data: { userId, hash, createdAt: now } });
    const stale = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: keep, select: { id: true } });
    if (stale.length > 0) await tx.passwordHistory.deleteMany({ where: { id: { in: stale.map((entry) => entry.id) } } });
  });
  return now;
}
