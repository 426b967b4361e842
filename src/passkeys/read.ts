// The passkeys lists (R-PASSKEY-1): one's own (GET /me/passkeys, My profile) and another user's
// (GET /users/:id/passkeys, the panel's Passkeys action). A passkey is a second factor, so seeing
// someone's is decided like changing them: user.setMfa on the user, with R-ESC-2 (the actor must
// dominate what the user holds).
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { loadTargetUser } from '../users/facts.ts';
import { holderOf, userCheck } from '../users/operations/user-check.ts';
import { type PasskeyList, passkeyListOf } from './credentials.ts';

export function ownPasskeys(ctx: GatehouseContext, who: Principal): Promise<PasskeyList> {
  return passkeyListOf(ctx.prisma, who.userId);
}

/** Another user's passkeys (or one's own), if the engine lets the actor change their second factor. */
export async function userPasskeys(ctx: GatehouseContext, who: Principal, userId: string): Promise<PasskeyList> {
  const user = await loadTargetUser(ctx.prisma, userId);
  const holder = await holderOf(ctx, ctx.prisma, who, userId);
  await authorize(ctx, who, userCheck(who, 'user.setMfa', user, { holder }));
  return passkeyListOf(ctx.prisma, userId);
}
