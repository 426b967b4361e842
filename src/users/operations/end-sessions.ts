// An administrator ends another user's sessions (R-SESS-3): all of them, or one named by its id
// from the sessions list. Sessions are credentials, so the engine asks R-ESC-2 — the same decision,
// with the target's compiled access as the holder, as resetting their password or setting their
// second factor. On oneself (R-SELF-2) the session in use is kept: that one ends by signing out.
import { z } from 'zod';
import { sessionIdInput } from '../../auth/session-input.ts';
import { endSessions, openSessionsOf } from '../../auth/user-sessions.ts';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadTargetUser } from '../facts.ts';
import { userSessions } from '../read-sessions.ts';
import { holderOf, userCheck } from './user-check.ts';

export const endUserSessions = defineOperation({
  key: 'user.endSessions',
  permission: 'user.manageSessions',
  label: 'Sessions',
  summary: "End a user's sessions, all of them or the one named (R-SESS-3, R-ESC-2, R-OWNER-1); their next request is refused",
  rules: ['R-SESS-3', 'R-ESC-2', 'R-OWNER-1', 'R-SELF-2', 'R-TENANT-1', 'R-READ-1'],
  input: z.strictObject({ session: sessionIdInput.optional().describe('One session to end; without it, every session of the user ends') }),
  rest: { method: 'post', path: '/users/:id/sessions/end', tag: 'users', response: z.object({ ended: z.number().describe('How many sessions ended') }) },
  panel: {
    resource: 'User',
    name: 'sessions',
    kind: 'record',
    view: { component: 'UserSessions' },
    icon: 'Monitor',
    // The list is read for the page by the same decision (src/users/read-sessions.ts).
    form: async ({ ctx, who, id }) => ({ data: { sessions: (await userSessions(ctx, who, id, undefined)).items } }),
    then: 'stay',
    done: (result) => ((result as { ended: number }).ended === 1 ? 'One session is ended' : `${(result as { ended: number }).ended} sessions are ended`),
  },
  audit: { targetType: 'user' },
  async load(db, { ctx, who, id, input }) {
    const user = await loadTargetUser(db, id);
    const holder = await holderOf(ctx, db, who, id);
    const open = await openSessionsOf(db, ctx.config, id, ctx.config.now());
    const chosen = input.session === undefined ? null : (open.find((session) => session.handle === input.session) ?? undefined);
    return { user, holder, chosen, sids: chosen ? [chosen.sid] : undefined };
  },
  checks: ({ user, holder }, { who }) => [userCheck(who, 'user.manageSessions', user, { holder })],
  // Asked after the engine: whoever may not manage the user's sessions learns nothing about them.
  refuse: ({ chosen }) => (chosen === undefined ? notFound('session') : null),
  apply: (tx, { sids }, { who, id, req }) => endSessions(tx, id, { ...(sids ? { sids } : {}), keep: id === who.userId && req?.session?.userId ? req.sessionID : undefined }),
  auditDetails: (_facts, ended, { input }) => ({ ended, ...(input.session ? { one: true } : { all: true }) }),
  view: (ended) => ({ ended }),
});
