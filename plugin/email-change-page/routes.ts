// The page the link of an e-mail change opens (R-EMAIL-2). A GET only shows what would change and a
// button: mail scanners fetch links, so nothing happens until the button posts the form (refused
// from another site, R-CSRF-2). The email-changes service checks everything; this page only renders
// its answers. Public: the token is the credential.
import express, { type Request, type Response, type Router } from 'express';
import type { GatehouseContext } from '../../src/context.ts';
import { confirmEmailChange, previewEmailChange } from '../../src/email-changes/confirm.ts';
import { CONFIRM_EMAIL_PATH } from '../../src/email-changes/messages.ts';
import { isGatehouseError } from '../../src/errors/gatehouse-error.ts';
import { refuseCrossSiteForms } from '../login/cross-site.ts';
import { escapeHtml, page } from '../login/html.ts';

const form = express.urlencoded({ extended: false, limit: '10kb' });
const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

export function emailChangePages(ctx: GatehouseContext): Router {
  const router = express.Router();
  const { mountPath, productName } = ctx.config;
  const loginPath = `${mountPath}/login`;
  const action = `${mountPath}${CONFIRM_EMAIL_PATH}`;
  const crossSite = refuseCrossSiteForms(ctx);
  const title = 'Confirm your new e-mail address';
  const render = (res: Response, status: number, heading: string, body: string) =>
    res.status(status).type('html').send(page({ title: heading, productName, sideText: 'A change of your account\u2019s e-mail address takes effect once the new address confirms it.', body }));
  const error = (message: string) => `<div class="error" role="alert" data-testid="email-change-error">${escapeHtml(message)}</div>`;
  const signIn = `<p class="note"><a href="${escapeHtml(loginPath)}">Sign in</a></p>`;
  const refused = (res: Response, status: number, message: string) => render(res, status, title, `${error(message)}${signIn}`);
  const confirmForm = (token: string, newEmail: string, expiresAt: Date) =>
    `<p class="note">Your account\u2019s e-mail address becomes <strong>${escapeHtml(newEmail)}</strong>. This link works once, until ${escapeHtml(expiresAt.toUTCString())}.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit" data-testid="confirm-email">Confirm ${escapeHtml(newEmail)}</button></form>`;

  router.get(CONFIRM_EMAIL_PATH, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    try {
      const { newEmail, expiresAt } = await previewEmailChange(ctx, token);
      render(res, 200, title, confirmForm(token, newEmail, expiresAt));
    } catch (caught) {
      if (!isGatehouseError(caught)) throw caught;
      refused(res, caught.status, caught.message);
    }
  });

  router.post(CONFIRM_EMAIL_PATH, crossSite, form, async (req, res) => {
    try {
      const { email } = await confirmEmailChange(ctx, field(req, 'token'), req.ip ?? '');
      render(res, 200, 'E-mail address changed', `<p class="note" data-testid="email-changed">Your account\u2019s e-mail address is now ${escapeHtml(email)}. Sign in with it from now on.</p><a class="button" href="${escapeHtml(loginPath)}">Sign in</a>`);
    } catch (caught) {
      if (!isGatehouseError(caught)) throw caught;
      refused(res, caught.status, caught.message);
    }
  });
  return router;
}
