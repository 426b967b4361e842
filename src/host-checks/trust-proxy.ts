// With secure cookies (the default in production) express-session sets the session cookie only on
// a request Express sees as HTTPS. Behind a TLS-terminating proxy that is only the case when the
// host app trusts the proxy; otherwise sign-in answers 200 and sets no cookie, and the next
// request is 401. Nothing else would say so: the first such request logs why, once.
import type { RequestHandler } from 'express';
import type { Logger } from '../config/options.ts';

export function insecureRequestWarning(trustsProxy: boolean, forwardedProto: string | undefined): string {
  const hint = !trustsProxy && forwardedProto?.toLowerCase().startsWith('https')
    ? `It came through a proxy that speaks HTTPS (X-Forwarded-Proto: ${forwardedProto}) but the app does not trust it: call app.set('trust proxy', 1) (or the proxy's address) before mounting Gatehouse.`
    : trustsProxy
      ? 'Serve the app over HTTPS, or make the proxy send X-Forwarded-Proto: https.'
      : "Serve the app over HTTPS; behind a TLS-terminating proxy, call app.set('trust proxy', 1) (or the proxy's address).";
  return `Secure session cookies are on, but a request reached Gatehouse over plain HTTP: no session cookie is set on such requests, so signing in cannot work. ${hint} (Set session.secureCookies: false only for local development.)`;
}

export function warnOnInsecureRequests(secureCookies: boolean, logger: Logger): RequestHandler {
  let warned = !secureCookies;
  return (req, _res, next) => {
    if (!warned && !req.secure) {
      warned = true;
      logger.warn(insecureRequestWarning(Boolean(req.app.get('trust proxy')), req.get('x-forwarded-proto')));
    }
    next();
  };
}
