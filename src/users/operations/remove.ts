// Removing a user from one organisation (seed 000: "Only the account owner can add and remove
// users"). Taking their last membership deletes the account itself: a user belongs to at least one
// organisation, and an account nobody manages any more would be one nobody can see or remove. The
// audit trail stays (its rows carry ids, not foreign keys), invitations they sent stay valid (the
// inviter becomes unknown), and their sessions end at once. Refused on oneself (R-SELF-1), on the
// owner (R-OWNER-1) and on the last user able to manage users there (R-LAST-1); deleting the
// account ends their sign-in, so it needs dominating them (R-ESC-2), as an e-mail change does.
import { z } from 'zod';
import { endSessionsOf } from '../../auth/user-sessions.ts';
import { bumpAccess } from '../../authz/access-version.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser, membershipIn, ownsAnything } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { managesUsers } from '../roles.ts';
import { id } from '../schemas.ts';
import { type MembershipFact, membershipsAllowing } from './memberships.ts';
import { holderOf } from './user-check.ts';

export const removedUserView = z.object({
  id: z.string(),
  email: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  accountDeleted: z.boolean().describe('The membership was their last: the user record is deleted too'),
});

export type RemovedUser = z.infer<typeof removedUserView>;

const allMemberships = (facts: unknown): readonly MembershipFact[] => (facts as { memberships?: MembershipFact[] } | null)?.memberships ?? [];

export const removeUser = defineOperation({
  key: 'user.remove',
  permission: 'user.remove',
  label: 'Remove from organisation',
  summary: "Remove a user from one organisation; their last one deletes the account (R-SELF-1, R-OWNER-1, R-LAST-1, R-ESC-2)",
  rules: ['R-SELF-1', 'R-OWNER-1', 'R-LAST-1', 'R-ESC-2', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({ organizationId: id }),
  rest: { method: 'post', path: '/users/:id/remove', tag: 'users', response: removedUserView },
  panel: {
    resource: 'User',
    name: 'removeFromOrganization',
    kind: 'record',
    view: 'form',
    icon: 'UserMinus',
    variant: 'danger',
    then: 'list',
    form({ ctx, who, record }) {
      const only = allMemberships(record?.facts).length === 1;
      const options = membershipsAllowing(ctx, who, record, 'user.remove', () => only).map((membership) => ({
        value: membership.organizationId,
        label: `${membership.organizationName} (${membership.roleName})`,
      }));
      return {
        intro: only
          ? 'This is their only organisation: removing them deletes their account and signs them out at once. The audit trail keeps what they did.'
          : 'They lose access to the organisation at their next request and keep their other organisations.',
        fields: { organizationId: { label: 'Organisation', type: 'select', options, ...(options[0] ? { value: options[0].value } : {}) } },
        submitLabel: only ? 'Remove and delete the account' : 'Remove from organisation',
        confirm: only
          ? 'Remove this user? Their account is deleted and they are signed out at once. This cannot be undone.'
          : 'Remove this user from the organisation? They keep their other organisations.',
      };
    },
    done: (result) => {
      const removed = result as RemovedUser;
      return removed.accountDeleted ? `${removed.email} is removed and their account deleted` : `${removed.email} is removed from ${removed.organizationName}`;
    },
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, who, id: userId, input }) {
    const user = await loadTargetUser(db, userId);
    const membership = membershipIn(user, input.organizationId);
    // Not a member there: as absent as an unknown user, whoever asks.
    if (!membership) throw notFound('membership');
    const deletesAccount = user.memberships.length === 1;
    const isLastManager = managesUsers(ctx, membership) && (await lastManagerIn(ctx, db, user, [input.organizationId])).length > 0;
    return { user, membership, deletesAccount, isLastManager, holder: deletesAccount ? await holderOf(ctx, db, who, userId) : undefined };
  },
  checks: (facts, { id: userId, input }) => [
    {
      action: 'user.remove',
      target: {
        kind: 'user',
        userId,
        organizationIds: [input.organizationId],
        isOwner: ownsAnything(facts.user),
        isLastManager: facts.isLastManager,
        holder: facts.holder,
        ...(facts.deletesAccount ? { touchesIdentity: true } : {}),
      },
      subject: { targetType: 'user', targetId: userId, organizationId: input.organizationId, details: { organizationId: input.organizationId, accountDeleted: facts.deletesAccount } },
    },
  ],
  organizations: (_facts, { input }) => [input.organizationId],
  async apply(tx, { membership, deletesAccount }, { id: userId }): Promise<RemovedUser> {
    const names = await tx.membership.findUniqueOrThrow({ where: { id: membership.id }, select: { user: { select: { email: true } }, organization: { select: { name: true } } } });
    if (deletesAccount) {
      await endSessionsOf(tx, userId);
      // Memberships, API keys, codes and reset links go with it; invitations keep their rows.
      await tx.user.delete({ where: { id: userId } });
    } else {
      await tx.membership.delete({ where: { id: membership.id } });
      await bumpAccess(tx, { id: userId });
    }
    return { id: userId, email: names.user.email, organizationId: membership.organizationId, organizationName: names.organization.name, accountDeleted: deletesAccount };
  },
  view: (result) => result,
});
