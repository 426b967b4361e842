// Inviting by e-mail into an organisation with a role (or, where the preset lets the inviter choose,
// with access rights), optionally limited to an IP allowlist (R-INV-1, R-IP-1). The engine decides
// whether the actor may give that role and those rights there (R-ESC-1, R-UNIQ-1, R-TENANT-1,
// R-READ-1); the invitation and its e-mail are written in one transaction and the mail is
// delivered after commit.
import { GatehouseError, notFound } from '../../errors/gatehouse-error.ts';
import { organizationChoices, roleChoices } from '../../operations/choices.ts';
import { defineOperation, type FieldHint, type FormBuilder } from '../../operations/operation.ts';
import { grantsGiven, loadAssignableRole } from '../assignable-role.ts';
import { defaultInviteRoleId, disabledRightsFor } from '../chosen-rights.ts';
import { assertEmailFreeInOrganization } from '../email-free.ts';
import { issueInvitation } from '../issue.ts';
import { inviteBody } from '../schema.ts';
import { invitationView, type InvitationView, viewInvitation } from '../view.ts';

const pendingViolation = { field: 'pendingEmail', error: () => new GatehouseError('INVITATION_PENDING') };

const inviteForm: FormBuilder = async ({ ctx, who }) => {
  const organizations = await organizationChoices(ctx, who, 'user.invite');
  const choosesRights = ctx.preset.inviteChoosesRights === true;
  const fields: Record<string, FieldHint> = {
    email: { label: 'E-mail', type: 'email' },
    'organizationId|roleId': { label: 'Organisation and role', type: 'select', placeholder: 'Choose an organisation and a role', options: await roleChoices(ctx, who, 'user.invite', organizations) },
    accessRights: choosesRights
      ? { label: 'Access rights', type: 'checkboxes', options: ctx.preset.accessRights.map((right) => ({ value: right.key, label: right.label })), value: ctx.preset.accessRights.map((right) => right.key) }
      : { hidden: true },
    ipAllowlist: { label: 'Allowed IP addresses (optional)', type: 'lines', help: 'One address or CIDR range per line (IPv4 or IPv6); empty: anywhere.' },
  };
  return {
    intro: `The invitation link is valid for ${Math.round(ctx.config.invitationTtlMs / 3_600_000)} hours and can be used once.`,
    order: ['email', 'organizationId|roleId', 'accessRights', 'ipAllowlist'],
    fields,
    submitLabel: 'Send invitation',
  };
};

function invited(invitation: unknown): string {
  return `An invitation was sent to ${(invitation as InvitationView).email}`;
}

export const inviteUser = defineOperation({
  key: 'invitation.create',
  permission: 'user.invite',
  label: 'Invite user',
  summary: 'Invite by e-mail into an organisation with a role (or chosen access rights), optionally limited to an IP allowlist (R-INV-1, R-INV-2, R-ESC-1)',
  rules: ['R-INV-1', 'R-INV-2', 'R-ESC-1', 'R-UNIQ-1', 'R-TENANT-1', 'R-READ-1', 'R-IP-1'],
  input: inviteBody,
  rest: { method: 'post', path: '/invitations', status: 201, tag: 'invitations', response: invitationView, errors: [403, 404, 409] },
  panel: [
    { resource: 'Invitation', name: 'new', kind: 'resource', view: 'form', icon: 'Send', form: inviteForm, done: invited, then: 'list' },
    { resource: 'User', name: 'invite', kind: 'resource', view: 'form', icon: 'Send', form: inviteForm, done: invited, then: 'list' },
  ],
  audit: { targetType: 'invitation' },
  async load(db, { ctx, input }) {
    const choosesRights = ctx.preset.inviteChoosesRights === true;
    if (input.accessRights !== undefined && !choosesRights) {
      throw new GatehouseError('INVALID_INPUT', 'This preset gives access through the role; accessRights is not accepted', {
        errors: [{ in: 'body', path: 'accessRights', message: 'not accepted by this preset' }],
      });
    }
    const roleId = input.roleId ?? (choosesRights ? defaultInviteRoleId(ctx.preset) : null);
    if (!roleId) throw new GatehouseError('INVALID_INPUT', 'Choose a role', { errors: [{ in: 'body', path: 'roleId', message: 'Required' }] });
    // New users start with all of their role's rights (R-ACC-1) unless the inviter chose fewer.
    const disabledRights = choosesRights && input.accessRights !== undefined ? disabledRightsFor(ctx.preset, input.accessRights) : [];
    const role = await loadAssignableRole(db, input.organizationId, roleId);
    const uniqueRoleTaken = role?.uniquePerOrganization ? (await db.membership.count({ where: { organizationId: input.organizationId, uniqueRoleId: role.id } })) > 0 : false;
    return { role, roleId, disabledRights, uniqueRoleTaken };
  },
  // Tenant and permission are judged with or without the role, so an outsider learns nothing about the roles here.
  checks: ({ role, roleId, disabledRights, uniqueRoleTaken }, { input }) => [
    {
      action: 'user.invite',
      target: {
        kind: 'organization',
        organizationId: input.organizationId,
        ...(role ? { change: { assignsRole: role, grants: grantsGiven(role, disabledRights), uniqueRoleTaken } } : {}),
      },
      subject: { targetType: 'organization', targetId: input.organizationId, organizationId: input.organizationId, details: { email: input.email, roleId } },
    },
  ],
  refuse: ({ role }) => (role ? null : notFound('role')),
  async apply(tx, { role, disabledRights }, { ctx, who, input }) {
    await assertEmailFreeInOrganization(tx, input.organizationId, input.email, ctx.config.now());
    return issueInvitation(tx, ctx, {
      email: input.email,
      organizationId: input.organizationId,
      roleId: role!.id,
      invitedById: who.userId,
      ipAllowlist: input.ipAllowlist,
      disabledRights,
    });
  },
  auditTarget: (issued) => issued.invitationId,
  auditDetails: ({ role, disabledRights }, _issued, { input }) => ({ email: input.email, roleId: role?.id, ipAllowlist: input.ipAllowlist ?? [], disabledRights }),
  uniqueViolations: [pendingViolation],
  async after(issued, { ctx }) {
    await ctx.mailer.deliver([issued.outboxMessageId]);
  },
  async view(issued, { ctx }): Promise<InvitationView> {
    const row = await ctx.prisma.invitation.findUniqueOrThrow({ where: { id: issued.invitationId }, include: { role: { select: { name: true } } } });
    return viewInvitation(row, ctx.config.now());
  },
});
