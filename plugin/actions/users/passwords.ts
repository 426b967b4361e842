// Reset password (R-PWD-3: the current password stops working at once, a single-use link is
// e-mailed) and set password on behalf (sets it, sends nothing, audited). Both through the users
// service, which checks the engine again and the password policy.
import { z } from 'zod';
import type { GatehouseContext } from '../../../src/context.ts';
import { resetUserPassword, setUserPassword } from '../../../src/users/index.ts';
import { userTarget } from '../../access.ts';
import type { FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { recordAction } from '../kit.ts';

const setPasswordInput = z.strictObject({ password: z.string().min(1).max(1024), confirmation: z.string().max(1024) }).refine((value) => value.password === value.confirmation, {
  message: 'The two passwords differ',
  path: ['confirmation'],
});

export function passwordActions(ctx: GatehouseContext, components: PanelComponents) {
  const policy = ctx.config.passwordPolicy;
  return {
    resetPassword: recordAction(ctx, {
      name: 'resetPassword',
      permission: 'user.resetPassword',
      targetOf: userTarget,
      icon: 'Key',
      component: components.ids.ConfirmAction,
      variant: 'danger',
      guard: 'Reset the password? The current one stops working now and the user gets a link by e-mail.',
      run: async (who, record) => {
        await resetUserPassword(ctx, who, String(record.id()));
        return { message: `The password is reset; a link was sent to ${String(record.param('email'))}` };
      },
    }),
    setPassword: recordAction(ctx, {
      name: 'setPassword',
      permission: 'user.setPassword',
      targetOf: userTarget,
      icon: 'Edit3',
      component: components.ids.ActionForm,
      input: setPasswordInput,
      // One's own password is changed in My profile, with the current one (R-PWD-2).
      showWhen: (record, who) => record.id() !== who.userId,
      load: async (_who, record) => {
        const form: FormSpec = {
          intro: `Sets the password of ${String(record.param('email'))} directly. Nothing is sent; the change is audited.`,
          fields: [
            { name: 'password', label: 'New password', type: 'password', required: true, help: `${policy.minLength}–${policy.maxLength} characters${policy.requireUpper ? ', an upper-case letter' : ''}${policy.requireLower ? ', a lower-case letter' : ''}${policy.requireDigit ? ', a digit' : ''}${policy.requireSymbol ? ', a symbol' : ''}; not one of the last ${policy.historySize}.` },
            { name: 'confirmation', label: 'Repeat the new password', type: 'password', required: true },
          ],
          submitLabel: 'Set password',
          confirm: 'Set this password? The user signs in with it from now on.',
          danger: true,
        };
        return { form };
      },
      run: async (who, record, input) => {
        await setUserPassword(ctx, who, String(record.id()), { password: input.password });
        return { message: `The password of ${String(record.param('email'))} is set`, redirect: 'show' };
      },
    }),
  };
}
