// "New user" (R-INV-3): with a password the user is active at once and nothing is sent; without
// one, a set-your-password invitation goes out. Organisation and role come from choices the engine
// allows; the users service authorises again and creates.
import { z } from 'zod';
import { ipAllowlistInput } from '../../../src/invitations/schema.ts';
import type { GatehouseContext } from '../../../src/context.ts';
import { createUser } from '../../../src/users/index.ts';
import type { FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { organizationChoices, roleChoices, splitPair } from '../choices.ts';
import { resourceAction } from '../kit.ts';

const createInput = z.strictObject({
  email: z.string().trim().min(1).max(320),
  username: z.string().trim().min(1).max(64),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  membership: z.string().regex(/^[^|]+\|.+$/, 'Choose an organisation and a role'),
  password: z.string().max(1024),
  ipAllowlist: ipAllowlistInput,
});

export function createUserAction(ctx: GatehouseContext, components: PanelComponents) {
  return resourceAction(ctx, {
    name: 'new',
    permission: 'user.create',
    icon: 'UserPlus',
    component: components.ids.ActionForm,
    input: createInput,
    load: async (who) => {
      const organizations = await organizationChoices(ctx, who, 'user.create');
      const form: FormSpec = {
        intro: 'Leave the password empty to e-mail the user a link to set their own.',
        fields: [
          { name: 'email', label: 'E-mail', type: 'email', required: true },
          { name: 'username', label: 'Username', type: 'text', required: true },
          { name: 'firstName', label: 'First name', type: 'text', required: true, help: 'A dash (-) is accepted.' },
          { name: 'lastName', label: 'Last name', type: 'text', required: true, help: 'A dash (-) is accepted.' },
          { name: 'membership', label: 'Organisation and role', type: 'select', required: true, options: await roleChoices(ctx, who, 'user.create', organizations) },
          { name: 'password', label: 'Password (optional)', type: 'password' },
          { name: 'ipAllowlist', label: 'Allowed IP addresses (optional)', type: 'lines', help: 'One address or CIDR range per line; empty: anywhere.' },
        ],
        submitLabel: 'Create user',
      };
      return { form };
    },
    run: async (who, input) => {
      const { organizationId, roleId } = splitPair(input.membership);
      const created = await createUser(ctx, who, {
        email: input.email,
        username: input.username,
        firstName: input.firstName,
        lastName: input.lastName,
        organizationId,
        roleId,
        ipAllowlist: input.ipAllowlist,
        ...(input.password ? { password: input.password } : {}),
      });
      return {
        message: created.invitationId ? `${created.user.email} is created; an invitation to set a password was sent` : `${created.user.email} is created and active`,
        redirect: 'list',
      };
    },
  });
}
