// One's own sessions (R-SESS-3, R-SELF-2): end one of them, or every one but the session in use.
// The session in use is not ended by its id: that is signing out, which also clears the cookie.
import { z } from 'zod';
import { sessionIdInput } from '../../auth/session-input.ts';
import { endSessions, type OpenSession, openSessionsOf } from '../../auth/user-sessions.ts';
import { GatehouseError, notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';
import { loadSelf, selfCheck, via } from './self.ts';

const endedView = z.object({ ended: z.number().describe('How many sessions ended') });

/** The session the request came with, if it came with one. */
const currentSid = (req: { sessionID?: string; session?: { userId?: string } } | null): string | undefined => (req?.session?.userId ? req.sessionID : undefined);

export const endOwnSession = defineOperation({
  key: 'account.endSession',
  permission: 'user.manageSessions',
  label: 'End this session',
  summary: 'End one of your other sessions: its next request is refused (R-SESS-3, R-SELF-2)',
  rules: ['R-SESS-3', 'R-SELF-2'],
  self: true,
  input: z.strictObject({ session: sessionIdInput }),
  rest: { method: 'post', path: '/me/sessions/end', tag: 'account', errors: [409], response: endedView },
  panel: { resource: 'User', name: 'endOwnSession', kind: 'record', view: 'form', hiddenFromMenu: true, done: () => 'The session is ended' },
  audit: { action: 'user.endSessions', targetType: 'user' },
  async load(db, { ctx, who, input }) {
    const user = await loadSelf(db, who.userId);
    const session: OpenSession | undefined = (await openSessionsOf(db, ctx.config, who.userId, ctx.config.now())).find((open) => open.handle === input.session);
    return { user, session };
  },
  checks: ({ user }) => [selfCheck('user.manageSessions', user)],
  refuse: ({ session }, { req }) =>
    !session ? notFound('session')
    : session.sid === currentSid(req) ? new GatehouseError('CONFLICT', 'This is the session you are using: sign out to end it')
    : null,
  apply: (tx, { session }, { who }) => endSessions(tx, who.userId, { sids: session ? [session.sid] : [] }),
  auditDetails: (_facts, ended, { who }) => ({ ...via(who), self: true, ended }),
  view: (ended) => ({ ended }),
});

export const endOtherOwnSessions = defineOperation({
  key: 'account.endOtherSessions',
  permission: 'user.manageSessions',
  label: 'End my other sessions',
  summary: 'End every one of your sessions except the one in use (R-SESS-3, R-SELF-2)',
  rules: ['R-SESS-3', 'R-SELF-2'],
  self: true,
  // "Other" is relative to the session in use: an API key has none.
  needs: 'session',
  input: z.strictObject({}),
  rest: { method: 'post', path: '/me/sessions/end-others', tag: 'account', response: endedView },
  panel: {
    resource: 'User',
    name: 'endOtherOwnSessions',
    kind: 'record',
    view: 'confirm',
    hiddenFromMenu: true,
    guard: 'Sign out everywhere else? Only this browser stays signed in.',
    done: (result) => ((result as { ended: number }).ended === 1 ? 'One other session is ended' : `${(result as { ended: number }).ended} other sessions are ended`),
  },
  audit: { action: 'user.endSessions', targetType: 'user' },
  load: (db, { who }) => loadSelf(db, who.userId),
  checks: (user) => [selfCheck('user.manageSessions', user)],
  apply: (tx, _user, { who, req }) => endSessions(tx, who.userId, { keep: currentSid(req) }),
  auditDetails: (_user, ended, { who }) => ({ ...via(who), self: true, ended }),
  view: (ended) => ({ ended }),
});
