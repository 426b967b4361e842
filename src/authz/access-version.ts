// Marks users whose permissions may have changed, so that their cached actor is rebuilt and the
// change is seen on their next request (R-POL-1, R-SESS-1), on every app instance.
import type { Prisma } from '../db/client.ts';

type UserUpdater = { user: { updateMany(args: { where: Prisma.UserWhereInput; data: Prisma.UserUpdateManyMutationInput }): Promise<{ count: number }> } };

export function bumpAccess(db: UserUpdater, where: Prisma.UserWhereInput): Promise<{ count: number }> {
  return db.user.updateMany({ where, data: { accessVersion: { increment: 1 } } });
}

export const holdersOfRole = (roleId: string): Prisma.UserWhereInput => ({ memberships: { some: { roleId } } });

export const holdersOfPolicy = (policyId: string): Prisma.UserWhereInput => ({
  memberships: { some: { role: { policies: { some: { policyId } } } } },
});

export const membersOf = (organizationIds: readonly string[]): Prisma.UserWhereInput => ({
  memberships: { some: { organizationId: { in: [...organizationIds] } } },
});
