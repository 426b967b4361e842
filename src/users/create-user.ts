// POST /users: adds a user to one organisation with a role (seed 002's "Add User"). With a
// password the user is active at once and nothing is sent; without one the user is INVITED and
// gets a set-your-password invitation (R-INV-3). The grant is judged like any other: the actor
// needs user.create there, cannot give what they do not hold (R-ESC-1), nor a taken unique role
// (R-UNIQ-1, enforced by the database under concurrency).
import { hashPassword } from '../auth/passwords.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { issueInvitation } from '../invitations/issue.ts';
import { disabledRightsForRole } from './access-rights.ts';
import { runGuardedChange } from './guarded-change.ts';
import { emailViolation, uniqueRoleViolation, usernameViolation } from './unique-violations.ts';
import { nameSearchFields, normalizeEmail, normalizeUsername } from './normalize.ts';
import { assertPasswordPolicy } from './password-rules.ts';
import { userView } from './read-user.ts';
import { assertIdentityFree } from './update-profile.ts';
import { assignableRole, effectiveGrants, roleFacts } from './roles.ts';
import type { UserView } from './serialize.ts';

export interface CreateUserInput {
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone?: string | null | undefined;
  readonly fax?: string | null | undefined;
  readonly address?: string | null | undefined;
  readonly postalAddress?: string | null | undefined;
  /** Set it to create an active user and send nothing; leave it out to send an invitation. */
  readonly password?: string | undefined;
  readonly organizationId: string;
  readonly roleId: string;
  /** Keys of the preset's access-right bundles to keep on; default every one the role allows (R-ACC-1). */
  readonly accessRights?: readonly string[] | undefined;
  readonly ipAllowlist?: readonly string[] | undefined;
}

export interface CreatedUser {
  readonly user: UserView;
  /** Set when the user was created without a password (R-INV-3). */
  readonly invitationId: string | null;
}

export async function createUser(ctx: GatehouseContext, who: Principal, input: CreateUserInput): Promise<CreatedUser> {
  const email = normalizeEmail(input.email);
  const username = normalizeUsername(input.username);
  if (input.password !== undefined) assertPasswordPolicy(ctx, input.password);
  // Hashing is slow on purpose; done before the transaction so it holds no lock meanwhile.
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password, ctx.config.passwordHashing);
  const now = ctx.config.now();

  const created = await runGuardedChange(ctx, who, {
    action: 'user.create',
    async load(db) {
      const organization = await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
      if (!organization) throw notFound('organization');
      const role = await assignableRole(db, input.roleId, input.organizationId);
      const disabledRights = input.accessRights === undefined ? [] : disabledRightsForRole(ctx, role, input.accessRights);
      const holder = role.uniquePerOrganization
        ? await db.membership.findFirst({ where: { organizationId: input.organizationId, uniqueRoleId: role.id }, select: { id: true } })
        : null;
      return { role, disabledRights, uniqueRoleTaken: holder !== null };
    },
    checks: ({ role, disabledRights, uniqueRoleTaken }) => [
      {
        action: 'user.create',
        target: {
          kind: 'organization',
          organizationId: input.organizationId,
          change: { grants: effectiveGrants(role, disabledRights), assignsRole: roleFacts(role), uniqueRoleTaken },
        },
        subject: { targetType: 'user', organizationId: input.organizationId, details: { email, username, roleId: role.id, withPassword: passwordHash !== null } },
      },
    ],
    organizations: () => [input.organizationId],
    async apply(tx, { role, disabledRights }) {
      await assertIdentityFree(tx, { email, username });
      // R-INV-2: an e-mail with a pending invitation in the organisation is taken too.
      if (await tx.invitation.findFirst({ where: { organizationId: input.organizationId, pendingEmail: email }, select: { id: true } })) {
        throw new GatehouseError('EMAIL_TAKEN', 'This e-mail address has a pending invitation in the organisation');
      }
      const user = await tx.user.create({
        data: {
          email,
          username,
          firstName: input.firstName,
          lastName: input.lastName,
          ...nameSearchFields(input),
          phone: input.phone ?? null,
          fax: input.fax ?? null,
          address: input.address ?? null,
          postalAddress: input.postalAddress ?? null,
          ipAllowlist: JSON.stringify(input.ipAllowlist ?? []),
          status: passwordHash === null ? 'INVITED' : 'ACTIVE',
          passwordHash,
          passwordChangedAt: passwordHash === null ? null : now,
          ...(passwordHash === null ? {} : { passwordHistory: { create: { hash: passwordHash, createdAt: now } } }),
        },
        select: { id: true },
      });
      await tx.membership.create({
        data: {
          userId: user.id,
          organizationId: input.organizationId,
          roleId: role.id,
          uniqueRoleId: role.uniquePerOrganization ? role.id : null,
          disabledRights: JSON.stringify(disabledRights),
        },
      });
      if (passwordHash !== null) return { userId: user.id, invitationId: null, outbox: [] as string[] };
      const invitation = await issueInvitation(tx, ctx, {
        email,
        organizationId: input.organizationId,
        roleId: role.id,
        invitedById: who.userId,
        userId: user.id,
        ipAllowlist: input.ipAllowlist,
        disabledRights,
      });
      return { userId: user.id, invitationId: invitation.invitationId, outbox: [invitation.outboxMessageId] };
    },
    createdId: (result) => result.userId,
    details: (_facts, result) => ({ invitationId: result.invitationId }),
    uniqueViolations: [uniqueRoleViolation, emailViolation, usernameViolation],
  });
  await ctx.mailer.deliver(created.outbox);
  return { user: await userView(ctx, ctx.prisma, who, created.userId), invitationId: created.invitationId };
}
