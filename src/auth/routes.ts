// POST /auth/login, /auth/logout and GET /me: the REST face of the shared sign-in.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { endSession, establishSession, save } from './establish-session.ts';
import { completeSignIn, passwordStep } from './sign-in.ts';

const loginBody = z.strictObject({
  identifier: z.string().min(1).max(320).describe('E-mail address or username'),
  password: z.string().min(1).max(1024),
});

export function authRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with e-mail or username and password (R-AUTH-1, R-LOCK-1)',
      tag: 'auth',
      access: 'public',
      body: loginBody,
      errors: [401, 403, 423, 429],
      async handle({ body, ip, req }) {
        const result = await passwordStep(ctx, body.identifier, body.password, ip);
        if (result.secondFactor) {
          req.session.pendingSignIn = { userId: result.userId, ...result.secondFactor, startedAt: ctx.config.now().getTime() };
          await save(req);
          return { status: 'second-factor-required', method: result.secondFactor.method, enrol: result.secondFactor.enrol };
        }
        await establishSession(req, result.userId, ctx.config.now());
        await completeSignIn(ctx, result.userId, ip);
        return { status: 'signed-in', userId: result.userId, csrfToken: req.session.csrfToken };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Sign out: the session is destroyed on the server',
      tag: 'auth',
      access: 'public',
      status: 204,
      async handle({ req }) {
        await endSession(req);
      },
    }),
  ];
}

