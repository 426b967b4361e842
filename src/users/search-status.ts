// The search's status filter (R-SEARCH-1) as SQL over `"User" u`: what "enabled", "invited",
// "disabled" and "locked" mean in the user list, in one place, so that the page, the capped count
// and both of the text paths (full-text and scan) agree — and so that a change of meaning (for
// example a disabled user whose disabledUntil has passed counting as enabled) is made here alone.
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';
import type { DisplayStatus } from './serialize.ts';

const sql = Prisma.sql;

export function statusClause(provider: GatehouseContext['provider'], status: DisplayStatus | undefined, now: Date): Prisma.Sql | null {
  // SQLite: `+` keeps User(status) out of the plan, since seeking 92 % of the users by status costs
  // more than checking the status held in the search index, or on the few rows another index found.
  // PostgreSQL weighs that with the column's statistics, which a cast would take away: `status::text`
  // was estimated at 0.5 % of the users whatever its value, so "smy" + enabled (130 000 matches) was
  // planned as a few hundred rows; with the statistics, as about 66 000 (docs/search.md).
  const column = provider === 'sqlite' ? sql`+u."status"` : sql`u."status"`;
  const unlocked = sql`(u."lockedUntil" IS NULL OR u."lockedUntil" <= ${now})`;
  // R-STATE-2: a disable whose end has passed counts as active (src/users/disabled.ts).
  const disabledNow = sql`(${column} = 'DISABLED' AND (u."disabledUntil" IS NULL OR u."disabledUntil" > ${now}))`;
  switch (status) {
    case undefined:
      return null;
    case 'enabled':
      return sql`(${column} = 'ACTIVE' OR (${column} = 'DISABLED' AND u."disabledUntil" <= ${now})) AND ${unlocked}`;
    case 'invited':
      return sql`${column} = 'INVITED' AND ${unlocked}`;
    case 'disabled':
      return disabledNow;
    case 'locked':
      return sql`NOT ${disabledNow} AND u."lockedUntil" > ${now}`;
  }
}
