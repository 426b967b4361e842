// Everything in the panel but its login page needs a signed-in user. AdminJS reads the current
// user from `req.session.adminUser`; Gatehouse sets it per request from the live principal
// (non-enumerable, so it is never written to the session store), which is how every panel
// action reaches the same Principal and the same role engine as the REST API.
import { timingSafeEqual } from 'node:crypto';
import type { CurrentAdmin } from 'adminjs';
import type { Request, RequestHandler } from 'express';
import { recordAudit } from '../src/audit/log.ts';
import { GatehouseError } from '../src/errors/gatehouse-error.ts';
import { sendProblem } from '../src/errors/problem.ts';
import type { Principal } from '../src/authz/principal.ts';
import type { GatehouseContext } from '../src/context.ts';
import { requestState } from '../src/http/state.ts';
import { ACCEPT_INVITATION_PATH } from '../src/invitations/messages.ts';
import { principalWithin } from '../src/authz/within-account.ts';
import { accountsOf } from './account-switch.ts';
import { impersonationBanner } from './impersonation-banner.ts';
import { actingAs, auditActor } from '../src/impersonation/audit.ts';

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

/** Requests that change nothing: the only ones the panel serves without its CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Compares a token sent with the session's, in constant time. */
export function sameToken(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export function panelGate(ctx: GatehouseContext): RequestHandler {
  const loginPath = `${ctx.config.mountPath}/login`;
  return async (req, res, next) => {
    // AdminJS's browser bundles are public files (the login page needs them before anyone signs
    // in), and the invitation page is public: its token is the credential.
    if ((req.method === 'GET' && req.path.startsWith('/frontend/assets/')) || req.path === ACCEPT_INVITATION_PATH) {
      next();
      return;
    }
    const { principal, profile } = requestState(res);
    if (!principal || !profile) {
      if (req.path.startsWith('/api/')) {
        sendProblem(res, new GatehouseError('NOT_SIGNED_IN'));
        return;
      }
      res.redirect(302, loginPath);
      return;
    }
    // R-CSRF-2: every change the panel's own API receives carries the session's token, which only
    // pages of this origin can read (it travels in the page state, below, never in a cookie).
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.get('x-csrf-token'), req.session?.csrfToken)) {
      await recordAudit(ctx.prisma, { actorId: auditActor(principal), action: 'panel.request', outcome: 'DENIED', rule: 'R-CSRF-2', ip: principal.ip, targetType: 'panel', details: { ...actingAs(principal), method: req.method, path: req.path }, at: ctx.config.now() });
      sendProblem(res, new GatehouseError('CSRF', 'This change must come from the panel itself; reload the page and try again', { rule: 'R-CSRF-2' }));
      return;
    }
    // The account switcher's choice narrows everything the panel decides (never widens it).
    const chosen = req.session?.panelAccount;
    const who = chosen === undefined ? principal : await principalWithin(ctx, principal, chosen);
    requestState(res).principal = who;
    const currentAdmin: PanelAdmin = {
      id: principal.userId,
      email: profile.email,
      title: `${profile.firstName} ${profile.lastName}`.trim(),
      csrfToken: req.session?.csrfToken ?? '',
      // Pages (not the panel's API calls) carry the switcher's accounts to the header.
      ...(req.path.startsWith('/api/') ? {} : { accounts: await accountsOf(ctx, principal.userId), account: who === principal ? null : (chosen ?? null), impersonation: impersonationBanner(principal, profile, ctx.config.now()) }),
      [PRINCIPAL]: who,
    };
    Object.defineProperty(req, EXPRESS_REQUEST, { value: req, enumerable: true, configurable: true });
    Object.defineProperty(req.session, 'adminUser', { value: currentAdmin, enumerable: false, configurable: true, writable: true });
    next();
  };
}
