// The REST face of the shared sign-in: the password step, the second step, sign-out.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { signOut } from './sign-out.ts';
import { signInLimiter } from './rate-limit.ts';
import { beginSecondFactor, completeSecondFactor, resendEmailCode } from './second-factor.ts';
import { finishSignIn, normalizeIdentifier, passwordStep } from './sign-in.ts';

const loginBody = z.strictObject({
  identifier: z.string().min(1).max(320).describe('E-mail address or username'),
  password: z.string().min(1).max(1024),
});

export const secondFactorBody = z
  .strictObject({
    code: z.string().trim().regex(/^\d{6}$/, 'six digits').optional().describe('From the authenticator app or the e-mail'),
    recoveryCode: z.string().trim().min(8).max(64).optional().describe('One of the recovery codes given at TOTP enrolment'),
  })
  .refine((body) => (body.code === undefined) !== (body.recoveryCode === undefined), { message: 'Send either code or recoveryCode' });

const signedIn = z.object({ status: z.literal('signed-in'), userId: z.string(), csrfToken: z.string(), recoveryCodes: z.array(z.string()).optional() });

export function authRoutes(ctx: GatehouseContext): AnyRoute[] {
  const limiter = signInLimiter(ctx);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with e-mail or username and password (R-AUTH-1, R-LOCK-1); may ask for a second factor',
      tag: 'auth',
      access: 'public',
      body: loginBody,
      errors: [401, 403, 423, 429],
      async handle({ body, ip, req, res }) {
        await limiter.check(req, res, `id:${normalizeIdentifier(body.identifier)}`);
        const result = await passwordStep(ctx, body.identifier, body.password, ip);
        if (result.secondFactor) return beginSecondFactor(ctx, req, result.userId, result.secondFactor);
        return finishSignIn(ctx, req, result.userId, ip);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa',
      summary: 'Second step of sign-in: a TOTP or e-mail code, a recovery code, or the code confirming enrolment (R-MFA-1..3)',
      tag: 'auth',
      access: 'public',
      body: secondFactorBody,
      response: signedIn,
      errors: [401, 403, 410, 423, 429],
      async handle({ body, ip, req, res }) {
        await limiter.check(req, res, req.session?.pendingSignIn ? `user:${req.session.pendingSignIn.userId}` : null);
        const passed = await completeSecondFactor(ctx, req, body.code !== undefined ? { code: body.code } : { recoveryCode: body.recoveryCode ?? '' }, ip);
        const answer = await finishSignIn(ctx, req, passed.userId, ip);
        return passed.recoveryCodes ? { ...answer, recoveryCodes: passed.recoveryCodes } : answer;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/resend',
      summary: 'Sends a new e-mail code for the sign-in in progress; the previous one stops working (R-MFA-2)',
      tag: 'auth',
      access: 'public',
      errors: [401, 409, 429],
      async handle({ req, res }) {
        await limiter.check(req, res, req.session?.pendingSignIn ? `user:${req.session.pendingSignIn.userId}` : null);
        return resendEmailCode(ctx, req);
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
        await signOut(ctx, req);
      },
    }),
  ];
}
