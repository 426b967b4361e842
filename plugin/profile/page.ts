// "My profile" (R-SELF-2): every signed-in user's own page, whatever their role. The page handler
// only reads (one's profile, whether a second factor is required, the security questions to choose
// from); every change is an account operation the page's component calls as an action on one's own
// user record (src/account/operations), decided and audited like the same change through /me.
import type { PageContext, PageHandler } from 'adminjs';
import { ownProfile } from '../../src/account/profile.ts';
import { securityQuestions } from '../../src/account/security-questions.ts';
import type { GatehouseContext } from '../../src/context.ts';
import type { PanelComponents } from '../components/registry.ts';
import { principalOf } from '../panel-gate.ts';

export function myProfilePage(ctx: GatehouseContext, components: PanelComponents): { component: string; icon: string; handler: PageHandler } {
  return {
    component: components.ids.MyProfile,
    icon: 'User',
    handler: async (_request: unknown, _response: unknown, context: PageContext) => {
      const who = principalOf(context.currentAdmin);
      if (!who) return { notice: { message: 'Sign in first', type: 'error' } };
      return { profile: await ownProfile(ctx, who.userId), mfaRequired: ctx.preset.mfaRequired === true, securityQuestions };
    },
  };
}
