// The page an invitation link opens (R-INV-1, R-INV-2): it shows who invites whom into what, and
// asks for what the acceptance needs — names, username and password for a new account, the
// password only for a user created without one (R-INV-3), the current password for an existing
// account (seed 003). The invitations service checks the token and does the rest; this page only
// renders its answers. It is public: the token is the credential.
import express, { type Request, type Response, type Router } from 'express';
import { acceptInvitation, type InvitationPreview, previewInvitation } from '../../src/invitations/accept.ts';
import { ACCEPT_INVITATION_PATH } from '../../src/invitations/messages.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { isGatehouseError } from '../../src/errors/gatehouse-error.ts';
import { escapeHtml, page } from '../login/html.ts';

export const acceptInvitationPath = ACCEPT_INVITATION_PATH;

const form = express.urlencoded({ extended: false, limit: '10kb' });
const text = (req: Request, name: string): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

function input(id: string, label: string, type = 'text', autocomplete = 'off'): string {
  return `<label for="${id}">${label}</label><input type="${type}" id="${id}" name="${id}" autocomplete="${autocomplete}" required>`;
}

function acceptForm(action: string, token: string, preview: InvitationPreview, error: string | null): string {
  const fields =
    preview.form === 'new-account'
      ? input('firstName', 'First name') + input('lastName', 'Last name') + input('username', 'Username', 'text', 'username') + input('password', 'Password', 'password', 'new-password')
      : preview.form === 'set-password'
        ? input('password', 'Password', 'password', 'new-password')
        : input('currentPassword', 'Your current password', 'password', 'current-password');
  return `${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}
<p class="note">${escapeHtml(preview.email)} is invited to <strong>${escapeHtml(preview.organizationName)}</strong> as <strong>${escapeHtml(preview.roleName)}</strong>.
The link is valid until ${escapeHtml(new Date(preview.expiresAt).toUTCString())}.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="token" value="${escapeHtml(token)}">${fields}<button type="submit">Accept the invitation</button></form>`;
}

export function acceptInvitationRoutes(ctx: GatehouseContext): Router {
  const router = express.Router();
  const action = `${ctx.config.mountPath}${ACCEPT_INVITATION_PATH}`;
  const render = (res: Response, status: number, title: string, body: string) =>
    res.status(status).type('html').send(page({ title, productName: ctx.config.productName, sideText: 'You are invited to join.', body }));
  const deadLink = (res: Response, message: string) => render(res, 410, 'Invitation', `<div class="error" role="alert">${escapeHtml(message)}</div>`);

  router.get(ACCEPT_INVITATION_PATH, async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    try {
      render(res, 200, 'Accept the invitation', acceptForm(action, token, await previewInvitation(ctx, token), null));
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      deadLink(res, error.message);
    }
  });

  router.post(ACCEPT_INVITATION_PATH, form, async (req, res) => {
    const token = text(req, 'token') ?? '';
    try {
      await acceptInvitation(
        ctx,
        { token, firstName: text(req, 'firstName'), lastName: text(req, 'lastName'), username: text(req, 'username')?.trim().toLowerCase(), password: text(req, 'password'), currentPassword: text(req, 'currentPassword') },
        req.session?.userId ?? null,
        req.ip ?? '',
      );
      render(res, 200, 'Welcome', `<p class="note" data-testid="accepted">The invitation is accepted.</p><a class="button" href="${escapeHtml(`${ctx.config.mountPath}/login`)}">Sign in</a>`);
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      if (error.code === 'TOKEN_INVALID') return deadLink(res, error.message);
      try {
        render(res, error.status, 'Accept the invitation', acceptForm(action, token, await previewInvitation(ctx, token), error.message));
      } catch {
        deadLink(res, error.message);
      }
    }
  });
  return router;
}
