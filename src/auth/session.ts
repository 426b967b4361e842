// Server-side sessions (R-SESS-1): express-session with its records in Gatehouse's own database,
// so every app instance sharing the database shares the sessions.
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { GatehouseContext } from '../context.ts';
import { GatehouseSessionStore } from './session-store.ts';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** ms since epoch; with the absolute timeout, and to end sessions older than a password change. */
    signedInAt: number;
    /** ms since epoch, refreshed at most once a minute; with the idle timeout. */
    lastSeenAt: number;
    csrfToken: string;
    /** The user's passwordChangedAt (ms) when the session began; a change ends the session (R-SESS-1). */
    passwordStamp: number | null;
    /** Between the password and the second factor (or the enrolment it requires). */
    pendingSignIn: {
      userId: string;
      method: 'TOTP' | 'EMAIL';
      enrol: boolean;
      startedAt: number;
      /** Wrong codes given in this sign-in (TOTP and recovery codes; e-mail challenges count their own). */
      attempts?: number;
      challengeId?: string;
      /** The TOTP secret being enrolled, sealed with the encryption key (the session store is a table too). */
      totpSecret?: string;
    };
    /** A TOTP enrolment started from the account page, waiting for its confirming code. */
    totpEnrolment: { secret: string; startedAt: number };
  }
}

export function sessionMiddleware(ctx: GatehouseContext): { middleware: RequestHandler; store: session.Store & { shutdown(): Promise<void> } } {
  const { config } = ctx;
  const store = new GatehouseSessionStore(ctx, { pruneEveryMs: 10 * 60_000 });
  const middleware = session({
    name: config.session.cookieName,
    secret: config.secret,
    store,
    resave: false,
    saveUninitialized: false,
    // The cookie lives as long as the absolute timeout; the idle timeout is checked on each request.
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookies,
      maxAge: config.session.absoluteMs,
      // The host's own routes guarded by requirePermission read the same session.
      path: '/',
    },
  });
  return { middleware, store };
}
