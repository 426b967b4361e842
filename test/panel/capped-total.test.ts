// R-SEARCH-2 in the panel: a capped total is said in words ("1 000+"), and the pages stay within
// the rows the count saw; an exact total, the cap itself included, is left as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionResponse } from 'adminjs';
import { cappedTotalNotice } from '../../plugin/resources/capped-total.ts';
import { TOTAL_CAP } from '../../src/users/search.ts';

const listed = (total: number): ActionResponse => ({ meta: { total, perPage: 10, page: 1 }, records: [] });

test('R-SEARCH-2: the user list says "1 000+" in words when the search capped its total', () => {
  const capped = cappedTotalNotice(listed(TOTAL_CAP + 1)) as ActionResponse & { meta: { total: number } };
  assert.equal(capped.meta.total, TOTAL_CAP);
  assert.equal(capped.notice?.type, 'info');
  assert.match(String(capped.notice?.message), /^1 000\+ users match\. The pages show the first 1 000: narrow the search/);
});

test('R-SEARCH-2: an exact total, up to the cap, is shown as it is and without a notice', () => {
  for (const total of [0, 7, TOTAL_CAP]) {
    const answer = cappedTotalNotice(listed(total)) as ActionResponse & { meta: { total: number } };
    assert.equal(answer.meta.total, total);
    assert.equal(answer.notice, undefined);
  }
});
