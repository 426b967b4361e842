// The REST face of passkeys: the lists (R-PASSKEY-1), the operations (operations/), and the two
// ways of signing in with one (R-PASSKEY-2) beside the password routes of src/auth/routes.ts.
import { z } from 'zod';
import { signInLimiter } from '../auth/rate-limit.ts';
import { finishSignIn } from '../auth/sign-in.ts';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { passkeyListView } from './credentials.ts';
import { passkeyOperations } from './operations/index.ts';
import { ownPasskeys, userPasskeys } from './read.ts';
import { authenticationResponse } from './responses.ts';
import { completePasskeyFactor, passwordlessOptions, passwordlessSignIn, secondFactorOptions } from './sign-in.ts';

const idParams = z.strictObject({ id: z.string().min(1) });
const answerBody = z.strictObject({ response: authenticationResponse });
const options = z.object({ options: z.record(z.string(), z.unknown()).describe('PublicKeyCredentialRequestOptionsJSON, for @simplewebauthn/browser startAuthentication') });
const signedIn = z.object({ status: z.literal('signed-in'), userId: z.string(), csrfToken: z.string() });

export function passkeyRoutes(ctx: GatehouseContext): AnyRoute[] {
  const limiter = signInLimiter(ctx);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/passkey/options',
      summary: 'Start a passwordless sign-in: options for navigator.credentials.get, valid 5 minutes, once (R-PASSKEY-2)',
      tag: 'auth',
      access: 'public',
      response: options,
      errors: [429],
      async handle({ req, res }) {
        await limiter.check(req, res, null);
        return { options: await passwordlessOptions(ctx) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/passkey',
      summary: 'Sign in with a passkey alone (user verification required); the same checks as a password sign-in (R-PASSKEY-2, R-IP-1, R-LOCK-1, R-SESS-1)',
      tag: 'auth',
      access: 'public',
      body: answerBody,
      response: signedIn,
      errors: [401, 410, 423, 429],
      async handle({ body, ip, req, res }) {
        await limiter.check(req, res, null);
        const passed = await passwordlessSignIn(ctx, body.response, ip);
        return finishSignIn(ctx, req, passed.userId, ip, { method: 'passkey', passkeyId: passed.passkeyId });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/passkey/options',
      summary: "Answer the second step with a passkey: options naming the pending sign-in's passkeys (R-PASSKEY-2)",
      tag: 'auth',
      access: 'public',
      response: options,
      errors: [401, 403, 409, 410, 423, 429],
      async handle({ ip, req, res }) {
        await limiter.check(req, res, req.session?.pendingSignIn ? `user:${req.session.pendingSignIn.userId}` : null);
        return { options: await secondFactorOptions(ctx, req, ip) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/mfa/passkey',
      summary: 'Second step of sign-in with a passkey; a wrong answer counts like a wrong code (R-PASSKEY-2, R-LOCK-1)',
      tag: 'auth',
      access: 'public',
      body: answerBody,
      response: signedIn,
      errors: [401, 403, 410, 423, 429],
      async handle({ body, ip, req, res }) {
        await limiter.check(req, res, req.session?.pendingSignIn ? `user:${req.session.pendingSignIn.userId}` : null);
        const passed = await completePasskeyFactor(ctx, req, body.response, ip);
        return finishSignIn(ctx, req, passed.userId, ip, { method: 'passkey', passkeyId: passed.passkeyId });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/passkeys',
      summary: 'Your passkeys: name, when added and last used, whether synced (R-PASSKEY-1)',
      tag: 'account',
      access: 'signed-in',
      response: passkeyListView,
      handle: ({ principal }) => ownPasskeys(ctx, principal),
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id/passkeys',
      summary: "A user's passkeys, for those who may change their second factor (R-PASSKEY-1, R-ESC-2)",
      tag: 'users',
      access: 'signed-in',
      params: idParams,
      response: passkeyListView,
      handle: ({ principal, params }) => userPasskeys(ctx, principal, params.id),
    }),
    ...operationRoutes(ctx, passkeyOperations),
  ];
}
