// Lock / unlock and disable / enable: two separate states (R-STATE-1), four operations of one shape.
// Locking and disabling take the user's access away, so the engine refuses them on oneself
// (R-SELF-1), on the owner (R-OWNER-1) and on the last user able to manage users (R-LAST-1);
// unlocking resets the failed-attempt counter (R-LOCK-1). Every change bumps the user's
// accessVersion: it takes effect on their next request (R-SESS-1). Locking and disabling are told
// to the user's organisations (R-NOTIFY-1). A disable may carry a reason and an end (R-STATE-2):
// from that end on the account counts as enabled, decided from the clock (../disabled.ts);
// enabling clears both.
import { z } from 'zod';
import { bumpAccess } from '../../authz/access-version.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation, type PanelPlacement } from '../../operations/operation.ts';
import { enqueueNotices, userNotices } from '../../organizations/notices.ts';
import { loadTargetUser, organizationIdsOf, type TargetUser } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { disabledAt } from '../disabled.ts';
import { userView } from '../read-user.ts';
import type { UserView } from '../serialize.ts';
import { type DisableInput, disableData, disableInput, futureEnd } from './disable-input.ts';
import { userCheck } from './user-check.ts';

/** An administrator's lock has no natural end: it lasts until someone unlocks. */
export const INDEFINITE_LOCK = new Date('9999-12-31T00:00:00Z');

export type Transition = 'lock' | 'unlock' | 'disable' | 'enable';

const permissionOf = { lock: 'user.lock', unlock: 'user.lock', disable: 'user.disable', enable: 'user.disable' } as const;

/** Locking and disabling take access away: only those are R-LAST-1's business. */
const takesAccess = (transition: Transition): boolean => transition === 'lock' || transition === 'disable';

export function isLocked(user: Pick<TargetUser, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

/** A transition that changes nothing is a conflict, so that every audited event is a real change. */
function noChange(transition: Transition, user: TargetUser, now: Date): GatehouseError | null {
  const problem =
    transition === 'lock' && isLocked(user, now) ? 'The user is already locked'
    : transition === 'unlock' && !isLocked(user, now) ? 'The user is not locked'
    : transition === 'disable' && disabledAt(user, now) ? 'The user is already disabled'
    : transition === 'enable' && !disabledAt(user, now) ? 'The user is not disabled'
    : null;
  return problem ? new GatehouseError('CONFLICT', problem) : null;
}

export interface StateChangeText {
  readonly label: string;
  readonly summary: string;
  readonly panel: Omit<PanelPlacement, 'resource' | 'kind' | 'view' | 'done' | 'name'> & { readonly done: string };
}

/** Only a disable takes input (its reason and end); the other transitions are one click. */
const inputOf = (transition: Transition) => (transition === 'disable' ? disableInput : z.strictObject({}));

export function stateChange(transition: Transition, text: StateChangeText) {
  const action = permissionOf[transition];
  return defineOperation({
    key: `user.${transition}`,
    permission: action,
    label: text.label,
    summary: text.summary,
    rules: [
      'R-STATE-1',
      'R-SELF-1',
      'R-OWNER-1',
      'R-TENANT-1',
      ...(takesAccess(transition) ? (['R-LAST-1', 'R-NOTIFY-1'] as const) : (['R-LOCK-1'] as const)),
      ...(transition === 'disable' || transition === 'enable' ? (['R-STATE-2'] as const) : []),
    ],
    input: inputOf(transition) as z.ZodType<Partial<DisableInput>>,
    rest: { method: 'post', path: `/users/:id/${transition}`, tag: 'users', errors: [409] },
    panel: {
      resource: 'User',
      name: transition,
      kind: 'record',
      view: transition === 'disable' ? 'form' : 'confirm',
      ...text.panel,
      done: (user) => `${(user as UserView).email} ${text.panel.done}`,
    },
    audit: { action, targetType: 'user' },
    async load(db, { ctx, id }) {
      const user = await loadTargetUser(db, id);
      return { user, lastIn: takesAccess(transition) ? await lastManagerIn(ctx, db, user) : [] };
    },
    checks: ({ user, lastIn }, { who }) => [userCheck(who, action, user, { isLastManager: lastIn.length > 0, details: { transition } })],
    refuse: ({ user }, { ctx, input }) => noChange(transition, user, ctx.config.now()) ?? (transition === 'disable' ? futureEnd(input, ctx.config.now()) : null),
    organizations: ({ user }) => organizationIdsOf(user),
    async apply(tx, { user }, { ctx, who, id, input }) {
      const data =
        transition === 'lock' ? { lockedUntil: INDEFINITE_LOCK, lockedById: who.userId }
        : transition === 'unlock' ? { lockedUntil: null, lockedById: null, failedAttempts: 0 }
        : transition === 'disable' ? { status: 'DISABLED' as const, ...disableData(input) }
        // A user disabled before setting a password goes back to waiting for their invitation.
        : { status: user.passwordHash === null ? ('INVITED' as const) : ('ACTIVE' as const), disabledReason: null, disabledUntil: null };
      const changed = await tx.user.update({ where: { id }, data, select: { firstName: true, lastName: true, email: true } });
      await bumpAccess(tx, { id });
      // The organisations are told when a user loses access (R-NOTIFY-1).
      const notice = transition === 'lock' ? userNotices.lockedByAdministrator(changed) : transition === 'disable' ? userNotices.disabled(changed) : null;
      return { notices: notice ? await enqueueNotices(ctx, tx, organizationIdsOf(user), notice) : [] };
    },
    // The reason and the end go into the trail with the disable (R-AUDIT-1); the reason is the administrators' to read.
    auditDetails: (_facts, _result, { input }) => (transition === 'disable' ? { ...(input.reason ? { reason: input.reason } : {}), ...(input.until ? { until: input.until } : {}) } : {}),
    async after({ notices }, { ctx }) {
      await ctx.mailer.deliver(notices);
    },
    view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
  });
}
