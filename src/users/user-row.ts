// The row the user serializer shapes, read as two prepared statements (src/reads/): the user's
// columns, then their memberships with role and organisation names in the order Prisma's
// `orderBy: { createdAt: 'asc' }` gives (ties broken by id, so both databases agree).
import { boolColumn, dateColumn, intColumn, nullableBoolColumn, nullableTextColumn, requiredDate, textColumn } from '../reads/columns.ts';
import { defineRead, first, type ReadConnection } from '../reads/read-connection.ts';
import type { SerializableUser } from './serialize.ts';

const readUser = defineRead(
  'user_view',
  (d) => `SELECT "id", "email", "username", "firstName", "lastName", "phone", "fax", "address", "postalAddress", "status", "lockedUntil",
      "failedAttempts", "mfaMethod", "mfaEnrolled", "securityQuestion", "ipAllowlist", "passwordChangedAt", "createdAt", "updatedAt", "lastLoginAt"
    FROM ${d.table('User')} WHERE "id" = ${d.param(1)}`,
);

const readMemberships = defineRead(
  'user_view_memberships',
  (d) => `SELECT m."organizationId", m."roleId", m."isOwner", m."disabledRights", r."key" AS "roleKey", r."name" AS "roleName", o."name" AS "organizationName"
    FROM ${d.table('Membership')} m
    JOIN ${d.table('Role')} r ON r."id" = m."roleId"
    JOIN ${d.table('Organization')} o ON o."id" = m."organizationId"
    WHERE m."userId" = ${d.param(1)} ORDER BY m."createdAt" ASC, m."id" ASC`,
);

export async function readSerializableUser(reads: ReadConnection, userId: string): Promise<SerializableUser | null> {
  const row = await first(reads, readUser, [userId]);
  if (!row) return null;
  const memberships = await reads.all(readMemberships, [userId]);
  return {
    id: textColumn(row.id),
    email: textColumn(row.email),
    username: textColumn(row.username),
    firstName: textColumn(row.firstName),
    lastName: textColumn(row.lastName),
    phone: nullableTextColumn(row.phone),
    fax: nullableTextColumn(row.fax),
    address: nullableTextColumn(row.address),
    postalAddress: nullableTextColumn(row.postalAddress),
    status: textColumn(row.status) as SerializableUser['status'],
    lockedUntil: dateColumn(row.lockedUntil),
    failedAttempts: intColumn(row.failedAttempts),
    mfaMethod: textColumn(row.mfaMethod) as SerializableUser['mfaMethod'],
    mfaEnrolled: boolColumn(row.mfaEnrolled),
    securityQuestion: nullableTextColumn(row.securityQuestion),
    ipAllowlist: textColumn(row.ipAllowlist),
    passwordChangedAt: dateColumn(row.passwordChangedAt),
    createdAt: requiredDate(row.createdAt),
    updatedAt: requiredDate(row.updatedAt),
    lastLoginAt: dateColumn(row.lastLoginAt),
    memberships: memberships.map((membership) => ({
      organizationId: textColumn(membership.organizationId),
      roleId: textColumn(membership.roleId),
      isOwner: nullableBoolColumn(membership.isOwner),
      disabledRights: textColumn(membership.disabledRights),
      role: { key: textColumn(membership.roleKey), name: textColumn(membership.roleName) },
      organization: { name: textColumn(membership.organizationName) },
    })),
  };
}
