// The panel's sign-in pages, rendered by AdminJS so they look like the rest of the panel, but
// handled by Gatehouse's own sign-in so the panel and the REST API share one session and one set
// of rules.
import express, { type Router } from 'express';
import type AdminJS from 'adminjs';
import { endSession, establishSession } from '../src/auth/establish-session.ts';
import { completeSignIn, passwordStep } from '../src/auth/sign-in.ts';
import type { GatehouseContext } from '../src/context.ts';
import { isGatehouseError } from '../src/errors/gatehouse-error.ts';

export function panelLoginRoutes(ctx: GatehouseContext, admin: AdminJS): Router {
  const router = express.Router();
  const loginPath = `${ctx.config.mountPath}/login`;
  const render = (errorMessage: string | null) => admin.renderLogin({ action: loginPath, errorMessage });

  router.get('/login', async (_req, res) => {
    res.send(await render(null));
  });

  router.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const identifier = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    try {
      const result = await passwordStep(ctx, identifier, password, req.ip ?? '');
      if (result.secondFactor) {
        res.status(401).send(await render('A second factor is required for this account.'));
        return;
      }
      await establishSession(req, result.userId, ctx.config.now());
      await completeSignIn(ctx, result.userId, req.ip ?? '');
      res.redirect(302, ctx.config.mountPath);
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      res.status(error.status).send(await render(error.code === 'INVALID_CREDENTIALS' ? 'invalidCredentials' : error.message));
    }
  });

  router.get('/logout', async (req, res) => {
    await endSession(req);
    res.redirect(302, loginPath);
  });
  return router;
}
