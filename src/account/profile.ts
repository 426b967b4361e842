// The signed-in user's own profile (R-SELF-2, R-SECRET-1): their personal fields, their security
// question (visible to them alone) and the state of their second factor — never a hash or secret.
import { remainingRecoveryCodes } from '../auth/recovery-codes.ts';
import { parseStringList } from '../authz/json-columns.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { identityOf, identitySelect } from '../users/serialize.ts';

const profileSelect = {
  ...identitySelect,
  mfaMethod: true,
  mfaEnrolled: true,
  securityQuestion: true,
  securityAnswerHash: true,
  ipAllowlist: true,
  createdAt: true,
  lastLoginAt: true,
  passwordChangedAt: true,
  memberships: {
    select: { organizationId: true, isOwner: true, organization: { select: { name: true } }, role: { select: { key: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  },
} as const;

export async function ownProfile(ctx: GatehouseContext, userId: string) {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: profileSelect });
  if (!user) throw notFound('user');
  return {
    ...identityOf(user, ctx.config.now()),
    mfa: {
      method: user.mfaMethod,
      enrolled: user.mfaEnrolled,
      required: ctx.preset.mfaRequired === true,
      recoveryCodesLeft: user.mfaMethod === 'TOTP' ? await remainingRecoveryCodes(ctx, user.id) : 0,
    },
    securityQuestion: user.securityQuestion,
    securityAnswerSet: user.securityAnswerHash !== null,
    ipAllowlist: parseStringList(user.ipAllowlist),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    memberships: user.memberships.map((membership) => ({
      organizationId: membership.organizationId,
      organizationName: membership.organization.name,
      roleKey: membership.role.key,
      roleName: membership.role.name,
      isOwner: membership.isOwner === true,
    })),
  };
}
