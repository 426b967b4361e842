// GET /users/:id and the panel's show view: one user, if the actor may see them (R-TENANT-1,
// R-SELF-2), shaped by the serializer. Read by prepared statements (user-row.ts) unless inside a
// transaction, whose uncommitted state only its own client sees.
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { notFound } from '../errors/gatehouse-error.ts';
import type { Db } from './roles.ts';
import { serializeUser, type SerializableUser, userSerializerSelect, type UserView } from './serialize.ts';
import { readSerializableUser } from './user-row.ts';

function readUser(ctx: GatehouseContext, db: Db, userId: string): Promise<SerializableUser | null> {
  if (db === ctx.prisma) return readSerializableUser(ctx.reads, userId);
  return db.user.findUnique({ where: { id: userId }, select: userSerializerSelect });
}

/** Serializes a user already authorised (used after every mutation to answer the new state). */
export async function userView(ctx: GatehouseContext, db: Db, who: Principal, userId: string): Promise<UserView> {
  const user = await readUser(ctx, db, userId);
  if (!user) throw notFound('user');
  return serializeUser(user, who, ctx.config.now());
}

/** One query: the row that is shown also carries the memberships the engine decides on. */
export async function getUser(ctx: GatehouseContext, who: Principal, userId: string): Promise<UserView> {
  const user = await readSerializableUser(ctx.reads, userId);
  if (!user) throw notFound('user');
  const target = {
    kind: 'user' as const,
    userId,
    organizationIds: user.memberships.map((membership) => membership.organizationId),
    isOwner: user.memberships.some((membership) => membership.isOwner === true),
  };
  await authorize(ctx, who, { action: 'user.view', target: target, subject: { targetType: 'user', targetId: userId } });
  return serializeUser(user, who, ctx.config.now());
}
