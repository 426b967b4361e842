// Set MFA method (R-MFA-3): TOTP, e-mail or off; the user enrols the chosen method at next sign-in.
// The owner's MFA is the owner's alone (R-OWNER-1): the engine hides the action on the owner.
import { z } from 'zod';
import type { GatehouseContext } from '../../../src/context.ts';
import { setUserMfa } from '../../../src/users/index.ts';
import { userTarget } from '../../access.ts';
import type { FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { recordAction } from '../kit.ts';

const methods = { NONE: 'Off', TOTP: 'Authenticator app (TOTP)', EMAIL: 'Code by e-mail' } as const;
const mfaInput = z.strictObject({ method: z.enum(['NONE', 'TOTP', 'EMAIL']) });

export function mfaAction(ctx: GatehouseContext, components: PanelComponents) {
  return recordAction(ctx, {
    name: 'setMfa',
    permission: 'user.setMfa',
    targetOf: userTarget,
    icon: 'Smartphone',
    component: components.ids.ActionForm,
    input: mfaInput,
    load: async (_who, record) => {
      const form: FormSpec = {
        intro: 'The user is asked to enrol the chosen method at their next sign-in; their current authenticator and recovery codes stop working.',
        fields: [
          {
            name: 'method',
            label: 'Second factor',
            type: 'select',
            value: String(record.param('mfaMethod')),
            options: Object.entries(methods).map(([value, label]) => ({ value, label })),
          },
        ],
        submitLabel: 'Save',
      };
      return { form };
    },
    run: async (who, record, input) => {
      await setUserMfa(ctx, who, String(record.id()), input.method);
      return { message: `Second factor of ${String(record.param('email'))}: ${methods[input.method]}`, redirect: 'show' };
    },
  });
}
