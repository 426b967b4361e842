// Public password-reset routes: ask for a link by e-mail, and complete a reset with the link's
// token. The administrator's "reset password" on a user lives with the users routes and calls
// issuePasswordReset.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { emailInput } from '../invitations/schema.ts';
import { tokenInput } from '../tokens/token.ts';
import { completePasswordReset } from './complete.ts';
import { requestPasswordReset } from './request.ts';
import { forgotPasswordLimiter } from '../auth/rate-limit.ts';

const requestBody = z.strictObject({ email: emailInput });
const completeBody = z.strictObject({ token: tokenInput, password: z.string().min(1).max(1024) });

export function passwordResetRoutes(ctx: GatehouseContext): AnyRoute[] {
  const limiter = forgotPasswordLimiter(ctx);
  return [
    defineRoute({
      method: 'post',
      path: '/password-resets',
      summary: 'Forgot password: e-mails a single-use reset link if the address has an active account (at most 3 an hour); the answer is the same, as fast, either way',
      tag: 'password-resets',
      access: 'public',
      body: requestBody,
      status: 202,
      response: z.object({ status: z.literal('requested') }),
      errors: [429],
      async handle({ body, ip, req, res }) {
        await limiter.check(req, res);
        requestPasswordReset(ctx, body.email, ip);
        return { status: 'requested' };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/password-resets/complete',
      summary: 'Set a new password with the token of a reset link (R-PWD-3, R-PWD-1); ends every older session',
      tag: 'password-resets',
      access: 'public',
      body: completeBody,
      status: 204,
      errors: [409, 410],
      async handle({ body, ip }) {
        await completePasswordReset(ctx, body, ip);
      },
    }),
  ];
}
