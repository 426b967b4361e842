// The user tests' world (world.ts) with 1 100 more members of Acme North, so that a search can
// match more than the count's cap (R-SEARCH-2), names that hold LIKE's and FTS5's special
// characters, and look-alikes in Other Corp that no Acme officer may ever see (R-TENANT-1). With an
// oracle: what a search must answer, computed in JavaScript from every user and membership.
import type { Principal } from '../../src/authz/principal.ts';
import { principalFor } from '../../src/authz/principal-loader.ts';
import { builtinRoleId } from '../../src/roles/sync-preset.ts';
import type { UserSearchInput } from '../../src/users/search.ts';
import { world, type UserKey, type World } from './world.ts';

export const BULK = 1100;
const LOCKED_UNTIL = new Date('2099-01-01T00:00:00Z');
/** Any clock the tests run with is before this: a lock until LOCKED_UNTIL is a lock now. */
const LOCKED_UNTIL_BEFORE = new Date('2098-01-01T00:00:00Z');
const FIRST = ['Anna', 'Bob', 'Zoë', 'Émile', 'Chloé'];
/** Every seventh is a Smythe; some hold `"`, `%` and `_`, and a look-alike of each with a plain letter. */
function lastNameOf(index: number): string {
  if (index % 7 === 0) return 'Smythe';
  const special = ['O"Brien', 'Ab%cd', 'Ab_cd', 'Abxcd'][index % 50];
  return special ?? ['Brown', 'Green', 'Smith', 'Black', 'Ünder'][index % 5] ?? 'Brown';
}

async function bulkMembers(w: World, prefix: string, organizationId: string, count: number): Promise<void> {
  const users = Array.from({ length: count }, (_, index) => {
    const firstName = FIRST[index % FIRST.length] ?? 'Anna';
    const lastName = lastNameOf(index);
    return {
      id: `${prefix}${String(index).padStart(5, '0')}`,
      username: `${prefix}_${index}`,
      email: `${prefix}${index}@${prefix}.test`,
      firstName,
      lastName,
      firstNameSearch: firstName.toLowerCase(),
      lastNameSearch: lastName.toLowerCase(),
      status: index % 10 === 9 ? ('DISABLED' as const) : ('ACTIVE' as const),
      // About one in a dozen is locked (a few of them disabled as well, which the list calls disabled).
      lockedUntil: index % 12 === 5 ? LOCKED_UNTIL : null,
    };
  });
  await w.t.prisma.user.createMany({ data: users });
  await w.t.prisma.membership.createMany({ data: users.map((user) => ({ userId: user.id, organizationId, roleId: builtinRoleId('standardUser') })) });
}

export interface SearchWorld {
  readonly w: World;
  principal(user: UserKey): Promise<Principal>;
  /** The ids a search over everyone must find for this actor, sorted by id. */
  expected(user: UserKey, input: UserSearchInput): Promise<string[]>;
}

export async function searchWorld(): Promise<SearchWorld> {
  const w = await world();
  await bulkMembers(w, 'bulk', w.org.north, BULK);
  await bulkMembers(w, 'outsider', w.org.other, 60);
  const ctx = w.t.gatehouse.context;
  const principal = async (user: UserKey) => {
    const row = await ctx.prisma.user.findUniqueOrThrow({ where: { id: w.users[user] } });
    return principalFor(ctx, row.id, row.accessVersion, '127.0.0.1', 'session');
  };
  const expected = async (user: UserKey, input: UserSearchInput) => {
    const who = await principal(user);
    const reach = new Set(who.actor.organizations.keys());
    const all = await ctx.prisma.user.findMany({ include: { memberships: true } });
    const has = (value: string, text: string | undefined) => text === undefined || value.toLowerCase().includes(text.toLowerCase());
    return all
      .filter((row) => row.memberships.some((membership) => reach.has(membership.organizationId)))
      .filter((row) => has(row.username, input.username) && has(row.email, input.email) && has(row.firstName, input.firstName) && has(row.lastName, input.lastName))
      .filter(
        (row) =>
          input.status === undefined ||
          (input.status === 'enabled' && row.status === 'ACTIVE' && row.lockedUntil === null) ||
          (input.status === 'disabled' && row.status === 'DISABLED') ||
          (input.status === 'locked' && row.status !== 'DISABLED' && row.lockedUntil !== null && row.lockedUntil > LOCKED_UNTIL_BEFORE),
      )
      .map((row) => row.id)
      .sort();
  };
  return { w, principal, expected };
}
