// R-STATE-2: disable with a reason and an optional end. The reason is the administrators' (and the
// audit trail's), never the user's; from the end on the account counts as enabled, by the clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, signIn } from '../support/agent.ts';
import type { Principal } from '../../src/authz/principal.ts';
import { serializeUser } from '../../src/users/serialize.ts';
import { readSerializableUser } from '../../src/users/user-row.ts';
import { auditOf, PASSWORD, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const inMinutes = (minutes: number): string => new Date(w.t.clock.now().getTime() + minutes * 60_000).toISOString();
const PROBLEM = 'application/problem+json; charset=utf-8';

test('R-STATE-2: a disable with a reason and an end: administrators see both, the audit trail keeps them', async () => {
  const co = await w.as('owner');
  const until = inMinutes(60);
  const before = (await auditOf(w.t, w.users.standard)).length;
  const disabled = await co.call('post', `/users/${w.users.standard}/disable`, { reason: '  Left laptop unlocked  ', until });
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
  assert.equal(disabled.body.status, 'DISABLED');
  assert.equal(disabled.body.displayStatus, 'disabled');
  assert.equal(disabled.body.disabledReason, 'Left laptop unlocked', 'trimmed');
  assert.equal(disabled.body.disabledUntil, until);
  const shown = await co.call('get', `/users/${w.users.standard}`);
  assert.equal(shown.body.disabledReason, 'Left laptop unlocked');
  assert.equal(shown.body.disabledUntil, until);
  const event = (await auditOf(w.t, w.users.standard)).slice(before).find((row) => row.action === 'user.disable');
  assert.deepEqual(JSON.parse(event?.details ?? '{}'), { transition: 'disable', reason: 'Left laptop unlocked', until });
  await co.call('post', `/users/${w.users.standard}/enable`);
});

test('R-STATE-2: the reason is never shown to the user themself: not in GET /me, not in their own record, not at sign-in', async () => {
  const co = await w.as('owner');
  const self = await w.as('auditor');
  const until = inMinutes(30);
  // Disabled, the user can reach nothing; the profile reads are checked while they are enabled again by the clock.
  assert.equal((await co.call('post', `/users/${w.users.auditor}/disable`, { reason: 'Secret investigation', until })).status, 200);
  assert.equal((await self.call('get', '/me')).status, 401, 'the open session ends (R-SESS-1)');
  const refused = await request(w.t.app).post(`${API}/auth/login`).send({ identifier: 'auditor', password: PASSWORD });
  assert.equal(refused.status, 401);
  assert.ok(!JSON.stringify(refused.body).includes('Secret investigation'));
  const wrongPassword = await request(w.t.app).post(`${API}/auth/login`).send({ identifier: 'auditor', password: 'Wrong-Pass-1!' });
  assert.deepEqual({ ...refused.body, instance: undefined }, { ...wrongPassword.body, instance: undefined }, 'the same answer as a wrong password');

  // The reason stays stored; the user, signed in again once the end has passed, does not receive it.
  w.t.clock.advance(31 * 60_000);
  const back = await signIn(w.t.app, 'auditor', PASSWORD);
  for (const path of ['/me', `/users/${w.users.auditor}`]) {
    const answer = await back.call('get', path);
    assert.equal(answer.status, 200);
    assert.ok(!JSON.stringify(answer.body).includes('Secret investigation'), path);
    assert.equal(answer.body.disabledReason, undefined, path);
  }
});

test('R-STATE-2: while the disable lasts, the serializer gives the reason to an administrator and never to the user themself', async () => {
  const co = await w.as('owner');
  assert.equal((await co.call('post', `/users/${w.users.auditor}/disable`, { reason: 'Under review' })).status, 200);
  const row = await readSerializableUser(w.t.gatehouse.context.reads, w.users.auditor);
  assert.ok(row);
  // The user cannot sign in while disabled, so their own view is asked of the serializer directly.
  const own = serializeUser(row, { userId: w.users.auditor } as unknown as Principal, w.t.clock.now());
  assert.equal(own.status, 'DISABLED');
  assert.ok(!('disabledReason' in own));
  assert.ok(!JSON.stringify(own).includes('Under review'));
  assert.equal((await co.call('get', `/users/${w.users.auditor}`)).body.disabledReason, 'Under review');
  assert.equal((await co.call('post', `/users/${w.users.auditor}/enable`)).status, 200);
});

test('R-STATE-2: once the clock passes the end the account is enabled again without anyone acting: sign-in, sessions, the user list', async () => {
  const co = await w.as('owner');
  const until = inMinutes(10);
  assert.equal((await co.call('post', `/users/${w.users.billing}/disable`, { until })).status, 200);
  await assert.rejects(signIn(w.t.app, 'billing', PASSWORD));
  const disabledIds = async (status: string) => ((await co.call('get', `/users?status=${status}`)).body.items as { id: string }[]).map((user) => user.id);
  assert.ok((await disabledIds('disabled')).includes(w.users.billing));
  assert.ok(!(await disabledIds('enabled')).includes(w.users.billing));

  w.t.clock.advance(10 * 60_000 + 1);
  const session = await signIn(w.t.app, 'billing', PASSWORD);
  assert.equal((await session.call('get', '/me')).status, 200);
  assert.equal((await session.call('get', '/me')).body.status, 'ACTIVE');
  const shown = await co.call('get', `/users/${w.users.billing}`);
  assert.equal(shown.body.status, 'ACTIVE');
  assert.equal(shown.body.displayStatus, 'enabled');
  assert.equal(shown.body.disabledUntil, null);
  assert.ok(!(await disabledIds('disabled')).includes(w.users.billing));
  assert.ok((await disabledIds('enabled')).includes(w.users.billing));
  // Nothing is left to enable; disabling again works (a new disable).
  assert.equal((await co.call('post', `/users/${w.users.billing}/enable`)).status, 409);
  assert.equal((await co.call('post', `/users/${w.users.billing}/disable`)).status, 200);
  assert.equal((await session.call('get', '/me')).status, 401, 'the new disable has no end: the session ends');
  await co.call('post', `/users/${w.users.billing}/enable`);
});

test('R-STATE-2, R-SESS-1: a session that would have lasted is refused while disabled; an API key works again after the end', async () => {
  const co = await w.as('owner');
  const user = await w.as('advanced');
  const key = await user.call('post', '/me/api-keys', { name: 'Nightly' });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const bearer = (path: string) => request(w.t.app).get(`${API}${path}`).set('authorization', `Bearer ${key.body.key}`);
  assert.equal((await co.call('post', `/users/${w.users.advanced}/disable`, { until: inMinutes(5) })).status, 200);
  assert.equal((await bearer('/me')).status, 403);
  assert.equal((await user.call('get', '/me')).status, 401);
  w.t.clock.advance(5 * 60_000 + 1);
  assert.equal((await bearer('/me')).status, 200);
  await w.t.prisma.user.update({ where: { id: w.users.advanced }, data: { status: 'ACTIVE', disabledUntil: null } });
});

test('R-STATE-2, R-INPUT-1: an end in the past or now, a bad date or an overlong reason is a 400 problem and changes nothing', async () => {
  const co = await w.as('owner');
  const before = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } });
  const events = (await auditOf(w.t, w.users.standard)).length;
  for (const body of [
    { until: inMinutes(-1) },
    { until: w.t.clock.now().toISOString() },
    { until: 'tomorrow' },
    { until: '2026-12-24T09:00:00' },
    { reason: 'x'.repeat(501) },
    { reason: 42 },
    { reason: 'ok', extra: true },
  ]) {
    const answer = await co.call('post', `/users/${w.users.standard}/disable`, body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.headers['content-type'], PROBLEM);
    assert.equal(answer.body.code, 'INVALID_INPUT');
  }
  const after = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } });
  assert.deepEqual([after.status, after.disabledReason, after.disabledUntil, after.accessVersion], [before.status, before.disabledReason, before.disabledUntil, before.accessVersion]);
  assert.equal((await auditOf(w.t, w.users.standard)).length, events);
});

test('R-STATE-2: enabling clears the reason and the end; a disable without them still lasts until someone enables', async () => {
  const co = await w.as('owner');
  assert.equal((await co.call('post', `/users/${w.users.standard}/disable`, { reason: 'Audit', until: inMinutes(60 * 24) })).status, 200);
  const enabled = await co.call('post', `/users/${w.users.standard}/enable`);
  assert.equal(enabled.status, 200);
  assert.equal(enabled.body.status, 'ACTIVE');
  const row = await w.t.prisma.user.findUniqueOrThrow({ where: { id: w.users.standard } });
  assert.deepEqual([row.disabledReason, row.disabledUntil], [null, null]);

  const plain = await co.call('post', `/users/${w.users.standard}/disable`, { reason: '' });
  assert.equal(plain.status, 200);
  assert.equal(plain.body.disabledReason, null, 'an empty reason is none');
  assert.equal(plain.body.disabledUntil, null);
  w.t.clock.advance(365 * 24 * 60 * 60_000);
  await assert.rejects(signIn(w.t.app, 'standard', PASSWORD));
  assert.equal((await (await w.as('owner')).call('post', `/users/${w.users.standard}/enable`)).status, 200);
});
