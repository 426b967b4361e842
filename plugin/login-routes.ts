// The panel's sign-in pages. The password page is rendered by AdminJS (admin.renderLogin) with
// Gatehouse's Login component, so it looks like the rest of the panel; the second step is a small
// server-rendered page in the same style.
// Both are handled by Gatehouse's shared sign-in, so the panel and the REST API share one session
// and one set of rules (lockout, rate limits, second factor, enrolment).
import express, { type Request, type Response, type Router } from 'express';
import type AdminJS from 'adminjs';
import { signOut } from '../src/auth/sign-out.ts';
import { signInLimiter } from '../src/auth/rate-limit.ts';
import { beginSecondFactor, completeSecondFactor, describePending, resendEmailCode } from '../src/auth/second-factor.ts';
import { finishSignIn, normalizeIdentifier, passwordStep } from '../src/auth/sign-in.ts';
import type { GatehouseContext } from '../src/context.ts';
import { isGatehouseError, type GatehouseError } from '../src/errors/gatehouse-error.ts';
import { refuseCrossSiteForms } from './login/cross-site.ts';
import { sameToken } from './panel-gate.ts';
import { FORGOT_PASSWORD_PATH } from './password-pages/routes.ts';
import { PASSKEY_SCRIPT_PATH, passkeyScript } from './login/passkey-script.ts';
import { recoveryCodesPage, secondFactorPage, signOutPage } from './login/second-factor-page.ts';

const form = express.urlencoded({ extended: false, limit: '10kb' });

function field(req: Request, name: string): string {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** `admin` resolves to the AdminJS instance, which is built on the first request that needs it. */
export function panelLoginRoutes(ctx: GatehouseContext, admin: () => Promise<AdminJS>): Router {
  const router = express.Router();
  const limiter = signInLimiter(ctx);
  const { mountPath, productName } = ctx.config;
  const loginPath = `${mountPath}/login`;
  const mfaPath = `${loginPath}/mfa`;
  const crossSite = refuseCrossSiteForms(ctx);
  const forgotPasswordPath = `${mountPath}${FORGOT_PASSWORD_PATH}`;
  // Read by the Login component (plugin/components/Login.tsx), which replaces AdminJS's.
  const apiPath = `${mountPath}/api/v1`;
  const renderLogin = async (errorMessage: string | null) => (await admin()).renderLogin({ action: loginPath, errorMessage, forgotPasswordPath, apiPath } as Parameters<AdminJS['renderLogin']>[0]);
  // R-PASSKEY-2: the second step offers the user's passkeys, when they have one.
  const passkeyChoice = async (req: Request) => {
    const userId = req.session?.pendingSignIn?.userId;
    if (!userId || (await ctx.prisma.passkey.count({ where: { userId } })) === 0) return {};
    return { passkey: { options: `${apiPath}/auth/mfa/passkey/options`, answer: `${apiPath}/auth/mfa/passkey`, done: mountPath, script: `${mountPath}${PASSKEY_SCRIPT_PATH}` } };
  };

  async function renderCodePage(req: Request, res: Response, status: number, errorMessage: string | null): Promise<void> {
    const challenge = await describePending(ctx, req);
    if (!challenge) {
      res.status(status === 200 ? 401 : status).send(await renderLogin(errorMessage ?? 'The sign-in took too long; start again.'));
      return;
    }
    res.status(status).type('html').send(secondFactorPage({ productName, action: mfaPath, loginPath, ...(await passkeyChoice(req)) }, challenge, errorMessage));
  }

  router.get(PASSKEY_SCRIPT_PATH, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(passkeyScript());
  });

  router.get('/login', async (_req, res) => {
    res.send(await renderLogin(null));
  });

  router.post('/login', crossSite, form, async (req, res) => {
    const identifier = field(req, 'email');
    try {
      await limiter.check(req, res, `id:${normalizeIdentifier(identifier)}`);
      const result = await passwordStep(ctx, identifier, typeof req.body?.password === 'string' ? req.body.password : '', req.ip ?? '');
      if (result.secondFactor) {
        await beginSecondFactor(ctx, req, result.userId, result.secondFactor);
        res.redirect(302, mfaPath);
        return;
      }
      await finishSignIn(ctx, req, result.userId, req.ip ?? '');
      res.redirect(302, mountPath);
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      // The Login component shows the error's own words (AdminJS's wanted a translation key).
      res.status(error.status).send(await renderLogin(error.message));
    }
  });

  router.get('/login/mfa', async (req, res) => {
    await renderCodePage(req, res, 200, null);
  });

  router.post('/login/mfa', crossSite, form, async (req, res) => {
    const ip = req.ip ?? '';
    try {
      await limiter.check(req, res, req.session?.pendingSignIn ? `user:${req.session.pendingSignIn.userId}` : null);
      if (field(req, 'resend')) {
        await resendEmailCode(ctx, req);
        await renderCodePage(req, res, 200, null);
        return;
      }
      const code = field(req, 'code');
      const recoveryCode = field(req, 'recoveryCode');
      if (!code && !recoveryCode) {
        await renderCodePage(req, res, 400, 'Enter the code.');
        return;
      }
      const passed = await completeSecondFactor(ctx, req, recoveryCode ? { recoveryCode } : { code }, ip);
      await finishSignIn(ctx, req, passed.userId, ip);
      if (passed.recoveryCodes) {
        res.status(200).type('html').send(recoveryCodesPage({ productName, continueTo: mountPath }, passed.recoveryCodes));
        return;
      }
      res.redirect(302, mountPath);
    } catch (error) {
      if (!isGatehouseError(error)) throw error;
      await renderCodePage(req, res, error.status, messageFor(error));
    }
  });

  router.get('/logout', (req, res) => {
    if (!req.session?.csrfToken) return res.redirect(302, loginPath);
    res.status(200).type('html').send(signOutPage({ productName, action: `${mountPath}/logout`, csrfToken: req.session.csrfToken, backTo: mountPath }));
  });

  router.post('/logout', crossSite, form, async (req, res) => {
    const token = field(req, 'csrfToken');
    const expected = req.session?.csrfToken;
    if (expected && !sameToken(token, expected)) {
      res.redirect(303, `${mountPath}/logout`);
      return;
    }
    await signOut(ctx, req);
    res.redirect(303, loginPath);
  });
  return router;
}

function messageFor(error: GatehouseError): string {
  if (error.code === 'INVALID_CODE') return 'That code is not right. Check it and try again.';
  return error.message;
}
