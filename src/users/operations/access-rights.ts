// Within the rights the user's role allows in one organisation, switch bundles on and off (R-ACC-1).
// Refused on oneself (R-SELF-1) and on the owner (R-OWNER-1); switching a right on grants it, so the
// actor must hold it (R-ESC-1); switching user management off the last user manager is a demotion (R-LAST-1).
import { bumpAccess } from '../../authz/access-version.ts';
import { stalePreview } from '../../authz/impact-preview.ts';
import { parseStringList } from '../../authz/json-columns.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { disabledRightsForRole, grantsSwitchedOn, rightsView } from '../access-rights.ts';
import type { MembershipRightsView } from '../read-access-rights.ts';
import { loadTargetUser, membershipIn, ownsAnything } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { managesUsers } from '../roles.ts';
import { accessRightsBody } from '../schemas.ts';
import { membershipsAllowing, organizationOptions } from './memberships.ts';

export const setUserAccessRights = defineOperation({
  key: 'user.editAccessRights',
  permission: 'user.editAccessRights',
  label: 'Access rights',
  summary: "Switch a user's access rights on and off within their role (R-ACC-1, R-ESC-1, R-SELF-1, R-LAST-1)",
  rules: ['R-ACC-1', 'R-ESC-1', 'R-SELF-1', 'R-OWNER-1', 'R-LAST-1', 'R-TENANT-1', 'R-READ-1'],
  input: accessRightsBody,
  rest: { method: 'put', path: '/users/:id/access-rights', tag: 'users' },
  panel: {
    resource: 'User',
    name: 'accessRights',
    kind: 'record',
    view: 'form',
    icon: 'CheckSquare',
    async form({ ctx, who, record, values }) {
      const memberships = membershipsAllowing(ctx, who, record, 'user.editAccessRights');
      const chosen = memberships.find((membership) => membership.organizationId === values.organizationId) ?? memberships[0];
      const user = chosen ? await loadTargetUser(ctx.prisma, record?.id ?? '') : null;
      const membership = chosen && user ? membershipIn(user, chosen.organizationId) : undefined;
      const rights = membership ? rightsView(ctx, membership.role, membership.disabledRights) : [];
      return {
        intro: "Only the rights the user's role allows are listed; switch off what this user should not do.",
        fields: {
          organizationId: { label: 'Organisation', type: 'select', options: organizationOptions(memberships), value: chosen?.organizationId ?? '', reloads: true, hidden: memberships.length < 2 },
          accessRights: { label: 'Access rights', type: 'checkboxes', options: rights.map((right) => ({ value: right.key, label: right.label })), value: rights.filter((right) => right.enabled).map((right) => right.key) },
        },
        submitLabel: 'Save access rights',
        preview: { action: 'previewAccessRights', fields: ['organizationId', 'accessRights'], holders: 'user concerned' },
      };
    },
    done: () => 'The access rights are saved',
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, id, input }) {
    const user = await loadTargetUser(db, id);
    const membership = membershipIn(user, input.organizationId);
    if (!membership) throw notFound('membership');
    const before = parseStringList(membership.disabledRights);
    const after = disabledRightsForRole(ctx, membership.role, input.accessRights);
    const demotes = managesUsers(ctx, membership) && !managesUsers(ctx, { ...membership, disabledRights: JSON.stringify(after) });
    const lastIn = demotes ? await lastManagerIn(ctx, db, user, [input.organizationId]) : [];
    return { user, membership, before, after, demotes, isLastManager: lastIn.length > 0 };
  },
  checks: (facts, { id, input }) => [
    {
      action: 'user.editAccessRights',
      target: {
        kind: 'user',
        userId: id,
        organizationIds: [input.organizationId],
        isOwner: ownsAnything(facts.user),
        isLastManager: facts.isLastManager,
        change: { grants: grantsSwitchedOn(facts.membership.role, facts.before, facts.after), demotesManager: facts.demotes },
      },
      subject: { targetType: 'user', targetId: id, organizationId: input.organizationId, details: { accessRights: [...input.accessRights] } },
    },
  ],
  refuse: (_facts, { ctx, id, input }, db) => (input.previewVersion === undefined ? null : stalePreview(ctx, db, { id }, input.previewVersion, "This user's access")),
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { membership, after }, { ctx, id }) {
    const stored = JSON.stringify(after);
    await tx.membership.update({ where: { id: membership.id }, data: { disabledRights: stored } });
    await bumpAccess(tx, { id });
    return { roleId: membership.roleId, accessRights: rightsView(ctx, membership.role, stored) };
  },
  view: (result, { id, input }): MembershipRightsView => ({ userId: id, organizationId: input.organizationId, ...result }),
});
