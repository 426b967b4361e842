// Stop acting as another user (R-IMP-1): the session returns to the impersonator at once. Asked as
// the user acted as, whose own record it is (R-SELF-2 allows that to everyone); the audit event
// names both, like every other event of the impersonation.
import { z } from 'zod';
import { loadSelf, selfCheck } from '../../account/operations/self.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { storeImpersonation } from '../state.ts';

export const stopImpersonation = defineOperation({
  key: 'account.stopImpersonation',
  permission: 'user.view',
  label: 'Stop acting as this user',
  summary: 'End the impersonation in use: the session is yours again (R-IMP-1)',
  rules: ['R-IMP-1', 'R-SELF-2'],
  self: true,
  needs: 'session',
  input: z.strictObject({}),
  rest: { method: 'post', path: '/me/impersonation/stop', tag: 'account', errors: [409], response: z.object({ stopped: z.boolean() }) },
  panel: {
    resource: 'User',
    name: 'stopImpersonation',
    kind: 'record',
    view: 'confirm',
    hiddenFromMenu: true,
    guard: 'Stop acting as this user? You are yourself again.',
    then: 'reload',
    done: () => 'You are yourself again',
  },
  audit: { action: 'impersonation.end', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  // Filed under the user's organisation, as the impersonation's other events are.
  checks: (user, { req }) => [{ ...selfCheck('user.view', user), subject: { targetType: 'user', targetId: user.id, organizationId: req?.session?.impersonation?.organizationId ?? null } }],
  refuse: (_user, { who }) => (who.impersonator ? null : new GatehouseError('CONFLICT', 'You are not signed in as another user')),
  apply: async () => true,
  auditDetails: () => ({ reason: 'stopped' }),
  async after(_stopped, { ctx, req }) {
    if (req?.session) storeImpersonation(req.session, null, ctx.config.now().getTime());
  },
  view: () => ({ stopped: true }),
});
