// "Sign in as this user", for support (R-IMP-1): the session keeps its owner and gains an
// impersonation that ends by itself. Only a browser session may start one (an API key has no
// session to change), and not from inside another one (R-IMP-2, in the pipeline).
import { z } from 'zod';
import { remainingInWords } from '../../users/access-end-words.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { auditOrganization } from '../../users/facts.ts';
import { canSignIn, impersonationCheck, loadImpersonationFacts } from '../facts.ts';
import { impersonationFrom, storeImpersonation } from '../state.ts';

const startedView = z.object({
  actingAs: z.string().describe('The user whose access the session now has'),
  endsAt: z.string().describe('When the session returns to you by itself (ISO 8601)'),
});

export const startImpersonation = defineOperation({
  key: 'user.impersonate',
  permission: 'user.impersonate',
  label: 'Sign in as this user',
  summary: 'Act as another user for support, time-limited and audited with both identities (R-IMP-1, R-ESC-2, R-OWNER-1, R-SELF-1, R-IMP-2)',
  rules: ['R-IMP-1', 'R-IMP-2', 'R-ESC-2', 'R-OWNER-1', 'R-SELF-1', 'R-TENANT-1', 'R-READ-1'],
  needs: 'session',
  input: z.strictObject({}),
  rest: { method: 'post', path: '/users/:id/impersonate', tag: 'users', errors: [409], response: startedView },
  panel: {
    resource: 'User',
    name: 'impersonate',
    kind: 'record',
    view: 'confirm',
    icon: 'LogIn',
    guard: (ctx) =>
      `Sign in as this user? You see and do what they may, everything is recorded in the audit trail under your name, and it ends by itself after ${remainingInWords(ctx.config.impersonation.maxMs)}.`,
    // Someone who cannot sign in is not offered (the operation refuses them anyway).
    shownWhen: (record) => {
      const facts = (record.facts ?? {}) as { status?: string; locked?: boolean };
      return facts.status !== 'DISABLED' && facts.locked !== true;
    },
    then: 'reload',
    done: () => 'You are now signed in as this user',
  },
  audit: { targetType: 'user' },
  load: (db, { ctx, who, id }) => loadImpersonationFacts(ctx, db, who, id),
  checks: (facts, { who }) => [impersonationCheck(who, facts)],
  // Oneself is the engine's (R-SELF-1); the target's state is not.
  refuse: ({ user }, { ctx }) => (canSignIn(user, ctx.config.now()) ? null : new GatehouseError('CONFLICT', 'This user cannot sign in now (locked or disabled), so nobody can sign in as them')),
  apply: async (_tx, { user }, { ctx, who, id }) =>
    impersonationFrom(ctx.config.now().getTime(), ctx.config.impersonation.maxMs, { impersonatorId: who.userId, targetId: id, organizationId: auditOrganization(who, user) }),
  auditDetails: (_facts, started) => ({ endsAt: new Date(started.endsAt).toISOString() }),
  // After commit: the session carries it from the next request on.
  async after(started, { ctx, req }) {
    if (req?.session) storeImpersonation(req.session, started, ctx.config.now().getTime());
  },
  view: (started) => ({ actingAs: started.targetId, endsAt: new Date(started.endsAt).toISOString() }),
});
