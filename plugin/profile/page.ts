// "My profile" (R-SELF-2): every signed-in user's own page, whatever their role — personal fields,
// password (with the current one, R-PWD-2), TOTP enrolment with a QR code and recovery codes shown
// once (R-MFA-1), and the security question, which only its owner ever sees (R-SECRET-1). All of
// it through the account service; this page only routes the form to the right call.
import type { PageContext, PageHandler } from 'adminjs';
import { z } from 'zod';
import { ownProfile } from '../../src/account/profile.ts';
import { changeOwnPassword, confirmTotpEnrolment, setSecurityQuestion, startTotpEnrolment, switchToEmailOtp, turnOffMfa, updateOwnProfile } from '../../src/account/service.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { readInput } from '../actions/kit.ts';
import type { PanelComponents } from '../components/registry.ts';
import { asNotice, successNotice } from '../notices.ts';
import { expressRequestOf, principalOf } from '../panel-gate.ts';

const optional = z.string().trim().max(500);
const operation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('profile'), firstName: z.string().trim().min(1).max(100), lastName: z.string().trim().min(1).max(100), phone: optional, fax: optional, address: optional, postalAddress: optional }),
  z.strictObject({ op: z.literal('password'), currentPassword: z.string().min(1).max(1024), password: z.string().min(1).max(1024) }),
  z.strictObject({ op: z.literal('totpStart'), currentPassword: z.string().min(1).max(1024) }),
  z.strictObject({ op: z.literal('totpConfirm'), code: z.string().trim().regex(/^\d{6}$/, 'Six digits') }),
  z.strictObject({ op: z.literal('emailOtp'), currentPassword: z.string().min(1).max(1024) }),
  z.strictObject({ op: z.literal('mfaOff'), currentPassword: z.string().min(1).max(1024) }),
  z.strictObject({ op: z.literal('securityQuestion'), currentPassword: z.string().min(1).max(1024), question: z.string().trim().min(1).max(200), answer: z.string().trim().min(1).max(200) }),
]);
type Operation = z.output<typeof operation>;

export function myProfilePage(ctx: GatehouseContext, components: PanelComponents): { component: string; icon: string; handler: PageHandler } {
  async function perform(request: object, context: PageContext, input: Operation): Promise<{ message: string; data?: Record<string, unknown> }> {
    const who = principalOf(context.currentAdmin);
    const req = expressRequestOf(request);
    if (!who || !req) throw new GatehouseError('NOT_SIGNED_IN');
    switch (input.op) {
      case 'profile': {
        const { op: _op, ...fields } = input;
        await updateOwnProfile(ctx, who, fields);
        return { message: 'Your profile is saved' };
      }
      case 'password':
        await changeOwnPassword(ctx, who, req, input.currentPassword, input.password);
        return { message: 'Your password is changed; other sessions are signed out' };
      case 'totpStart': {
        const enrolment = await startTotpEnrolment(ctx, who, req, input.currentPassword);
        return { message: 'Scan the code with your authenticator app, then enter the code it shows', data: { enrolment } };
      }
      case 'totpConfirm': {
        const { recoveryCodes } = await confirmTotpEnrolment(ctx, who, req, input.code);
        return { message: 'Your authenticator app is set up', data: { recoveryCodes } };
      }
      case 'emailOtp':
        await switchToEmailOtp(ctx, who, input.currentPassword);
        return { message: 'Sign-in codes now come by e-mail' };
      case 'mfaOff':
        await turnOffMfa(ctx, who, input.currentPassword);
        return { message: 'The second factor is off' };
      case 'securityQuestion':
        await setSecurityQuestion(ctx, who, { currentPassword: input.currentPassword, question: input.question, answer: input.answer });
        return { message: 'Your security question is saved' };
    }
  }

  return {
    component: components.ids.MyProfile,
    icon: 'User',
    handler: async (request: { method?: string; payload?: Record<string, unknown> }, _response: unknown, context: PageContext) => {
      const who = principalOf(context.currentAdmin);
      if (!who) return { notice: { message: 'Sign in first', type: 'error' } };
      const done = await asNotice(async () => {
        const result = request.method === 'post' ? await perform(request, context, readInput(operation, request.payload)) : null;
        return { result, profile: await ownProfile(ctx, who.userId) };
      });
      if (!done.ok) return { notice: done.notice };
      return {
        profile: done.value.profile,
        ...(done.value.result ? { notice: successNotice(done.value.result.message), ...done.value.result.data } : {}),
      };
    },
  };
}
