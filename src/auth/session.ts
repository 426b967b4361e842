// Server-side sessions (R-SESS-1): express-session with its records in Gatehouse's own database,
// so every app instance sharing the database shares the sessions.
//
// A host that runs its own express-session (or any middleware setting req.session) before
// Gatehouse's router would silently take Gatehouse's place: express-session steps aside when
// req.session exists, so sign-ins would land in the host's store and the host's session would be
// read as Gatehouse's. The router refuses that on its first request instead, saying how to mount it;
// the host's routes guarded by requirePermission read Gatehouse's own cookie and are not affected.
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { sendProblem } from '../errors/problem.ts';
import { GatehouseSessionStore } from './session-store.ts';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    /** ms since epoch; with the absolute timeout, and to end sessions older than a password change. */
    signedInAt: number;
    /** ms since epoch, refreshed at most once a minute; with the idle timeout. */
    lastSeenAt: number;
    csrfToken: string;
    /** The address and user agent the session was opened from (the sessions list shows them). */
    client: import('./session-columns.ts').SessionClient;
    /** The user's passwordChangedAt (ms) when the session began; a change ends the session (R-SESS-1). */
    passwordStamp: number | null;
    /** Support acting as another user (R-IMP-1); src/impersonation/acting.ts reads it on every request. */
    impersonation?: import('../impersonation/state.ts').Impersonation;
    /** The account (organisation id) the panel works in, chosen in its account switcher; unset: all of them. */
    panelAccount?: string;
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

export function hostSessionConflict(mountPath: string): GatehouseError {
  return new GatehouseError(
    'HOST_SESSION_CONFLICT',
    `req.session was already set when the request reached Gatehouse's router: the host's own session middleware runs first. ` +
      `Mount Gatehouse before it (app.use('${mountPath}', gatehouse.router) above app.use(session(...))), or keep the host's session off ${mountPath}.`,
  );
}

/** Gatehouse's session, or a clear refusal when the host's session got there first. */
function ownSessionOnly(ctx: GatehouseContext, store: GatehouseSessionStore, middleware: RequestHandler): RequestHandler {
  let reported = false;
  return (req, res, next) => {
    if (req.session === undefined || (req.sessionStore as unknown) === store) return middleware(req, res, next);
    const conflict = hostSessionConflict(ctx.config.mountPath);
    if (!reported) {
      reported = true;
      ctx.config.logger.error(conflict.message, conflict);
    }
    sendProblem(res, conflict);
  };
}

export function sessionMiddleware(ctx: GatehouseContext): { middleware: RequestHandler; store: GatehouseSessionStore } {
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
  return { middleware: ownSessionOnly(ctx, store, middleware), store };
}
