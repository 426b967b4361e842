// GET /users/:id and the panel's show view: one user, if the actor may see them (R-TENANT-1,
// R-SELF-2), shaped by the serializer.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import { loadTargetUser, userTarget } from './facts.ts';
import type { Db } from './roles.ts';
import { serializeUser, userSerializerSelect, type UserView } from './serialize.ts';

/** Serializes a user already authorised (used after every mutation to answer the new state). */
export async function userView(ctx: GatehouseContext, db: Db, who: Principal, userId: string): Promise<UserView> {
  const user = await db.user.findUnique({ where: { id: userId }, select: userSerializerSelect });
  if (!user) throw notFound('user');
  return serializeUser(user, who, ctx.config.now());
}

export async function getUser(ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> {
  const target = await loadTargetUser(ctx.prisma, userId);
  await authorize(ctx, who, 'user.view', userTarget(target), { targetType: 'user', targetId: userId });
  return userView(ctx, ctx.prisma, who, userId);
}
