// One's own passkeys (R-PASSKEY-1, R-SELF-2): rename one, or remove one with the current password
// (removing a second factor weakens the account, as turning the factor off does). An
// administrator removes another user's passkey where R-ESC-2 lets them act on that user's
// credentials: user.setMfa on the user, the user's compiled access as the holder.
import { z } from 'zod';
import { currentPassword } from '../../account/schema.ts';
import { loadSelf, requireCurrentPassword, selfCheck, via } from '../../account/operations/self.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation, type Db } from '../../operations/operation.ts';
import { loadTargetUser } from '../../users/facts.ts';
import { holderOf, userCheck } from '../../users/operations/user-check.ts';
import { passkeyIdInput, passkeyName, type PasskeyRow, passkeyView, viewOf } from '../credentials.ts';
import { userPasskeys } from '../read.ts';

const passkeyOf = (db: Db, userId: string, id: string): Promise<PasskeyRow | null> => db.passkey.findFirst({ where: { id, userId } });
const missing = () => notFound('passkey');
const removedView = z.object({ removed: z.number().describe('How many passkeys were removed (0 or 1)') });

export const renamePasskey = defineOperation({
  key: 'account.renamePasskey',
  permission: 'user.setMfa',
  label: 'Rename the passkey',
  summary: 'Give one of your passkeys another name (R-PASSKEY-1)',
  rules: ['R-PASSKEY-1', 'R-SELF-2'],
  self: true,
  input: z.strictObject({ passkey: passkeyIdInput, name: passkeyName }),
  rest: { method: 'post', path: '/me/passkeys/rename', tag: 'account', response: passkeyView },
  panel: { resource: 'User', name: 'renamePasskey', kind: 'record', view: 'form', hiddenFromMenu: true, done: (result) => `The passkey is now called “${(result as { name: string }).name}”` },
  audit: { targetType: 'user' },
  load: async (db, { who, input }) => ({ user: await loadSelf(db, who.userId), passkey: await passkeyOf(db, who.userId, input.passkey) }),
  checks: ({ user }) => [selfCheck('user.setMfa', user, { method: 'PASSKEY' })],
  refuse: ({ passkey }) => (passkey ? null : missing()),
  apply: (tx, { passkey }, { input }) => tx.passkey.update({ where: { id: passkey!.id }, data: { name: input.name } }),
  auditDetails: ({ passkey }, row, { who }) => ({ ...via(who), passkeyId: row.id, passkeyName: row.name, previousName: passkey?.name }),
  view: viewOf,
});

export const removeOwnPasskey = defineOperation({
  key: 'account.removePasskey',
  permission: 'user.setMfa',
  label: 'Remove the passkey',
  summary: 'Remove one of your passkeys: it no longer signs you in (R-PASSKEY-1, R-STEP-1, R-LOCK-1)',
  rules: ['R-PASSKEY-1', 'R-STEP-1', 'R-SELF-2', 'R-LOCK-1'],
  self: true,
  input: z.strictObject({ passkey: passkeyIdInput, currentPassword }),
  rest: { method: 'post', path: '/me/passkeys/remove', tag: 'account', response: removedView },
  panel: { resource: 'User', name: 'removePasskey', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'The passkey is removed' },
  audit: { targetType: 'user' },
  load: async (db, { who, input }) => ({ user: await loadSelf(db, who.userId), passkey: await passkeyOf(db, who.userId, input.passkey) }),
  checks: ({ user }) => [selfCheck('user.setMfa', user, { method: 'PASSKEY' })],
  refuse: ({ passkey }) => (passkey ? null : missing()),
  prepare: ({ user }, { ctx, who, input }) => requireCurrentPassword(ctx, who, user, input.currentPassword),
  apply: async (tx, { passkey }, { who }) => (await tx.passkey.deleteMany({ where: { id: passkey!.id, userId: who.userId } })).count,
  auditDetails: ({ passkey }, _removed, { who }) => ({ ...via(who), passkeyId: passkey?.id, passkeyName: passkey?.name }),
  view: (removed) => ({ removed }),
});

export const removeUserPasskey = defineOperation({
  key: 'user.removePasskey',
  permission: 'user.setMfa',
  label: 'Passkeys',
  summary: "Remove one of a user's passkeys (R-PASSKEY-1, R-ESC-2, R-OWNER-1); it no longer signs them in",
  rules: ['R-PASSKEY-1', 'R-ESC-2', 'R-OWNER-1', 'R-SELF-2', 'R-TENANT-1'],
  input: z.strictObject({ passkey: passkeyIdInput }),
  rest: { method: 'post', path: '/users/:id/passkeys/remove', tag: 'users', response: removedView },
  panel: {
    resource: 'User',
    name: 'passkeys',
    kind: 'record',
    view: 'form',
    icon: 'Key',
    guard: 'Remove this passkey? It will no longer sign this user in.',
    // The list is read by the same decision as the removal (src/passkeys/read.ts).
    form: async ({ ctx, who, id }) => {
      const { items } = await userPasskeys(ctx, who, id);
      return {
        intro: items.length === 0 ? 'This user has no passkeys.' : 'Choose the passkey to remove. The user can add a new one from their profile.',
        fields: { passkey: { label: 'Passkey', type: 'select', placeholder: 'Choose a passkey', options: items.map((item) => ({ value: item.id, label: `${item.name} (added ${item.createdAt.slice(0, 10)})` })) } },
        submitLabel: 'Remove the passkey',
        confirm: 'Remove this passkey? It will no longer sign this user in.',
      };
    },
    then: 'stay',
    done: () => 'The passkey is removed',
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, who, id, input }) {
    const user = await loadTargetUser(db, id);
    return { user, holder: await holderOf(ctx, db, who, id), passkey: await passkeyOf(db, id, input.passkey) };
  },
  checks: ({ user, holder }, { who }) => [userCheck(who, 'user.setMfa', user, { holder, details: { method: 'PASSKEY' } })],
  // Asked after the engine: whoever may not act on the user's credentials learns nothing about them.
  refuse: ({ passkey }) => (passkey ? null : missing()),
  apply: async (tx, { passkey }, { id }) => (await tx.passkey.deleteMany({ where: { id: passkey!.id, userId: id } })).count,
  auditDetails: ({ passkey }) => ({ passkeyId: passkey?.id, passkeyName: passkey?.name }),
  view: (removed) => ({ removed }),
});
