// Editing one's own personal fields (R-SELF-2). Username, e-mail, status and role are read-only to
// oneself: sending one is refused, and audited as a denial.
import { forbidden } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { nameSearchFields } from '../../users/normalize.ts';
import { ownProfile } from '../profile.ts';
import { personalFieldNames, readOnlyFields, updateProfileBody } from '../schema.ts';
import { loadSelf, selfCheck, via } from './self.ts';

export const updateOwnProfile = defineOperation({
  key: 'account.updateProfile',
  permission: 'user.edit',
  label: 'Save my profile',
  summary: 'Edit your personal fields; username, e-mail, status and role are read-only (R-SELF-2)',
  rules: ['R-SELF-2'],
  self: true,
  input: updateProfileBody,
  rest: { method: 'patch', path: '/me', tag: 'account' },
  panel: { resource: 'User', name: 'updateOwnProfile', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'Your profile is saved' },
  audit: { action: 'user.edit', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user, { input }) => [selfCheck('user.edit', user, { fields: Object.keys(input) })],
  refuse: (_user, { input }) => {
    const refused = readOnlyFields.filter((field) => (input as Record<string, unknown>)[field] !== undefined);
    return refused.length > 0 ? forbidden('R-SELF-2', `${refused.join(', ')} cannot be changed on your own profile`) : null;
  },
  async apply(tx, _user, { who, input }) {
    const data: Record<string, unknown> = {};
    for (const field of personalFieldNames) {
      const value = input[field];
      // An emptied optional field is cleared; the names are required ("-" when there is none).
      if (value !== undefined) data[field] = value === '' && field !== 'firstName' && field !== 'lastName' ? null : value;
    }
    if (Object.keys(data).length > 0) await tx.user.update({ where: { id: who.userId }, data: { ...data, ...nameSearchFields(input) } });
    return Object.keys(data);
  },
  auditDetails: (_user, fields, { who }) => ({ ...via(who), fields }),
  view: (_fields, { ctx, who }) => ownProfile(ctx, who.userId),
});
