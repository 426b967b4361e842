// The user search as a Prisma `where`, used on PostgreSQL. Raw SQL there would have to name the
// schema that Gatehouse's tables live in (`?schema=` in the URL), which only the driver adapter
// knows; Prisma's own queries qualify the tables. PostgreSQL's LIKE escapes with a backslash by
// default, so `contains` with escaped input matches `%` and `_` literally, as the SQLite path does.
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import type { WhereMapping } from '../engine/where.ts';
import type { UserSearchInput } from './search.ts';

export const userPrismaMapping: WhereMapping<Prisma.UserWhereInput> = {
  tenant: (organizationIds) => ({ memberships: { some: { organizationId: { in: organizationIds } } } }),
  own: (userId) => ({ id: userId }),
  self: (userId) => ({ id: userId }),
  and: (parts) => ({ AND: parts }),
};

const escapeLike = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`);

function contains(text: string | undefined): { contains: string } | undefined {
  return text === undefined || text === '' ? undefined : { contains: escapeLike(text) };
}

export function userSearchPrismaWhere(ctx: GatehouseContext, who: Principal, input: UserSearchInput): Prisma.UserWhereInput | null {
  const scope = ctx.engine.accessibleWhere(who.actor, 'user.view', userPrismaMapping);
  if (scope.OR.length === 0 || (input.organizationId !== undefined && !who.actor.organizations.has(input.organizationId))) return null;
  const now = ctx.config.now();
  const unlocked: Prisma.UserWhereInput = { OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] };
  const status: Prisma.UserWhereInput | undefined =
    input.status === 'enabled' ? { status: 'ACTIVE', ...unlocked }
    : input.status === 'invited' ? { status: 'INVITED', ...unlocked }
    : input.status === 'disabled' ? { status: 'DISABLED' }
    : input.status === 'locked' ? { status: { not: 'DISABLED' }, lockedUntil: { gt: now } }
    : undefined;
  const membership: Prisma.MembershipWhereInput = {
    ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
    ...(input.role !== undefined ? { OR: [{ roleId: input.role }, { role: { key: input.role } }] } : {}),
  };
  const parts: Prisma.UserWhereInput[] = [scope];
  const username = contains(input.username);
  const firstName = contains(input.firstName);
  const lastName = contains(input.lastName);
  const email = contains(input.email);
  if (username) parts.push({ username });
  if (firstName) parts.push({ firstNameSearch: firstName });
  if (lastName) parts.push({ lastNameSearch: lastName });
  if (email) parts.push({ email });
  if (Object.keys(membership).length > 0) parts.push({ memberships: { some: membership } });
  if (status) parts.push(status);
  return { AND: parts };
}
