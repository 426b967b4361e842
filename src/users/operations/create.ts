// "Add user" (seed 002): a user in one organisation with a role. With a password the user is
// active at once and nothing is sent; without one the user is INVITED and gets a set-your-password
// invitation (R-INV-3). The grant is judged like any other: user.create there, nothing the actor does
// not hold (R-ESC-1), no taken unique role (R-UNIQ-1, settled by the database under concurrency).
import { assertPasswordPolicy, hashNewPassword } from '../../auth/password-policy.ts';
import { GatehouseError, notFound } from '../../errors/gatehouse-error.ts';
import { issueInvitation } from '../../invitations/issue.ts';
import { organizationChoices, roleChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { disabledRightsForRole } from '../access-rights.ts';
import { nameSearchFields } from '../normalize.ts';
import { userView } from '../read-user.ts';
import { assignableRole, effectiveGrants, roleFacts } from '../roles.ts';
import { createUserBody } from '../schemas.ts';
import type { UserView } from '../serialize.ts';
import { emailViolation, uniqueRoleViolation, usernameViolation } from '../unique-violations.ts';
import { assertIdentityFree } from './identity.ts';

export interface CreatedUser {
  readonly user: UserView;
  /** Set when the user was created without a password (R-INV-3). */
  readonly invitationId: string | null;
}

export const createUser = defineOperation({
  key: 'user.create',
  permission: 'user.create',
  label: 'New user',
  summary: 'Add a user: with a password active at once, without one invited to set it (R-INV-3, R-ESC-1, R-UNIQ-1, R-INV-2)',
  rules: ['R-INV-3', 'R-INV-2', 'R-ESC-1', 'R-UNIQ-1', 'R-TENANT-1', 'R-READ-1', 'R-PWD-1'],
  input: createUserBody,
  rest: { method: 'post', path: '/users', status: 201, tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'new',
    kind: 'resource',
    view: 'form',
    icon: 'UserPlus',
    async form({ ctx, who }) {
      const organizations = await organizationChoices(ctx, who, 'user.create');
      return {
        intro: 'Leave the password empty to e-mail the user a link to set their own.',
        order: ['email', 'username', 'firstName', 'lastName', 'organizationId|roleId', 'password', 'passwordConfirmation', 'ipAllowlist'],
        fields: {
          email: { label: 'E-mail', type: 'email' },
          firstName: { label: 'First name', help: 'A dash (-) is accepted.' },
          lastName: { label: 'Last name', help: 'A dash (-) is accepted.' },
          'organizationId|roleId': { label: 'Organisation and role', type: 'select', placeholder: 'Choose an organisation and a role', options: await roleChoices(ctx, who, 'user.create', organizations) },
          password: { label: 'Password (optional)', type: 'password', help: 'With a password the user is active at once and nothing is e-mailed.' },
          passwordConfirmation: { label: 'Password again', type: 'password', matches: 'password' },
          ipAllowlist: { label: 'Allowed IP addresses (optional)', type: 'lines', help: 'One address or CIDR range per line; empty: anywhere.' },
          phone: { hidden: true },
          fax: { hidden: true },
          address: { hidden: true },
          postalAddress: { hidden: true },
          accessRights: { hidden: true },
        },
        submitLabel: 'Create user',
      };
    },
    done: (result) => {
      const created = result as CreatedUser;
      return created.invitationId ? `${created.user.email} is created; an invitation to set a password was sent` : `${created.user.email} is created and active`;
    },
    then: 'list',
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, input }) {
    const organization = await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
    if (!organization) throw notFound('organization');
    const role = await assignableRole(db, input.roleId, input.organizationId);
    const disabledRights = input.accessRights === undefined ? [] : disabledRightsForRole(ctx, role, input.accessRights);
    const holder = role.uniquePerOrganization
      ? await db.membership.findFirst({ where: { organizationId: input.organizationId, uniqueRoleId: role.id }, select: { id: true } })
      : null;
    return { role, disabledRights, uniqueRoleTaken: holder !== null };
  },
  checks: ({ role, disabledRights, uniqueRoleTaken }, { input }) => [
    {
      action: 'user.create',
      target: {
        kind: 'organization',
        organizationId: input.organizationId,
        change: { grants: effectiveGrants(role, disabledRights), assignsRole: roleFacts(role), uniqueRoleTaken },
      },
      subject: { targetType: 'user', organizationId: input.organizationId, details: { email: input.email, username: input.username, roleId: role.id, withPassword: input.password !== undefined } },
    },
  ],
  // Hashing is slow on purpose: done once the decision allows, before the transaction holds anything.
  async prepare(_facts, { ctx, input }) {
    if (input.password === undefined) return null;
    assertPasswordPolicy(ctx, input.password);
    return hashNewPassword(ctx, input.password);
  },
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { role, disabledRights }, { ctx, who, input, prepared: passwordHash }) {
    const now = ctx.config.now();
    await assertIdentityFree(tx, { email: input.email, username: input.username });
    // R-INV-2: an e-mail with a pending invitation in the organisation is taken too.
    if (await tx.invitation.findFirst({ where: { organizationId: input.organizationId, pendingEmail: input.email }, select: { id: true } })) {
      throw new GatehouseError('EMAIL_TAKEN', 'This e-mail address has a pending invitation in the organisation');
    }
    const user = await tx.user.create({
      data: {
        email: input.email,
        username: input.username,
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
      email: input.email,
      organizationId: input.organizationId,
      roleId: role.id,
      invitedById: who.userId,
      userId: user.id,
      ipAllowlist: input.ipAllowlist,
      disabledRights,
    });
    return { userId: user.id, invitationId: invitation.invitationId, outbox: [invitation.outboxMessageId] };
  },
  auditTarget: (result) => result.userId,
  auditDetails: (_facts, result) => ({ invitationId: result.invitationId }),
  uniqueViolations: [uniqueRoleViolation, emailViolation, usernameViolation],
  async after(result, { ctx }) {
    await ctx.mailer.deliver(result.outbox);
  },
  async view(result, { ctx, who }): Promise<CreatedUser> {
    return { user: await userView(ctx, ctx.prisma, who, result.userId), invitationId: result.invitationId };
  },
});
