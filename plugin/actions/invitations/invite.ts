// "Invite user" (R-INV-1, seed 004): e-mail, organisation and role, optional IP allowlist. Offered
// on the Invitations and on the Users list; the invitations service authorises and sends the link.
import { z } from 'zod';
import type { GatehouseContext } from '../../../src/context.ts';
import { inviteUser } from '../../../src/invitations/invite.ts';
import { ipAllowlistInput } from '../../../src/invitations/schema.ts';
import type { FormSpec } from '../../components/form-spec.ts';
import type { PanelComponents } from '../../components/registry.ts';
import { organizationChoices, roleChoices, splitPair } from '../choices.ts';
import { resourceAction } from '../kit.ts';

const inviteInput = z.strictObject({
  email: z.string().trim().min(1).max(320),
  membership: z.string().regex(/^[^|]+\|.+$/, 'Choose an organisation and a role'),
  ipAllowlist: ipAllowlistInput,
  accessRights: z.array(z.string().min(1).max(64)).max(50).optional(),
});

export function inviteAction(ctx: GatehouseContext, components: PanelComponents, name: string) {
  const choosesRights = ctx.preset.inviteChoosesRights === true;
  return resourceAction(ctx, {
    name,
    permission: 'user.invite',
    icon: 'Send',
    component: components.ids.ActionForm,
    input: inviteInput,
    load: async (who) => {
      const organizations = await organizationChoices(ctx, who, 'user.invite');
      const form: FormSpec = {
        intro: `The invitation link is valid for ${Math.round(ctx.config.invitationTtlMs / 3_600_000)} hours and can be used once.`,
        fields: [
          { name: 'email', label: 'E-mail', type: 'email', required: true },
          { name: 'membership', label: 'Organisation and role', type: 'select', required: true, options: await roleChoices(ctx, who, 'user.invite', organizations) },
          ...(choosesRights
            ? [{ name: 'accessRights', label: 'Access rights', type: 'checkboxes' as const, options: ctx.preset.accessRights.map((right) => ({ value: right.key, label: right.label })), value: ctx.preset.accessRights.map((right) => right.key) }]
            : []),
          { name: 'ipAllowlist', label: 'Allowed IP addresses (optional)', type: 'lines', help: 'One address or CIDR range per line (IPv4 or IPv6); empty: anywhere.' },
        ],
        submitLabel: 'Send invitation',
      };
      return { form };
    },
    run: async (who, input) => {
      const { organizationId, roleId } = splitPair(input.membership);
      const invitation = await inviteUser(ctx, who, {
        email: input.email,
        organizationId,
        roleId,
        ipAllowlist: input.ipAllowlist,
        ...(choosesRights && input.accessRights ? { accessRights: input.accessRights } : {}),
      });
      return { message: `An invitation was sent to ${invitation.email}`, redirect: 'list' };
    },
  });
}
