// The row the user serializer shapes, read as one prepared statement (src/reads/): the user's
// columns and their memberships, with role and organisation names, as a JSON array.
import { boolColumn, dateColumn, intColumn, nullableBoolColumn, nullableTextColumn, requiredDate, textColumn } from '../reads/columns.ts';
import { type Dialect, defineRead, type ReadConnection, type Row } from '../reads/read-connection.ts';
import type { SerializableUser } from './serialize.ts';

/** The memberships as one JSON array, in the order Prisma's `orderBy: { createdAt: 'asc' }` gives (ties by id). */
function membershipsJson(d: Dialect): string {
  const from = `FROM ${d.table('Membership')} m
      JOIN ${d.table('Role')} r ON r."id" = m."roleId"
      JOIN ${d.table('Organization')} o ON o."id" = m."organizationId"
      WHERE m."userId" = u."id"`;
  const fields = `'organizationId', m."organizationId", 'roleId', m."roleId", 'isOwner', m."isOwner", 'disabledRights', m."disabledRights",
      'expiresAt', m."expiresAt", 'roleKey', r."key", 'roleName', r."name", 'organizationName', o."name"`;
  return d.provider === 'postgresql'
    ? `(SELECT COALESCE(json_agg(json_build_object(${fields}) ORDER BY m."createdAt", m."id"), '[]'::json) ${from})`
    : `(SELECT json_group_array(json_object(${fields}) ORDER BY m."createdAt", m."id") ${from})`;
}

/** The serializer's columns of `"User" u` and its memberships; a statement adds which users. */
const userViewSelect = (d: Dialect) => `SELECT u."id", u."email", u."username", u."firstName", u."lastName", u."phone", u."fax", u."address", u."postalAddress", u."status", u."disabledUntil", u."disabledReason", u."lockedUntil",
      u."failedAttempts", u."mfaMethod", u."mfaEnrolled", u."securityQuestion", u."ipAllowlist", u."passwordChangedAt", u."createdAt", u."updatedAt", u."lastLoginAt",
      ${membershipsJson(d)} AS "memberships"
    FROM ${d.table('User')} u`;

/** One statement: a separate membership query with its ORDER BY costs more than the user row itself here. */
const readUser = defineRead('user_view', (d) => `${userViewSelect(d)} WHERE u."id" = ${d.param(1)}`);

/** Several users by id, the ids as one JSON array (a statement keeps one shape whatever their number). */
const readUsers = defineRead(
  'user_views',
  (d) => `${userViewSelect(d)} WHERE u."id" IN (${d.provider === 'postgresql' ? `SELECT json_array_elements_text(${d.param(1)}::json)` : `SELECT value FROM json_each(${d.param(1)})`})`,
);

interface MembershipJson {
  readonly organizationId: string;
  readonly roleId: string;
  readonly isOwner: unknown;
  readonly disabledRights: string;
  readonly expiresAt: unknown;
  readonly roleKey: string;
  readonly roleName: string;
  readonly organizationName: string;
}

/** SQLite hands the array over as text; pg (and Prisma on PostgreSQL) already parsed. */
function membershipList(value: unknown): MembershipJson[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as MembershipJson[]) : [];
}

export async function readSerializableUser(reads: ReadConnection, userId: string): Promise<SerializableUser | null> {
  const row = await reads.first(readUser, [userId]);
  return row ? serializableUser(row) : null;
}

/** The users of `ids` that exist, in no particular order: one statement, where Prisma's findMany with the serializer's select compiled and ran one per relation. */
export async function readSerializableUsers(reads: ReadConnection, ids: readonly string[]): Promise<SerializableUser[]> {
  if (ids.length === 0) return [];
  return (await reads.all(readUsers, [JSON.stringify(ids)])).map(serializableUser);
}

function serializableUser(row: Row): SerializableUser {
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
    disabledUntil: dateColumn(row.disabledUntil),
    disabledReason: nullableTextColumn(row.disabledReason),
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
    memberships: membershipList(row.memberships).map((membership) => ({
      organizationId: textColumn(membership.organizationId),
      roleId: textColumn(membership.roleId),
      isOwner: nullableBoolColumn(membership.isOwner),
      disabledRights: textColumn(membership.disabledRights),
      expiresAt: dateColumn(membership.expiresAt),
      role: { key: textColumn(membership.roleKey), name: textColumn(membership.roleName) },
      organization: { name: textColumn(membership.organizationName) },
    })),
  };
}
