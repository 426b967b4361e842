// R-EXP-3: extend (or shorten, or make permanent) a membership's access: a new end in the future, or
// none. Decided exactly as changing the member's role there (`user.editRole`): never oneself
// (R-SELF-1) or the owner (R-OWNER-1), only by someone holding every permission the membership's
// role gives, at least as broadly (R-ESC-1), and an end on the last user manager's membership is a
// demotion to come (R-LAST-1). An ended membership may be extended: from then on it gives again.
// The audit event carries the old and the new end; the new end gets its own notice and expiry
// event (R-EXP-2: both markers are cleared).
import { bumpAccess } from '../../authz/access-version.ts';
import { parseStringList } from '../../authz/json-columns.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation, type FieldOption } from '../../operations/operation.ts';
import { loadTargetUser, membershipIn, ownsAnything } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { endInWords } from '../access-end-words.ts';
import { accessEndData, liveSeat, releaseEndedSeat } from '../membership-end.ts';
import { userView } from '../read-user.ts';
import { effectiveGrants, managesUsers, roleFacts } from '../roles.ts';
import { accessEndBody } from '../schemas.ts';
import type { UserView } from '../serialize.ts';
import { uniqueRoleViolation } from '../unique-violations.ts';
import { accessEndOf, endText, futureAccessEnd } from './access-end-input.ts';
import { membershipsAllowing } from './memberships.ts';

export const extendUserAccess = defineOperation({
  key: 'user.extendAccess',
  // The same decision as changing the member's role: extending access is granting that role longer.
  permission: 'user.editRole',
  label: 'Extend access',
  summary: "Set a new end of a user's membership in one organisation, or remove it (R-EXP-3, R-SELF-1, R-ESC-1, R-LAST-1, R-OWNER-1)",
  rules: ['R-EXP-3', 'R-EXP-1', 'R-SELF-1', 'R-ESC-1', 'R-LAST-1', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: accessEndBody,
  rest: { method: 'put', path: '/users/:id/access-end', tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'extendAccess',
    kind: 'record',
    view: 'form',
    icon: 'Clock',
    shownWhen: (record) => ((record.facts as { memberships?: { expiresAt?: unknown }[] } | null)?.memberships ?? []).some((m) => m.expiresAt !== null && m.expiresAt !== undefined),
    form({ ctx, who, record }) {
      const now = ctx.config.now();
      const options: FieldOption[] = membershipsAllowing(ctx, who, record, 'user.editRole').map((membership) => ({
        value: membership.organizationId,
        label: `${membership.organizationName} (${membership.roleName}): ${endInWords(membership.expiresAt, now)}`,
      }));
      return {
        intro: 'The membership gives its role until the new end, which takes effect at once.',
        fields: {
          organizationId: { label: 'Organisation', type: 'select', options, ...(options[0] ? { value: options[0].value } : {}) },
          expiresAt: { label: 'New end', type: 'datetime', help: 'A moment in the future. Leave empty for access that does not end.' },
        },
        order: ['organizationId', 'expiresAt'],
        submitLabel: 'Save the new end',
      };
    },
    done: (user) => `The access of ${(user as UserView).email} is extended`,
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, id, input }) {
    const user = await loadTargetUser(db, id);
    const membership = membershipIn(user, input.organizationId);
    // Not a member there: as absent as an unknown user, whoever asks.
    if (!membership) throw notFound('membership');
    const end = accessEndOf(input.expiresAt) ?? null;
    // An end on a user manager's membership takes their management away then (R-LAST-1).
    const demotes = end !== null && managesUsers(ctx, membership);
    const lastIn = demotes ? await lastManagerIn(ctx, db, user, [input.organizationId]) : [];
    // An ended membership may have given up its unique role's seat; someone else may hold it now.
    const role = membership.role;
    const seatTaken = role.uniquePerOrganization
      ? (await db.membership.findFirst({ where: { ...liveSeat(input.organizationId, role.id, ctx.config.now()), userId: { not: id } }, select: { id: true } })) !== null
      : false;
    return { user, membership, end, demotes, isLastManager: lastIn.length > 0, seatTaken };
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
        // R-ESC-1: what the membership gives (its role, less the rights switched off) is granted again, for longer.
        change: {
          grants: effectiveGrants(facts.membership.role, parseStringList(facts.membership.disabledRights)),
          assignsRole: roleFacts(facts.membership.role),
          uniqueRoleTaken: facts.seatTaken,
          demotesManager: facts.demotes,
        },
      },
      subject: {
        targetType: 'user',
        targetId: id,
        organizationId: input.organizationId,
        details: { organizationId: input.organizationId, fromExpiresAt: endText(facts.membership.expiresAt), toExpiresAt: endText(facts.end) },
      },
    },
  ],
  refuse: (_facts, { ctx, input }) => futureAccessEnd(input.expiresAt, ctx.config.now()),
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { membership, end }, { ctx, id }) {
    const role = membership.role;
    if (role.uniquePerOrganization) await releaseEndedSeat(tx, membership.organizationId, role.id, ctx.config.now());
    await tx.membership.update({
      where: { id: membership.id },
      // The seat of a unique role is taken again: the unique index refuses a race (409, R-UNIQ-1).
      data: { ...accessEndData(end), uniqueRoleId: role.uniquePerOrganization ? role.id : null },
    });
    // The cached actor may have been compiled when the membership had ended (validUntil Infinity).
    await bumpAccess(tx, { id });
  },
  uniqueViolations: [uniqueRoleViolation],
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});
