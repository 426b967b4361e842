// The user's role in one organisation. Refused on oneself (R-SELF-1) and on the owner (R-OWNER-1);
// the new role's permissions must all be held by the actor (R-ESC-1); a unique role that is taken is
// a conflict (R-UNIQ-1, enforced by Membership's unique index when requests race); the last user
// manager cannot be demoted (R-LAST-1). The new role starts with all of its access rights on (R-ACC-1).
// It may also set or remove the membership's end (R-EXP-1): an end on the last user manager's
// membership is a demotion to come, refused like one (R-LAST-1).
import { bumpAccess } from '../../authz/access-version.ts';
import { stalePreview } from '../../authz/impact-preview.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { roleChoices } from '../../operations/choices.ts';
import { defineOperation, type FieldOption } from '../../operations/operation.ts';
import { loadTargetUser, membershipIn, ownsAnything } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { userView } from '../read-user.ts';
import { assignableRole, grantsOf, managesUsers, roleFacts } from '../roles.ts';
import { changeRoleBody } from '../schemas.ts';
import type { UserView } from '../serialize.ts';
import { uniqueRoleViolation } from '../unique-violations.ts';
import { accessEndData, liveSeat, releaseEndedSeat } from '../membership-end.ts';
import { accessEndOf, endText, futureAccessEnd } from './access-end-input.ts';
import { membershipsAllowing } from './memberships.ts';

export const changeUserRole = defineOperation({
  key: 'user.editRole',
  permission: 'user.editRole',
  label: 'Edit role',
  summary: "Change a user's role in one organisation (R-SELF-1, R-ESC-1, R-UNIQ-1, R-LAST-1, R-OWNER-1)",
  rules: ['R-SELF-1', 'R-ESC-1', 'R-UNIQ-1', 'R-LAST-1', 'R-OWNER-1', 'R-OWNER-2', 'R-TENANT-1', 'R-READ-1', 'R-EXP-1', 'R-EXP-3'],
  input: changeRoleBody,
  rest: { method: 'put', path: '/users/:id/role', tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'editRole',
    kind: 'record',
    view: 'form',
    icon: 'Award',
    async form({ ctx, who, record }) {
      const options: FieldOption[] = [];
      let current = '';
      for (const membership of membershipsAllowing(ctx, who, record, 'user.editRole')) {
        const here = `${membership.organizationId}|${membership.roleId}`;
        if (current === '') current = here;
        const choices = await roleChoices(ctx, who, 'user.editRole', [{ id: membership.organizationId, name: membership.organizationName }], (organizationId, change) => ({
          kind: 'user',
          userId: record?.id ?? '',
          organizationIds: [organizationId],
          isOwner: membership.isOwner,
          change,
        }));
        // The current role stays listed, marked, even when the engine would not grant it anew.
        for (const option of choices) options.push(option.value === here ? { value: option.value, label: `${option.label} (current)`, group: option.group ?? '' } : option);
      }
      return {
        intro: "The new role takes effect at the user's next request.",
        fields: {
          'organizationId|roleId': { label: 'Role', type: 'select', options, value: current },
          expiresAt: {
            label: 'Access ends (optional)',
            type: 'datetime',
            help: 'From this moment the membership gives nothing, without anyone acting. Leave empty to keep its current end.',
          },
        },
        order: ['organizationId|roleId', 'expiresAt'],
        submitLabel: 'Save role',
        preview: { action: 'previewRoleChange', fields: ['organizationId|roleId'], holders: 'user concerned' },
      };
    },
    done: (user) => `The role of ${(user as UserView).email} is changed`,
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, id, input }) {
    const user = await loadTargetUser(db, id);
    const membership = membershipIn(user, input.organizationId);
    // Not a member there: as absent as an unknown user, whoever asks.
    if (!membership) throw notFound('membership');
    const role = await assignableRole(db, input.roleId, input.organizationId);
    const holder = role.uniquePerOrganization
      ? await db.membership.findFirst({ where: { ...liveSeat(input.organizationId, role.id, ctx.config.now()), userId: { not: id } }, select: { id: true } })
      : null;
    const end = accessEndOf(input.expiresAt);
    const manages = managesUsers(ctx, membership);
    // An end on a manager's membership takes their management away at that moment (R-LAST-1).
    const demotes = manages && (!managesUsers(ctx, { isOwner: membership.isOwner, disabledRights: '[]', role }) || (end !== undefined && end !== null));
    const lastIn = demotes ? await lastManagerIn(ctx, db, user, [input.organizationId]) : [];
    return { user, membership, role, end, uniqueRoleTaken: holder !== null, demotes, isLastManager: lastIn.length > 0 };
  },
  checks: (facts, { id, input }) => [
    {
      action: 'user.editRole',
      target: {
        kind: 'user',
        userId: id,
        organizationIds: [input.organizationId],
        isOwner: ownsAnything(facts.user),
        isLastManager: facts.isLastManager,
        change: { grants: grantsOf(facts.role), assignsRole: roleFacts(facts.role), uniqueRoleTaken: facts.uniqueRoleTaken, demotesManager: facts.demotes },
      },
      subject: {
        targetType: 'user',
        targetId: id,
        organizationId: input.organizationId,
        details: {
          fromRoleId: facts.membership.roleId,
          toRoleId: facts.role.id,
          ...(facts.end === undefined ? {} : { fromExpiresAt: endText(facts.membership.expiresAt), toExpiresAt: endText(facts.end) }),
        },
      },
    },
  ],
  async refuse(_facts, { ctx, id, input }, db) {
    const badEnd = futureAccessEnd(input.expiresAt, ctx.config.now());
    if (badEnd) return badEnd;
    return input.previewVersion === undefined ? null : stalePreview(ctx, db, { id }, input.previewVersion, "This user's access");
  },
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { membership, role, end }, { ctx, id }) {
    const endChanges = end !== undefined && endText(end) !== endText(membership.expiresAt);
    if (membership.roleId === role.id && !endChanges) return;
    if (role.uniquePerOrganization) await releaseEndedSeat(tx, membership.organizationId, role.id, ctx.config.now());
    await tx.membership.update({
      where: { id: membership.id },
      data: {
        // The seat of a unique role is taken again (a membership whose end was recorded gave it up).
        uniqueRoleId: role.uniquePerOrganization ? role.id : null,
        ...(membership.roleId === role.id ? {} : { roleId: role.id, disabledRights: '[]' }),
        ...(endChanges ? accessEndData(end) : {}),
      },
    });
    await bumpAccess(tx, { id });
  },
  uniqueViolations: [uniqueRoleViolation],
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});
