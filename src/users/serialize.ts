// What a user looks like outside the server. Fields are listed one by one, so a column added to
// the schema never leaves by accident; secrets (src/db/secret-fields.ts) are never among them,
// and the security question is shown to its owner only (R-SECRET-1).
import type { Principal } from '../authz/principal.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { Prisma } from '../db/client.ts';
import { disabledAt, statusAt } from './disabled.ts';
import { hasEndedAt } from './membership-end.ts';

/** Who the user is: shown to whoever may see the user, and to the user on their own profile. */
export const identitySelect = {
  id: true,
  email: true,
  username: true,
  firstName: true,
  lastName: true,
  phone: true,
  fax: true,
  address: true,
  postalAddress: true,
  status: true,
  disabledUntil: true,
} as const;

type Identity = Prisma.UserGetPayload<{ select: typeof identitySelect }>;

/**
 * Lists the fields one by one, so that passing a wider row never lets more out. The status is the
 * one at `now`: a disable whose end has passed counts as active (R-STATE-2).
 */
export function identityOf(user: Identity, now: Date): Omit<Identity, 'disabledUntil'> {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone,
    fax: user.fax,
    address: user.address,
    postalAddress: user.postalAddress,
    status: statusAt(user, now),
  };
}

export const userSerializerSelect = {
  ...identitySelect,
  disabledReason: true,
  lockedUntil: true,
  failedAttempts: true,
  mfaMethod: true,
  mfaEnrolled: true,
  securityQuestion: true,
  ipAllowlist: true,
  passwordChangedAt: true,
  createdAt: true,
  updatedAt: true,
  lastLoginAt: true,
  memberships: {
    select: { organizationId: true, roleId: true, isOwner: true, disabledRights: true, expiresAt: true, role: { select: { key: true, name: true } }, organization: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  },
} as const satisfies Prisma.UserSelect;

export type SerializableUser = Prisma.UserGetPayload<{ select: typeof userSerializerSelect }>;

/** The status the seed's user list shows: locked and invited are states of their own. */
export type DisplayStatus = 'enabled' | 'disabled' | 'locked' | 'invited';

export function displayStatus(user: { status: string; disabledUntil: Date | null; lockedUntil: Date | null }, now: Date): DisplayStatus {
  if (disabledAt(user, now)) return 'disabled';
  if (user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime()) return 'locked';
  if (user.status === 'INVITED') return 'invited';
  return 'enabled';
}

export interface UserMembershipView {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly roleId: string;
  readonly roleKey: string;
  readonly roleName: string;
  readonly isOwner: boolean;
  readonly disabledRights: string[];
  /** When the membership ends (R-EXP-1), null when it does not. */
  readonly expiresAt: string | null;
  /** Whether that end has come at the time of this read: the membership then gives nothing. */
  readonly ended: boolean;
}

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string | null;
  readonly fax: string | null;
  readonly address: string | null;
  readonly postalAddress: string | null;
  readonly status: 'ACTIVE' | 'DISABLED' | 'INVITED';
  readonly displayStatus: DisplayStatus;
  /** While disabled with an end: when the account counts as enabled again (R-STATE-2). */
  readonly disabledUntil: string | null;
  /** Why it was disabled: to administrators only, never to the user themself (R-STATE-2). */
  readonly disabledReason?: string | null;
  readonly locked: boolean;
  readonly lockedUntil: string | null;
  readonly failedAttempts: number;
  readonly mfaMethod: 'NONE' | 'TOTP' | 'EMAIL';
  readonly mfaEnrolled: boolean;
  /** Present on one's own profile only (R-SECRET-1). */
  readonly securityQuestion?: string | null;
  readonly ipAllowlist: string[];
  readonly passwordChangedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastLoginAt: string | null;
  /** Only the memberships in organisations the viewer reaches: others are not revealed (R-TENANT-1). */
  readonly memberships: UserMembershipView[];
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/** What is said of a disable, while it lasts: its end to everyone who sees the user, its reason to others only. */
function disableView(user: SerializableUser, self: boolean, now: Date): Pick<UserView, 'disabledUntil' | 'disabledReason'> {
  const disabled = disabledAt(user, now);
  return { disabledUntil: disabled ? iso(user.disabledUntil) : null, ...(self ? {} : { disabledReason: disabled ? user.disabledReason : null }) };
}

export function serializeUser(user: SerializableUser, viewer: Principal, now: Date): UserView {
  const self = viewer.userId === user.id;
  return {
    ...identityOf(user, now),
    displayStatus: displayStatus(user, now),
    ...disableView(user, self, now),
    locked: user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime(),
    lockedUntil: iso(user.lockedUntil),
    failedAttempts: user.failedAttempts,
    mfaMethod: user.mfaMethod,
    mfaEnrolled: user.mfaEnrolled,
    ...(self ? { securityQuestion: user.securityQuestion } : {}),
    ipAllowlist: parseStringList(user.ipAllowlist),
    passwordChangedAt: iso(user.passwordChangedAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastLoginAt: iso(user.lastLoginAt),
    memberships: user.memberships
      .filter((membership) => self || viewer.actor.organizations.has(membership.organizationId))
      .map((membership) => ({
        organizationId: membership.organizationId,
        organizationName: membership.organization.name,
        roleId: membership.roleId,
        roleKey: membership.role.key,
        roleName: membership.role.name,
        isOwner: membership.isOwner === true,
        disabledRights: parseStringList(membership.disabledRights),
        expiresAt: iso(membership.expiresAt),
        ended: hasEndedAt(membership, now),
      })),
  };
}
