// GET/PATCH /me and the security settings of one's own account (R-SELF-2, R-PWD-2, R-MFA-1..2).
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { ownProfile } from './profile.ts';
import { changePasswordBody, confirmTotpBody, reauthBody, securityQuestionBody, updateProfileBody } from './schema.ts';
import {
  changeOwnPassword,
  confirmTotpEnrolment,
  regenerateRecoveryCodes,
  setSecurityQuestion,
  startTotpEnrolment,
  switchToEmailOtp,
  turnOffMfa,
  updateOwnProfile,
} from './service.ts';

const tag = 'account';
const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()).describe('Shown once; store them somewhere safe') });

export function accountRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'Your own profile, including your security question (R-SELF-2, R-SECRET-1)',
      tag,
      access: 'signed-in',
      handle: ({ principal }) => ownProfile(ctx, principal.userId),
    }),
    defineRoute({
      method: 'patch',
      path: '/me',
      summary: 'Edit your personal fields; username, e-mail, status and role are read-only (R-SELF-2)',
      tag,
      access: 'signed-in',
      body: updateProfileBody,
      async handle({ principal, body }) {
        await updateOwnProfile(ctx, principal, body);
        return ownProfile(ctx, principal.userId);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/password',
      summary: 'Change your password: needs the current one (R-PWD-2), policy and history apply (R-PWD-1); your other sessions end',
      tag,
      access: 'signed-in',
      body: changePasswordBody,
      response: z.object({ csrfToken: z.string().optional().describe('This session continues under a new id and CSRF token') }),
      errors: [409],
      handle: ({ principal, req, body }) => changeOwnPassword(ctx, principal, req, body.currentPassword, body.newPassword),
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/totp',
      summary: 'Start enrolling an authenticator app: the secret, its otpauth URI and a QR code (R-MFA-1)',
      tag,
      access: 'signed-in',
      body: reauthBody,
      response: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }),
      handle: ({ principal, req, body }) => startTotpEnrolment(ctx, principal, req, body.currentPassword),
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/totp/confirm',
      summary: 'Confirm the enrolment with a code from the app; answers the recovery codes, once (R-MFA-1)',
      tag,
      access: 'signed-in',
      body: confirmTotpBody,
      response: recoveryCodes,
      errors: [409],
      handle: ({ principal, req, body }) => confirmTotpEnrolment(ctx, principal, req, body.code),
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/recovery-codes',
      summary: 'Replace your recovery codes with ten new ones (the old ones stop working)',
      tag,
      access: 'signed-in',
      body: reauthBody,
      response: recoveryCodes,
      errors: [409],
      handle: ({ principal, body }) => regenerateRecoveryCodes(ctx, principal, body.currentPassword),
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/email',
      summary: 'Use e-mail codes as your second factor (R-MFA-2)',
      tag,
      access: 'signed-in',
      body: reauthBody,
      status: 204,
      handle: ({ principal, body }) => switchToEmailOtp(ctx, principal, body.currentPassword),
    }),
    defineRoute({
      method: 'delete',
      path: '/me/mfa',
      summary: 'Turn your second factor off (refused when the configuration requires one)',
      tag,
      access: 'signed-in',
      body: reauthBody,
      status: 204,
      handle: ({ principal, body }) => turnOffMfa(ctx, principal, body.currentPassword),
    }),
    defineRoute({
      method: 'put',
      path: '/me/security-question',
      summary: 'Set your security question and answer (the answer is stored hashed; R-SECRET-1)',
      tag,
      access: 'signed-in',
      body: securityQuestionBody,
      status: 204,
      handle: ({ principal, body }) => setSecurityQuestion(ctx, principal, body),
    }),
  ];
}
