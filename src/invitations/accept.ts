// POST /invitations/accept (public; R-INV-1, R-INV-2, R-INV-3, R-UNIQ-1). Three kinds of invitee:
// - nobody has the e-mail yet: the form gives names, username and a password; the user is created;
// - a user created without a password (R-INV-3): the form gives the password;
// - an existing account (seed 003): it proves itself with its current password, or by being
//   signed in as that account, and gains the membership; it keeps its login.
// Exactly one acceptance of a token wins: the claim is a conditional update on PENDING, first in the
// transaction, so every concurrent loser rolls back whatever it would have created and answers 410.
import { recordAudit } from '../audit/log.ts';
import { passwordStep } from '../auth/sign-in.ts';
import { bumpAccess } from '../authz/access-version.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { enqueueNotices, userNotices } from '../organizations/notices.ts';
import { assertNotRecentlyUsed, assertPasswordPolicy, hashNewPassword, storePassword } from '../auth/password-policy.ts';
import { hashToken } from '../tokens/token.ts';
import { nameSearchFields } from '../users/normalize.ts';
import { mapUniqueViolation } from './errors.ts';
import type { AcceptInput } from './schema.ts';

export interface AcceptResult {
  readonly status: 'accepted';
  readonly userId: string;
  readonly organizationId: string;
  /** true when the acceptance created the account. */
  readonly newAccount: boolean;
}

/** What the accept page needs to show the right form; nothing secret, and only for a live token. */
export interface InvitationPreview {
  readonly email: string;
  readonly organizationName: string;
  readonly roleName: string;
  readonly expiresAt: string;
  /** 'new-account': names, username, password; 'set-password': password; 'existing-account': sign in or current password. */
  readonly form: 'new-account' | 'set-password' | 'existing-account';
}

const deadLink = () => new GatehouseError('TOKEN_INVALID', 'This invitation link is invalid, used, replaced, revoked or expired');

async function liveInvitation(ctx: GatehouseContext, token: string) {
  const invitation = await ctx.prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organization: { select: { name: true } }, role: { select: { name: true, uniquePerOrganization: true } } },
  });
  if (!invitation || invitation.status !== 'PENDING' || invitation.expiresAt.getTime() <= ctx.config.now().getTime()) throw deadLink();
  return invitation;
}

async function inviteeAccount(ctx: GatehouseContext, invitation: { userId: string | null; email: string }) {
  const select = { id: true, email: true, passwordHash: true, status: true } as const;
  return invitation.userId
    ? ctx.prisma.user.findUnique({ where: { id: invitation.userId }, select })
    : ctx.prisma.user.findUnique({ where: { email: invitation.email }, select });
}

export async function previewInvitation(ctx: GatehouseContext, token: string): Promise<InvitationPreview> {
  const invitation = await liveInvitation(ctx, token);
  const account = await inviteeAccount(ctx, invitation);
  return {
    email: invitation.email,
    organizationName: invitation.organization.name,
    roleName: invitation.role.name,
    expiresAt: invitation.expiresAt.toISOString(),
    form: !account ? 'new-account' : account.passwordHash === null ? 'set-password' : 'existing-account',
  };
}

function missing(fields: readonly string[]): GatehouseError {
  return new GatehouseError('INVALID_INPUT', `Required to create the account: ${fields.join(', ')}`, {
    errors: fields.map((path) => ({ in: 'body', path, message: 'Required' })),
  });
}

/**
 * `signedInUserId`: the caller's session user, if any; it counts only when it is the invitee's
 * own account. `ip` is used for the current-password check, which goes through the sign-in
 * password step (lockout, IP allowlist and disabled accounts apply as at sign-in).
 */
