// Everything in the panel but its login page needs a signed-in user. AdminJS reads the current
// user from `req.session.adminUser`; Gatehouse sets it per request from the live principal
// (non-enumerable, so it is never written to the session store), which is how every panel
// action reaches the same Principal and the same role engine as the REST API.
import type { CurrentAdmin } from 'adminjs';
import type { Request, RequestHandler } from 'express';
import type { Principal } from '../src/authz/principal.ts';
import type { GatehouseContext } from '../src/context.ts';
import { requestState } from '../src/http/state.ts';
import { ACCEPT_INVITATION_PATH } from '../src/invitations/messages.ts';

const PRINCIPAL = Symbol('gatehouse.principal');
const EXPRESS_REQUEST = Symbol('gatehouse.request');

export type PanelAdmin = CurrentAdmin & { readonly [PRINCIPAL]?: Principal };

export function principalOf(currentAdmin: CurrentAdmin | undefined): Principal | null {
  return (currentAdmin as PanelAdmin | undefined)?.[PRINCIPAL] ?? null;
}

/**
 * AdminJS hands handlers a shallow copy of the Express request; services that regenerate or write
 * the session (TOTP enrolment, password change) need the request itself. The copy carries it under
 * a symbol (object spread copies enumerable symbol keys).
 */
export function expressRequestOf(request: object): Request | null {
  return (request as { [EXPRESS_REQUEST]?: Request })[EXPRESS_REQUEST] ?? null;
}

export function panelGate(ctx: GatehouseContext): RequestHandler {
  const loginPath = `${ctx.config.mountPath}/login`;
  return (req, res, next) => {
    // AdminJS's browser bundles are public files (the login page needs them before anyone signs
    // in), and the invitation page is public: its token is the credential.
    if ((req.method === 'GET' && req.path.startsWith('/frontend/assets/')) || req.path === ACCEPT_INVITATION_PATH) {
      next();
      return;
    }
    const { principal, profile } = requestState(res);
    if (!principal || !profile) {
      if (req.path.startsWith('/api/')) {
        res.status(401).json({ message: 'Sign in first' });
        return;
      }
      res.redirect(302, loginPath);
      return;
    }
    const currentAdmin: PanelAdmin = {
      id: principal.userId,
      email: profile.email,
      title: `${profile.firstName} ${profile.lastName}`.trim(),
      [PRINCIPAL]: principal,
    };
    Object.defineProperty(req, EXPRESS_REQUEST, { value: req, enumerable: true, configurable: true });
    Object.defineProperty(req.session, 'adminUser', { value: currentAdmin, enumerable: false, configurable: true, writable: true });
    next();
  };
}
