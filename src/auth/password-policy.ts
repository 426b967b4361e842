// The password policy (R-PWD-1), for every path that sets a password: one's own change, a reset or
// invitation link, a new user, and an administrator's "set password" on someone's behalf, which
// may have a policy of its own (seed 002 asks 8–32 characters of its users, and 13 or more of a
// password set for them). Checked before the transaction (hashing is slow and a transaction should
// not wait on it); stored inside it.
import type { GatehouseContext } from '../context.ts';
import type { PasswordPolicy } from '../config/options.ts';
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { hashPassword, passwordPolicyViolations, verifyPassword } from './passwords.ts';

type Db = Prisma.TransactionClient;

/** `own`: chosen by the user (or given to a new user); `onBehalf`: set by an administrator for someone else. */
export type PasswordPurpose = 'own' | 'onBehalf';

export function policyFor(ctx: GatehouseContext, purpose: PasswordPurpose): PasswordPolicy {
  return purpose === 'onBehalf' ? ctx.config.passwordPolicyOnBehalf : ctx.config.passwordPolicy;
}

/** The policy in one sentence, for the forms and pages that ask for a new password. */
export function describePolicy(policy: PasswordPolicy): string {
  const parts = [`${policy.minLength} to ${policy.maxLength} characters`];
  if (policy.requireUpper) parts.push('an upper-case letter');
  if (policy.requireLower) parts.push('a lower-case letter');
  if (policy.requireDigit) parts.push('a digit');
  if (policy.requireSymbol) parts.push('a symbol');
  const history = policy.historySize > 0 ? `, and must differ from the last ${policy.historySize} passwords` : '';
  return `The password needs ${parts.join(', ')}${history}.`;
}

/** Throws PASSWORD_POLICY (400) naming every rule the password breaks. */
export function assertPasswordPolicy(ctx: GatehouseContext, password: string, purpose: PasswordPurpose = 'own'): void {
  const problems = passwordPolicyViolations(password, policyFor(ctx, purpose));
  if (problems.length > 0) throw new GatehouseError('PASSWORD_POLICY', `The password needs ${problems.join(', ')}`, { violations: problems });
}

/** Throws PASSWORD_REUSED (409) when the password is the current one or one of the last `historySize`. */
export async function assertNotRecentlyUsed(db: Db, ctx: GatehouseContext, userId: string, password: string): Promise<void> {
  const size = ctx.config.passwordPolicy.historySize;
  if (size <= 0) return;
  const [user, recent] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    db.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: size, select: { hash: true } }),
  ]);
  // The current password is normally the newest entry of the history; a hash set without one
  // (an imported user) counts too. One argon2 verification per hash: slow on purpose, like sign-in.
  const hashes = new Set(recent.map((entry) => entry.hash));
  if (user?.passwordHash) hashes.add(user.passwordHash);
  for (const hash of hashes) {
    if (await verifyPassword(hash, password)) throw new GatehouseError('PASSWORD_REUSED', `Choose a password different from the last ${size}`);
  }
}

export function hashNewPassword(ctx: GatehouseContext, password: string): Promise<string> {
  return hashPassword(password, ctx.config.passwordHashing);
}

/** Inside the transaction: sets the hash, remembers it, and keeps only as much history as the policy reads. */
export async function storePassword(tx: Db, ctx: GatehouseContext, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now } });
  await tx.passwordHistory.create({ data: { userId, hash: passwordHash, createdAt: now } });
  await trimPasswordHistory(tx, ctx, userId);
}

/** Keeps the last `historySize` entries (at least one); older hashes serve no rule and are dropped. */
export async function trimPasswordHistory(tx: Db, ctx: GatehouseContext, userId: string): Promise<void> {
  const keep = Math.max(ctx.config.passwordPolicy.historySize, 1);
  const stale = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: keep, select: { id: true } });
  if (stale.length > 0) await tx.passwordHistory.deleteMany({ where: { id: { in: stale.map((entry) => entry.id) } } });
}
