// GET /audit-events: filtered, paged, and only the trail of organisations where the actor holds audit.view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { world, type World } from '../users/world.ts';

let w: World;
before(async () => {
  w = await world();
  const co = await w.as('owner');
  await co.call('post', `/users/${w.users.standard}/lock`);
  await co.call('post', `/users/${w.users.standard}/unlock`);
  await co.call('post', `/users/${w.users.stranger}/lock`); // denied: R-TENANT-1
  await (await w.as('otherCo')).call('post', `/users/${w.users.stranger}/disable`);
  await (await w.as('northCo')).call('post', `/users/${w.users.northCo}/lock`); // denied: R-SELF-1
});
after(() => w.close());

type Event = { action: string; outcome: string; rule: string | null; organizationId: string | null; actorId: string; targetId: string; details: unknown };

test('R-AUDIT-1 / R-TENANT-1: an officer reads the trail of their organisations only, newest first', async () => {
  const answer = await (await w.as('owner')).call('get', '/audit-events?pageSize=100');
  assert.equal(answer.status, 200);
  const items = answer.body.items as Event[];
  assert.ok(items.length >= 3);
  assert.ok(items.every((item) => [w.org.acme, w.org.north, w.org.south].includes(item.organizationId ?? '')));
  assert.ok(!items.some((item) => item.organizationId === w.org.other), 'Other Corp\'s events are not shown');
  assert.equal(answer.body.total, items.length);
});

test('filters: actor, target, action, outcome, time range; paging', async () => {
  const co = await w.as('owner');
  const byTarget = await co.call('get', `/audit-events?targetId=${w.users.standard}&action=user.lock&outcome=ALLOWED`);
  assert.equal(byTarget.body.total, 2);
  assert.deepEqual((byTarget.body.items as Event[]).map((item) => (item.details as { transition: string }).transition).sort(), ['lock', 'unlock']);
  const denied = await co.call('get', `/audit-events?outcome=DENIED&actorId=${w.users.northCo}`);
  assert.equal(denied.body.total, 1);
  assert.equal(denied.body.items[0].rule, 'R-SELF-1');
  const now = w.t.clock.now().toISOString();
  assert.equal((await co.call('get', `/audit-events?to=${encodeURIComponent(now)}`)).body.total, 0);
  assert.ok((await co.call('get', `/audit-events?from=${encodeURIComponent(now)}`)).body.total >= 3);
  const paged = await co.call('get', '/audit-events?pageSize=1&page=2');
  assert.equal(paged.body.items.length, 1);
  assert.equal(paged.body.page, 2);
});

test('R-TENANT-1: naming another account\'s organisation is 404; R-PERM-1: no audit.view is 403 for a named organisation and empty otherwise', async () => {
  const co = await w.as('owner');
  assert.equal((await co.call('get', `/audit-events?organizationId=${w.org.other}`)).status, 404);
  const standard = await w.as('standard');
  assert.equal((await standard.call('get', `/audit-events?organizationId=${w.org.acme}`)).status, 403);
  assert.equal((await standard.call('get', '/audit-events')).body.total, 0);
  const other = await (await w.as('otherCo')).call('get', '/audit-events');
  assert.ok((other.body.items as Event[]).every((item) => item.organizationId === w.org.other));
});

test('bad input is 400: unknown filter, bad outcome, bad date, reversed range, pageSize over 100', async () => {
  const co = await w.as('owner');
  for (const query of ['foo=1', 'outcome=MAYBE', 'from=yesterday', 'from=2030-01-01&to=2020-01-01', 'pageSize=101']) {
    assert.equal((await co.call('get', `/audit-events?${query}`)).status, 400, query);
  }
});

test('R-SECRET-1: no secret reaches the trail', async () => {
  const co = await w.as('owner');
  await co.call('put', `/users/${w.users.auditor}/password`, { password: 'Trail-Secret-99!' });
  const answer = await co.call('get', '/audit-events?pageSize=100');
  assert.doesNotMatch(answer.text, /Trail-Secret|argon2/);
});
