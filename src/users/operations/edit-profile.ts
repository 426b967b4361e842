// Editing a user's profile. Everyone edits their own personal fields (R-SELF-2) but not their
// username or e-mail; others need user.edit, and nobody but the owner edits the owner (R-OWNER-1),
// all decided by the engine. A new e-mail address does not apply at once (R-EMAIL-2): a link goes
// to it, and the address changes when that link is confirmed; the other fields apply now.
import type { GatehouseContext } from '../../context.ts';
import { pendingEmailChange, type RequestedEmailChange, requestEmailChange } from '../../email-changes/request.ts';
import { forbidden, GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser } from '../facts.ts';
import { nameSearchFields } from '../normalize.ts';
import { userView } from '../read-user.ts';
import { updateUserBody } from '../schemas.ts';
import type { UserView } from '../serialize.ts';
import { emailViolation, usernameViolation } from '../unique-violations.ts';
import { assertIdentityFree } from './identity.ts';
import { holderOf, userCheck } from './user-check.ts';

/** Who may change e-mail addresses: the host's option, else the preset's, else administrators. */
function emailChangeableBy(ctx: GatehouseContext): 'nobody' | 'administrators' {
  return ctx.config.emailChangeableBy ?? ctx.preset.emailChangeableBy ?? 'administrators';
}

/** The fields that apply at once; the e-mail address waits for its confirmation (R-EMAIL-2). */
const profileFields = ['firstName', 'lastName', 'phone', 'fax', 'address', 'postalAddress', 'username'] as const;

/** The user as administrators see them after an edit: with the address waiting for confirmation, if any. */
export type EditedUserView = UserView & { readonly pendingEmail?: string; readonly pendingEmailExpiresAt?: string };

const edited = (result: unknown): EditedUserView => result as EditedUserView;

/** The identity fields (e-mail, username) the input changes; sending them unchanged is no change. */
function identityChanges(identity: { email: string; username: string }, input: { email?: string | undefined; username?: string | undefined }): string[] {
  return (['username', 'email'] as const).filter((field) => input[field] !== undefined && input[field] !== identity[field]);
}

export const editUserProfile = defineOperation({
  key: 'user.edit',
  permission: 'user.edit',
  label: 'Edit profile',
  summary: "Edit a user's profile (R-SELF-2 for your own personal fields, R-OWNER-1); a new e-mail address applies once a link sent to it is confirmed (R-EMAIL-2)",
  rules: ['R-SELF-2', 'R-ESC-2', 'R-EMAIL-1', 'R-EMAIL-2', 'R-OWNER-1', 'R-TENANT-1', 'R-READ-1'],
  input: updateUserBody,
  rest: { method: 'patch', path: '/users/:id', tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'edit',
    kind: 'record',
    view: 'form',
    icon: 'Edit',
    form: async ({ ctx, record, who, id }) => {
      const params = record?.params ?? {};
      const value = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : '');
      const self = id === who.userId;
      const emailHidden = self || emailChangeableBy(ctx) === 'nobody';
      const pending = emailHidden || !id ? null : await pendingEmailChange(ctx.prisma, ctx, id);
      const emailHelp = pending
        ? `A change to ${pending.newEmail} waits for confirmation until ${pending.expiresAt.toUTCString()}. A new address replaces it.`
        : 'A new address takes effect once the user confirms it by the link sent to it.';
      return {
        ...(self ? { intro: 'Your username and e-mail address are read-only to you; ask an administrator to change them.' } : {}),
        order: ['firstName', 'lastName', 'email', 'username', 'phone', 'fax', 'address', 'postalAddress'],
        fields: {
          firstName: { label: 'First name', value: value('firstName'), help: 'A dash (-) is accepted.' },
          lastName: { label: 'Last name', value: value('lastName'), help: 'A dash (-) is accepted.' },
          email: { label: 'E-mail', type: 'email', value: value('email'), hidden: emailHidden, ...(emailHidden ? {} : { help: emailHelp }) },
          username: { label: 'Username', value: value('username'), hidden: self },
          phone: { label: 'Phone', value: value('phone') },
          fax: { label: 'Fax', value: value('fax') },
          address: { label: 'Address', type: 'textarea', value: value('address') },
          postalAddress: { label: 'Postal address', type: 'textarea', value: value('postalAddress') },
        },
        submitLabel: 'Save profile',
      };
    },
    done: (result) => {
      const user = edited(result);
      const saved = `The profile of ${user.email} is saved`;
      return user.pendingEmail ? `${saved}. A confirmation link was sent to ${user.pendingEmail}; the address changes once it is confirmed` : saved;
    },
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, who, id, input }) {
    const user = await loadTargetUser(db, id);
    const identity = await db.user.findUniqueOrThrow({ where: { id }, select: { email: true, username: true } });
    const touchesIdentity = identityChanges(identity, input).length > 0;
    return { user, identity, touchesIdentity, holder: touchesIdentity ? await holderOf(ctx, db, who, id) : undefined };
  },
  // Changing who someone is (their e-mail or username) is acting on their identity: the actor must
  // dominate them (R-ESC-2), or the e-mail could be pointed at the actor and the password reset.
  checks: ({ user, touchesIdentity, holder }, { who }) => [userCheck(who, 'user.edit', user, { touchesIdentity, holder })],
  // R-SELF-2: one's own username and e-mail are read-only (a change to either; sending them unchanged is fine).
  // R-EMAIL-1: where the preset fixes e-mail addresses, nobody changes one.
  refuse: ({ identity }, { ctx, who, id, input }) => {
    const changes = identityChanges(identity, input);
    if (who.userId === id && changes.length > 0) return forbidden('R-SELF-2', 'Your username and e-mail address are read-only to you; ask an administrator to change them.');
    if (changes.includes('email') && emailChangeableBy(ctx) === 'nobody') return new GatehouseError('FORBIDDEN', 'E-mail addresses are fixed here: they cannot be changed.', { rule: 'R-EMAIL-1' });
    return null;
  },
  organizations: () => [],
  async apply(tx, { identity }, { ctx, who, id, input }): Promise<RequestedEmailChange | null> {
    await assertIdentityFree(tx, { email: input.email, username: input.username }, id);
    const data: Record<string, unknown> = {};
    for (const field of profileFields) if (input[field] !== undefined) data[field] = input[field];
    if (Object.keys(data).length > 0) await tx.user.update({ where: { id }, data: { ...data, ...nameSearchFields(input) } });
    // R-EMAIL-2: the address is only asked for; it changes when the link sent to it is confirmed.
    return input.email !== undefined && input.email !== identity.email ? requestEmailChange(tx, ctx, { userId: id, newEmail: input.email, requestedById: who.userId }) : null;
  },
  auditDetails: (_facts, change, { input }) => ({
    fields: profileFields.filter((field) => input[field] !== undefined),
    ...(change ? { emailChangeRequested: { requestId: change.requestId, newEmail: change.newEmail, expiresAt: change.expiresAt.toISOString() } } : {}),
  }),
  uniqueViolations: [emailViolation, usernameViolation],
  async after(change, { ctx }) {
    if (change) await ctx.mailer.deliver(change.outboxMessageIds);
  },
  // Whoever may edit the user is told of a change still waiting (this one, or an earlier one).
  view: async (_change, { ctx, who, id }): Promise<EditedUserView> => {
    const user = await userView(ctx, ctx.prisma, who, id);
    const pending = await pendingEmailChange(ctx.prisma, ctx, id);
    return pending ? { ...user, pendingEmail: pending.newEmail, pendingEmailExpiresAt: pending.expiresAt.toISOString() } : user;
  },
});
