// Who is calling a REST route, chosen per route when the route joins the table.
//
// A read (GET, HEAD) by a signed-in browser is identified from Gatehouse's cookie alone, as a host
// route behind requirePermission is (cookie-identity.ts): one prepared statement, and on a repeat
// nothing to parse. express-session would verify the cookie's signature, parse the record, build
// a Session, hash it before and after the route to learn it was not changed, and hook the answer's
// end to save nothing: work a read never needs, since reads never change the session, and the
// REST API's CSRF token (kept in the session) is asked of changes only. The checks of R-SESS-1,
// the idle timestamp and the cached actor are the same functions on both paths.
//
// Everything else loads the session with express-session and authenticates as every panel request
// does: a change, an API key, and a request where the host's own session got there first (the
// router then refuses it). A read of a session acting as another user (R-IMP-1) is the cookie
// identity's too: it acts as them, audited under the path within Gatehouse's router.
import type { RequestHandler } from 'express';
import { API_PATH } from '../http/api-path.ts';
import type { AnyRoute } from '../http/route.ts';
import type { CookieIdentifier } from './cookie-identity.ts';

/** `sessionSteps`: express-session then authenticate, as the rest of the router runs them. */
export function apiCaller(sessionSteps: RequestHandler, identifier: CookieIdentifier): (route: AnyRoute) => RequestHandler {
  const fromCookie: RequestHandler = async (req, res, next) => {
    if (req.session !== undefined || req.headers.authorization !== undefined) return sessionSteps(req, res, next);
    const found = await identifier.identify(req, res, { auditPath: `${API_PATH}${req.path}` });
    // What express-session would have said: the routes listing sessions mark the caller's own.
    if (found.kind === 'signed-in') req.sessionID = found.sid;
    next();
  };
  return (route) => (route.method === 'get' ? fromCookie : sessionSteps);
}
