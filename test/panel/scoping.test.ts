// Scoping of lists and records in the panel (R-TENANT-1): out-of-scope rows are never loaded, a
// direct URL to one finds nothing, and hidden resources or actions are not reachable by URL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestSetup } from '../support/setup.ts';
import { panelPost, type Agent, demo, listIds, offeredActions, panelSetup, runRecordAction, runResourceAction, signInToPanel, userId } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
let north: Agent;
before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
  north = await signInToPanel(t.app, demo.north);
});
after(() => t.close());

test('R-TENANT-1: the compliance officer of the parent lists the users of the sub-organisations too', async () => {
  const list = await owner.get('/admin/api/resources/User/actions/list?perPage=100');
  assert.equal(list.status, 200);
  assert.equal(list.body.meta.total, await t.prisma.user.count());
});

test('R-TENANT-1: a member of Acme North without user.view lists only their own row (R-SELF-2)', async () => {
  const list = await north.get('/admin/api/resources/User/actions/list');
  assert.deepEqual(listIds(list.body), [await userId(t, demo.north)]);
  assert.equal(list.body.meta.total, 1);
});

test('R-TENANT-1: a direct URL to an out-of-scope user answers not found and carries none of its data', async () => {
  const southId = await userId(t, demo.south);
  const show = await north.get(`/admin/api/resources/User/records/${southId}/show`);
  assert.equal(show.body.notice?.type, 'error');
  assert.match(show.body.notice.message, /cannot be found/);
  assert.deepEqual(show.body.record.params, {});
  assert.doesNotMatch(show.text, new RegExp(demo.south.replace(/\./g, '\\.')));
  const lock = await runRecordAction(north, 'User', southId, 'lock');
  assert.match(lock.body.notice.message, /No such user/);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id: southId } })).lockedUntil, null);
});

test('R-TENANT-1: organisations are listed within reach, each showing its parent', async () => {
  const all = await owner.get('/admin/api/resources/Organization/actions/list');
  assert.equal(all.body.meta.total, 3);
  const northOrg = (all.body.records as { params: { name: string; parent?: string; parentId?: string } ; populated: Record<string, unknown> }[]).find((record) => record.params.name === 'Acme North');
  assert.ok(northOrg);
  const parent = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  assert.equal(northOrg.params.parent ?? northOrg.params.parentId, parent.id);
  const fromNorth = await north.get('/admin/api/resources/Organization/actions/list');
  assert.deepEqual((fromNorth.body.records as { params: { name: string } }[]).map((record) => record.params.name), ['Acme North']);
});

test('R-TENANT-1: audit events of organisations out of reach are not listed', async () => {
  const list = await north.get('/admin/api/resources/AuditEvent/actions/list');
  assert.equal(list.body.meta?.total ?? 0, 0);
});

test('R-SECRET-1: the security question is in one\u2019s own record only; hashes never leave', async () => {
  const northId = await userId(t, demo.north);
  await t.prisma.user.update({ where: { id: northId }, data: { securityQuestion: 'First pet?', securityAnswerHash: 'argon2-hash-of-answer' } });
  const own = await north.get(`/admin/api/resources/User/records/${northId}/show`);
  assert.equal(own.body.record.params.securityQuestion, 'First pet?');
  const other = await owner.get(`/admin/api/resources/User/records/${northId}/show`);
  assert.equal(other.body.record.params.securityQuestion, undefined);
  const list = await owner.get('/admin/api/resources/User/actions/list?perPage=100');
  for (const body of [own.text, other.text, list.text]) assert.doesNotMatch(body, /passwordHash|totpSecret|securityAnswerHash|argon2-hash-of-answer|tokenHash/);
});

test('R-PERM-1: hidden built-in writes are refused by direct URL: new, delete and bulk delete never reach the database', async () => {
  const before = await t.prisma.user.count();
  // Organization's "new" is an operation now: AdminJS's own form payload is not its input.
  const created = await panelPost(owner, '/admin/api/resources/Organization/actions/new', { name: 'Sneaky' });
  assert.equal(created.status, 400);
  assert.equal(created.body.notice?.type, 'error');
  const northId = await userId(t, demo.north);
  const deleted = await panelPost(owner, `/admin/api/resources/User/records/${northId}/delete`);
  assert.equal(deleted.body.notice?.type, 'error');
  const bulk = await panelPost(owner, `/admin/api/resources/User/bulk/bulkDelete?recordIds=${northId}`);
  assert.equal(bulk.body.notice?.type, 'error');
  assert.equal(await t.prisma.user.count(), before);
  assert.equal(await t.prisma.organization.count({ where: { name: 'Sneaky' } }), 0);
});

test('R-PERM-1: a hidden resource action (invite) answers forbidden by direct URL for someone without user.invite', async () => {
  const invite = await runResourceAction(north, 'Invitation', 'new', { email: 'x@example.com', 'organizationId|roleId': 'a|b', ipAllowlist: [] });
  assert.equal(invite.body.notice?.type, 'error');
  assert.equal(await t.prisma.invitation.count(), 0);
  assert.ok(!(await offeredActions(north, 'User', await userId(t, demo.north))).includes('lock'));
});

test('the panel API needs a session: signed out it answers 401', async () => {
  const response = await (await import('supertest')).default(t.app).get('/admin/api/resources/User/actions/list');
  assert.equal(response.status, 401);
});
