// The search's status filter (R-SEARCH-1) as SQL over `"User" u`: what "enabled", "invited",
// "disabled" and "locked" mean in the user list, in one place, so that the page, the capped count
// and both of the text paths (full-text and scan) agree — and so that a change of meaning (for
// example a disabled user whose disabledUntil has passed counting as enabled) is made here alone.
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';
import type { DisplayStatus } from './serialize.ts';

const sql = Prisma.sql;

export function statusClause(provider: GatehouseContext['provider'], status: DisplayStatus | undefined, now: Date): Prisma.Sql | null {
  // Keeps User(status) out of the plan (`+` on SQLite, a cast to text on PostgreSQL): seeking 92 % of
  // the users by status (PostgreSQL: a bitmap of 940 000 rows ANDed with the text index's) costs more
  // than checking the status held in the search index, or on the few rows another index found.
  const column = provider === 'sqlite' ? sql`+u."status"` : sql`u."status"::text`;
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
