// "My profile" (R-SELF-2): every signed-in user's own page, whatever their role. The page handler
// only reads (one's profile, whether a second factor is required, the security questions to choose
// from, the roles of each of one's organisations with the one held — R-ROLE-3, seed 001's
// Account Security section — one's open sessions, R-SESS-3, and one's passkeys, R-PASSKEY-1); every change is an account operation the page's component calls as an
// action on one's own user record (src/account/operations), decided and audited like the same
// change through /me.
import type { PageContext, PageHandler } from 'adminjs';
import { ownProfile } from '../../src/account/profile.ts';
import { securityQuestions } from '../../src/account/security-questions.ts';
import type { Principal } from '../../src/authz/principal.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { memberRoles, type MemberRoleView } from '../../src/roles/member-roles.ts';
import type { PanelComponents } from '../components/registry.ts';
import { expressRequestOf, principalOf } from '../panel-gate.ts';
import { ownSessions } from '../../src/users/read-sessions.ts';
import { ownPasskeys } from '../../src/passkeys/read.ts';

export interface AccountRoles {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly roles: MemberRoleView[];
}

/** The roles of every organisation one is a member of, as GET /me/roles answers for each; one the engine refuses (disabled) is left out. */
async function accountRoles(ctx: GatehouseContext, who: Principal): Promise<AccountRoles[]> {
  const memberships = await ctx.prisma.membership.findMany({
    where: { userId: who.userId },
    select: { organization: { select: { id: true, name: true } } },
    orderBy: { organization: { name: 'asc' } },
  });
  const out: AccountRoles[] = [];
  for (const { organization } of memberships) {
    try {
      out.push({ organizationId: organization.id, organizationName: organization.name, roles: (await memberRoles(ctx, who, { organizationId: organization.id })).items });
    } catch (error) {
      if (!(error instanceof GatehouseError) || error.status >= 500) throw error;
    }
  }
  return out;
}

export function myProfilePage(ctx: GatehouseContext, components: PanelComponents): { component: string; icon: string; handler: PageHandler } {
  return {
    component: components.ids.MyProfile,
    icon: 'User',
    handler: async (request: object, _response: unknown, context: PageContext) => {
      const who = principalOf(context.currentAdmin);
      if (!who) return { notice: { message: 'Sign in first', type: 'error' } };
      const req = expressRequestOf(request);
      return {
        profile: await ownProfile(ctx, who.userId),
        mfaRequired: ctx.preset.mfaRequired === true,
        securityQuestions,
        accounts: await accountRoles(ctx, who),
        // R-SESS-3: one's open sessions, the one this page came with marked.
        sessions: (await ownSessions(ctx, who, req?.session?.userId ? req.sessionID : undefined)).items,
        // R-PASSKEY-1: one's passkeys, by name.
        passkeys: (await ownPasskeys(ctx, who)).items,
      };
    },
  };
}