export async function acceptInvitation(ctx: GatehouseContext, input: AcceptInput, signedInUserId: string | null, ip: string): Promise<AcceptResult> {
  const invitation = await liveInvitation(ctx, input.token);
  const account = await inviteeAccount(ctx, invitation);

  let newUser: { firstName: string; lastName: string; username: string } | null = null;
  let passwordHash: string | null = null;
  if (!account) {
    const absent = (['firstName', 'lastName', 'username', 'password'] as const).filter((field) => input[field] === undefined);
    if (absent.length > 0) throw missing(absent);
    assertPasswordPolicy(ctx, input.password as string);
    newUser = { firstName: input.firstName as string, lastName: input.lastName as string, username: input.username as string };
    passwordHash = await hashNewPassword(ctx, input.password as string);
  } else if (account.passwordHash === null) {
    // R-INV-3: the account exists (created by an administrator) and waits for its first password.
    if (input.password === undefined) throw missing(['password']);
    assertPasswordPolicy(ctx, input.password);
    await assertNotRecentlyUsed(ctx.prisma, ctx, account.id, input.password);
    passwordHash = await hashNewPassword(ctx, input.password);
  } else if (signedInUserId !== account.id) {
    // R-INV-2 (seed 003): an existing user joins with their existing login, never a second account.
    if (input.currentPassword === undefined) {
      throw new GatehouseError('SIGN_IN_TO_ACCEPT', 'This e-mail already has an account: sign in, or send its current password as currentPassword', {
        existingAccount: true,
      });
    }
    const signedIn = await passwordStep(ctx, account.email, input.currentPassword, ip);
    // The password alone is half a sign-in for an account with a second factor: accepting must
    // not be a way around it. The invitee signs in fully (password and code), then accepts.
    if (signedIn.secondFactor !== null) {
      throw new GatehouseError('SIGN_IN_TO_ACCEPT', 'This account signs in with a second factor: sign in first, then open the invitation link again', {
        existingAccount: true,
        secondFactor: true,
      });
    }
  }

  const now = ctx.config.now();
  try {
    const { accepted, notices } = await ctx.prisma.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, tokenHash: invitation.tokenHash, status: 'PENDING', expiresAt: { gt: now } },
        data: { status: 'ACCEPTED', pendingEmail: null, acceptedAt: now },
      });
      if (claimed.count === 0) throw deadLink();

      let userId: string;
      if (newUser && passwordHash) {
        const created = await tx.user.create({
          data: {
            email: invitation.email,
            username: newUser.username,
            firstName: newUser.firstName,
            lastName: newUser.lastName,
            ...nameSearchFields(newUser),
            ipAllowlist: invitation.ipAllowlist,
          },
          select: { id: true },
        });
        userId = created.id;
        await storePassword(tx, ctx, userId, passwordHash, now);
      } else {
        userId = (account as { id: string }).id;
        if (passwordHash) {
          await storePassword(tx, ctx, userId, passwordHash, now);
          await tx.user.updateMany({ where: { id: userId, status: 'INVITED' }, data: { status: 'ACTIVE' } });
        }
      }

      const existing = await tx.membership.findUnique({ where: { userId_organizationId: { userId, organizationId: invitation.organizationId } }, select: { id: true } });
      // A set-your-password invitation (R-INV-3) completes a membership its creator already made.
      if (existing && invitation.userId === null) throw new GatehouseError('ALREADY_MEMBER');
      if (!existing) {
        if (invitation.role.uniquePerOrganization) {
          const holder = await tx.membership.findFirst({ where: { organizationId: invitation.organizationId, uniqueRoleId: invitation.roleId }, select: { id: true } });
          if (holder) throw new GatehouseError('UNIQUE_ROLE_TAKEN');
        }
        await tx.membership.create({
          data: {
            userId,
            organizationId: invitation.organizationId,
            roleId: invitation.roleId,
            disabledRights: invitation.disabledRights,
            uniqueRoleId: invitation.role.uniquePerOrganization ? invitation.roleId : null,
          },
        });
      }
      await tx.invitation.update({ where: { id: invitation.id }, data: { userId } });
      // The new membership changes what this user may do: their cached permissions must be rebuilt.
      await bumpAccess(tx, { id: userId });
      await recordAudit(tx, {
        actorId: userId,
        action: 'invitation.accept',
        outcome: 'ALLOWED',
        ip,
        organizationId: invitation.organizationId,
        targetType: 'invitation',
        targetId: invitation.id,
        details: { email: invitation.email, roleId: invitation.roleId, newAccount: newUser !== null },
        at: now,
      });
      // The organisation is told who joined (R-NOTIFY-1), with the change: a lost race sends nothing.
      const joined = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { firstName: true, lastName: true, email: true } });
      const notices = await enqueueNotices(ctx, tx, [invitation.organizationId], userNotices.invitationAccepted(joined, invitation.role.name));
      return { accepted: { status: 'accepted' as const, userId, organizationId: invitation.organizationId, newAccount: newUser !== null }, notices };
    });
    await ctx.mailer.deliver(notices);
    return accepted;
  } catch (error) {
    throw mapUniqueViolation(error, [
      ['username', 'USERNAME_TAKEN'],
      ['email', 'EMAIL_TAKEN'],
      ['uniqueRoleId', 'UNIQUE_ROLE_TAKEN'],
      ['userId', 'ALREADY_MEMBER'],
    ]);
  }
}
