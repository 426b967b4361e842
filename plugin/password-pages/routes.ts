// The pages a person without a session reaches about their password (R-PWD-3, R-PWD-4): the link of
// a reset e-mail opens a form for the new password (with the policy's rules and the link's expiry),
// and "Forgot your password?" asks for the address that link goes to. The password-resets service
// checks everything; these pages only render its answers. Public: the token is the credential.
import express, { type Request, type Response, type Router } from 'express';
import { describePolicy } from '../../src/auth/password-policy.ts';
import { forgotPasswordLimiter } from '../../src/auth/rate-limit.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { isGatehouseError } from '../../src/errors/gatehouse-error.ts';
import { emailInput } from '../../src/http/inputs.ts';
import { completePasswordReset, liveResetLink } from '../../src/password-resets/complete.ts';
import { RESET_PASSWORD_PATH } from '../../src/password-resets/messages.ts';
import { requestPasswordReset } from '../../src/password-resets/request.ts';
import { refuseCrossSiteForms } from '../login/cross-site.ts';
import { escapeHtml, page } from '../login/html.ts';

export const FORGOT_PASSWORD_PATH = '/forgot-password';

const form = express.urlencoded({ extended: false, limit: '10kb' });
const field = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

const rules = (ctx: GatehouseContext): string => describePolicy(ctx.config.passwordPolicy);

export function passwordPages(ctx: GatehouseContext): Router {
  const router = express.Router();
  const { mountPath, productName } = ctx.config;
  const loginPath = `${mountPath}/login`;
  const resetAction = `${mountPath}${RESET_PASSWORD_PATH}`;
  const forgotAction = `${mountPath}${FORGOT_PASSWORD_PATH}`;
  const crossSite = refuseCrossSiteForms(ctx);
  const limiter = forgotPasswordLimiter(ctx);
  const render = (res: Response, status: number, title: string, body: string) =>
    res.status(status).type('html').send(page({ title, productName, sideText: 'Choose a new password for your account.', body }));
  const error = (message: string | null) => (message ? `<div class="error" role="alert">${escapeHtml(message)}</div>` : '');
  const forgotLink = `<p class="note"><a href="${escapeHtml(forgotAction)}">Ask for a new link</a> · <a href="${escapeHtml(loginPath)}">Sign in</a></p>`;
  const resetForm = (token: string, expiresAt: Date, message: string | null) =>
    `${error(message)}<p class="note">${escapeHtml(rules(ctx))} This link works once, until ${escapeHtml(expiresAt.toUTCString())}.</p>
<form method="post" action="${escapeHtml(resetAction)}"><input type="hidden" name="token" value="${escapeHtml(token)}">
<label for="password">New password</label><input type="password" id="password" name="password" autocomplete="new-password" required>
<label for="confirmation">New password again</label><input type="password" id="confirmation" name="confirmation" autocomplete="new-password" required>
<button type="submit">Set my password</button></form>`;
  const deadLink = (res: Response, message: string) => render(res, 410, 'Reset your password', `${error(message)}${forgotLink}`);

  router.get(RESET_PASSWORD_PATH, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    try {
      render(res, 200, 'Reset your password', resetForm(token, (await liveResetLink(ctx, token)).expiresAt, null));
    } catch (caught) {
      if (!isGatehouseError(caught)) throw caught;
      deadLink(res, caught.message);
    }
  });

  router.post(RESET_PASSWORD_PATH, crossSite, form, async (req, res) => {
    const token = field(req, 'token');
    try {
      const { expiresAt } = await liveResetLink(ctx, token);
      if (field(req, 'password') !== field(req, 'confirmation')) return render(res, 400, 'Reset your password', resetForm(token, expiresAt, 'The two passwords are not the same.'));
      try {
        await completePasswordReset(ctx, { token, password: field(req, 'password') }, req.ip ?? '');
      } catch (refused) {
        if (!isGatehouseError(refused) || refused.code === 'TOKEN_INVALID') throw refused;
        return render(res, refused.status, 'Reset your password', resetForm(token, expiresAt, refused.message));
      }
      render(res, 200, 'Password set', `<p class="note" data-testid="password-set">Your password is set. Every older session is signed out.</p><a class="button" href="${escapeHtml(loginPath)}">Sign in</a>`);
    } catch (caught) {
      if (!isGatehouseError(caught)) throw caught;
      deadLink(res, caught.message);
    }
  });

  const forgotForm = (message: string | null) =>
    `${error(message)}<p class="note">Enter the e-mail address of your account. If it has one, a link to choose a new password is sent to it.</p>
<form method="post" action="${escapeHtml(forgotAction)}"><label for="email">E-mail</label><input type="email" id="email" name="email" autocomplete="email" required>
<button type="submit">Send me a link</button></form><p class="note"><a href="${escapeHtml(loginPath)}">Back to sign-in</a></p>`;

  router.get(FORGOT_PASSWORD_PATH, (_req, res) => render(res, 200, 'Forgot your password?', forgotForm(null)));

  router.post(FORGOT_PASSWORD_PATH, crossSite, form, async (req, res) => {
    const parsed = emailInput.safeParse(field(req, 'email'));
    if (!parsed.success) return render(res, 400, 'Forgot your password?', forgotForm('Enter one e-mail address.'));
    const email = parsed.data;
    try {
      await limiter.check(req, res);
    } catch (caught) {
      if (!isGatehouseError(caught)) throw caught;
      return render(res, caught.status, 'Forgot your password?', forgotForm(caught.message));
    }
    // The same page whether or not the address has an account; the work happens after it (R-PWD-4).
    requestPasswordReset(ctx, email, req.ip ?? '');
    render(res, 202, 'Check your mailbox', `<p class="note" data-testid="link-requested">If ${escapeHtml(email)} has an account, a link to choose a new password is on its way. It works once, for a limited time.</p><a class="button" href="${escapeHtml(loginPath)}">Back to sign-in</a>`);
  });
  return router;
}
