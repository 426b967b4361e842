// E-mail addresses and usernames are unique among all users (stored lower-cased, so the check is
// case-insensitive on every database); the unique indexes settle races the check cannot see.
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import type { Db } from '../roles.ts';

/** Fails with 409 when another user has the e-mail or username. */
export async function assertIdentityFree(db: Db, identity: { email?: string | undefined; username?: string | undefined }, exceptUserId?: string): Promise<void> {
  const not = exceptUserId ? { id: { not: exceptUserId } } : {};
  if (identity.email !== undefined && (await db.user.findFirst({ where: { email: identity.email, ...not }, select: { id: true } }))) {
    throw new GatehouseError('EMAIL_TAKEN');
  }
  if (identity.username !== undefined && (await db.user.findFirst({ where: { username: identity.username, ...not }, select: { id: true } }))) {
    throw new GatehouseError('USERNAME_TAKEN');
  }
}
