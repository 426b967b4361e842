// The account switcher (seed 001): which of the user's accounts the panel works in. The choice
// lives in the session (so it follows the user across instances and ends with the session); the
// panel gate narrows the principal to it (src/authz/within-account.ts). The REST API is not
// narrowed: its callers name the organisation they mean.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { GatehouseContext } from '../src/context.ts';
import { GatehouseError } from '../src/errors/gatehouse-error.ts';
import { sendProblem } from '../src/errors/problem.ts';
import { requestState } from '../src/http/state.ts';
import { parseInput } from '../src/http/route.ts';

/** One account in the switcher: the organisation and the role the user holds there, in words. */
export interface PanelAccount {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** The user's accounts (their own memberships that have not ended, R-EXP-1), by name. */
export async function accountsOf(ctx: GatehouseContext, userId: string): Promise<PanelAccount[]> {
  const memberships = await ctx.prisma.membership.findMany({
    where: { userId, OR: [{ expiresAt: null }, { expiresAt: { gt: ctx.config.now() } }] },
    select: { organizationId: true, organization: { select: { name: true } }, role: { select: { name: true } } },
    orderBy: { organization: { name: 'asc' } },
  });
  return memberships.map((m) => ({ id: m.organizationId, name: m.organization.name, role: m.role.name }));
}

const switchBody = z.strictObject({ organizationId: z.string().min(1).max(64).nullable() });

export function accountSwitchRoutes(ctx: GatehouseContext): Router {
  const router = express.Router();
  router.post('/account', express.json({ limit: '2kb', strict: true }), async (req, res, next) => {
    try {
      const { principal } = requestState(res);
      if (!principal || !req.session) throw new GatehouseError('NOT_SIGNED_IN');
      const { organizationId } = parseInput(switchBody, req.body, 'body');
      if (organizationId !== null) {
        const accounts = await accountsOf(ctx, principal.userId);
        if (!accounts.some((account) => account.id === organizationId)) throw new GatehouseError('INVALID_INPUT', 'You do not belong to that account', { errors: [{ in: 'body', path: 'organizationId', message: 'Choose one of your accounts' }] });
        req.session.panelAccount = organizationId;
      } else {
        delete req.session.panelAccount;
      }
      res.json({ account: organizationId });
    } catch (error) {
      if (error instanceof GatehouseError) sendProblem(res, error);
      else next(error);
    }
  });
  return router;
}
