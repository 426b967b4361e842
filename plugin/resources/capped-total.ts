// The user list's total when the search capped it (R-SEARCH-2): AdminJS shows pages from a number,
// so the panel pages through the first TOTAL_CAP matches and says in words that more match, rather
// than show page numbers that pretend to be the whole list.
import type { ActionResponse } from 'adminjs';
import { TOTAL_CAP } from '../../src/users/search.ts';

/** "1 000", as the panel writes numbers. */
export const capInWords = TOTAL_CAP.toLocaleString('en-GB').replace(/,/g, ' ');

export function cappedTotalNotice(response: ActionResponse): ActionResponse {
  const meta = (response as { meta?: { total?: number } }).meta;
  // ScopedResource.count answers one past the cap for a capped total.
  if (meta?.total === undefined || meta.total <= TOTAL_CAP) return response;
  return {
    ...response,
    meta: { ...meta, total: TOTAL_CAP },
    notice: { message: `${capInWords}+ users match. The pages show the first ${capInWords}: narrow the search to find the others.`, type: 'info' },
  };
}
