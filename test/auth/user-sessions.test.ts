// R-SESS-3: a user's sessions listed (created, last seen, address, user agent, the current one
// marked) and ended — by the user themself, or by an administrator the engine lets act on the
// user's credentials (R-ESC-2). The session id never leaves the server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { auditOf, PASSWORD, world, type World } from '../users/world.ts';

let w: World;
let helpdesk: string;
let viewer: string;
before(async () => {
  w = await world();
  // A role that may end sessions and see users, nothing more: it dominates only those who hold no more.
  const role = (key: string, permissions: readonly string[]) =>
    w.t.prisma.role.create({ data: { key, name: key, organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(permissions) } });
  await role('helpdesk', ['user.view', 'user.manageSessions']);
  await role('viewer', ['user.view']);
  helpdesk = await w.member('helpdesk', [{ organizationId: w.org.acme, roleKey: 'helpdesk' }]);
  viewer = await w.member('viewer', [{ organizationId: w.org.acme, roleKey: 'viewer' }]);
});
after(() => w.close());

/** Signs in with a chosen user agent, as a browser would. */
const signInWith = (username: string, userAgent: string): Promise<ApiClient> => signIn(w.t.app, username, PASSWORD, undefined, { userAgent });

/** The raw session ids (the cookies' secrets) of a user, straight from the store. */
async function sidsOf(userId: string): Promise<string[]> {
  return (await w.t.prisma.session.findMany({ where: { userId }, select: { sid: true } })).map((row) => row.sid);
}

function assertNoSid(body: unknown, sids: readonly string[]): void {
  const text = JSON.stringify(body);
  for (const sid of sids) assert.ok(!text.includes(sid), 'the session id never appears in an answer');
}

test('R-SESS-3: the store fills the session columns: the user, when it opened and was last seen, the address and a bounded user agent', async () => {
  const longAgent = `Mozilla/5.0 ${'x'.repeat(2000)}`;
  const client = await signInWith('auditor', longAgent);
  const rows = await w.t.prisma.session.findMany({ where: { userId: client.userId } });
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.equal(row?.createdAt.getTime(), w.t.clock.now().getTime());
  assert.equal(row?.lastSeenAt?.getTime(), w.t.clock.now().getTime());
  assert.match(row?.ip ?? '', /127\.0\.0\.1|::1/);
  assert.equal(row?.userAgent?.length, 256);
  assert.ok(longAgent.startsWith(row?.userAgent ?? '-'));

  // lastSeenAt follows the idle clock, refreshed at most once a minute.
  w.t.clock.advance(30_000);
  assert.equal((await client.call('get', '/me')).status, 200);
  assert.equal((await w.t.prisma.session.findFirstOrThrow({ where: { userId: client.userId } })).lastSeenAt?.getTime(), row?.lastSeenAt?.getTime());
  w.t.clock.advance(60_000);
  assert.equal((await client.call('get', '/me')).status, 200);
  assert.equal((await w.t.prisma.session.findFirstOrThrow({ where: { userId: client.userId } })).lastSeenAt?.getTime(), w.t.clock.now().getTime());
});

test('R-SESS-3: a sign-in waiting for its second factor has no owner yet', async () => {
  await w.t.prisma.user.update({ where: { id: w.users.billing }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true } });
  try {
    const agent = request.agent(w.t.app);
    const login = await agent.post(`${API}/auth/login`).send({ identifier: 'billing', password: PASSWORD });
    assert.equal(login.body.status, 'second-factor-required');
    const pending = await w.t.prisma.session.findMany({ where: { data: { contains: 'pendingSignIn' } } });
    assert.ok(pending.length >= 1);
    assert.ok(pending.every((row) => row.userId === null));
    assert.equal((await agent.get(`${API}/me/sessions`)).status, 401);
  } finally {
    await w.t.prisma.user.update({ where: { id: w.users.billing }, data: { mfaMethod: 'NONE', mfaEnrolled: false } });
  }
});

test('R-SESS-3, R-SELF-2: a user lists their sessions with the current one marked, never a session id', async () => {
  const laptop = await signInWith('standard', 'Laptop Browser');
  const phone = await signInWith('standard', 'Phone Browser');
  const listed = await laptop.call('get', '/me/sessions');
  assert.equal(listed.status, 200);
  const items = listed.body.items as { id: string; current: boolean; userAgent: string; createdAt: string; lastSeenAt: string; ip: string }[];
  assert.ok(items.length >= 2);
  const current = items.filter((item) => item.current);
  assert.equal(current.length, 1);
  assert.equal(current[0]?.userAgent, 'Laptop Browser');
  assert.ok(items.some((item) => !item.current && item.userAgent === 'Phone Browser'));
  for (const item of items) {
    assert.match(item.id, /^[0-9a-f]{32}$/);
    assert.ok(!Number.isNaN(Date.parse(item.createdAt)));
    assert.equal(typeof item.ip, 'string');
  }
  assertNoSid(listed.body, await sidsOf(w.users.standard));
  // The other device sees itself as current.
  const fromPhone = (await phone.call('get', '/me/sessions')).body.items as { current: boolean; userAgent: string }[];
  assert.equal(fromPhone.find((item) => item.current)?.userAgent, 'Phone Browser');
});

test('R-SESS-3: ending one of one\'s sessions takes effect at its next request; the one in use is not ended by id; a bad id is a 400', async () => {
  const keep = await signInWith('advanced', 'Keeper');
  const gone = await signInWith('advanced', 'Goner');
  const items = (await keep.call('get', '/me/sessions')).body.items as { id: string; current: boolean; userAgent: string }[];
  const goner = items.find((item) => item.userAgent === 'Goner');
  const mine = items.find((item) => item.current);
  assert.ok(goner && mine);

  const self = await keep.call('post', '/me/sessions/end', { session: mine.id });
  assert.equal(self.status, 409);
  assert.equal(self.headers['content-type'], 'application/problem+json; charset=utf-8');
  for (const bad of [{ session: 'not-an-id' }, { session: mine.id, extra: 1 }, {}]) {
    const refused = await keep.call('post', '/me/sessions/end', bad);
    assert.equal(refused.status, 400, JSON.stringify(bad));
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await keep.call('post', '/me/sessions/end', { session: 'f'.repeat(32) })).status, 404);
  assert.equal((await gone.call('get', '/me')).status, 200, 'nothing ended by the refusals');

  const before = (await auditOf(w.t, w.users.advanced)).length;
  const ended = await keep.call('post', '/me/sessions/end', { session: goner.id });
  assert.equal(ended.status, 200);
  assert.deepEqual(ended.body, { ended: 1 });
  const refused = await gone.call('get', '/me');
  assert.equal(refused.status, 401);
  assert.equal((await keep.call('get', '/me')).status, 200);
  const event = (await auditOf(w.t, w.users.advanced)).slice(before).find((row) => row.action === 'user.endSessions');
  assert.equal(event?.actorId, w.users.advanced);
  assert.equal(event?.outcome, 'ALLOWED');
  assert.equal(JSON.parse(event?.details ?? '{}').ended, 1);
});

test('R-SESS-3: "end my other sessions" keeps the one in use and ends the rest', async () => {
  const keep = await signInWith('auditor', 'Keeper');
  const others = [await signInWith('auditor', 'Other 1'), await signInWith('auditor', 'Other 2')];
  for (const other of others) assert.equal((await other.call('get', '/me')).status, 200);
  const ended = await keep.call('post', '/me/sessions/end-others');
  assert.equal(ended.status, 200);
  assert.ok(ended.body.ended >= 2);
  for (const other of others) assert.equal((await other.call('get', '/me')).status, 401);
  assert.equal((await keep.call('get', '/me')).status, 200);
  const left = (await keep.call('get', '/me/sessions')).body.items as { current: boolean }[];
  assert.deepEqual(left.map((item) => item.current), [true]);
});

test('R-SESS-3, R-ESC-2: an administrator lists and ends the sessions of a user they dominate', async () => {
  const victim = await signInWith('viewer', 'Viewer Browser');
  const admin = await signIn(w.t.app, 'helpdesk', PASSWORD);
  const listed = await admin.call('get', `/users/${viewer}/sessions`);
  assert.equal(listed.status, 200);
  const items = listed.body.items as { id: string; current: boolean; userAgent: string }[];
  assert.ok(items.some((item) => item.userAgent === 'Viewer Browser'));
  assert.ok(items.every((item) => !item.current), "none of them is the administrator's");
  assertNoSid(listed.body, await sidsOf(viewer));

  const one = await admin.call('post', `/users/${viewer}/sessions/end`, { session: items[0]?.id });
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, { ended: 1 });
  assert.equal((await victim.call('get', '/me')).status, 401);

  const again = [await signInWith('viewer', 'A'), await signInWith('viewer', 'B')];
  const before = (await auditOf(w.t, viewer)).length;
  const all = await admin.call('post', `/users/${viewer}/sessions/end`, {});
  assert.equal(all.status, 200);
  assert.equal(all.body.ended, 2);
  for (const client of again) assert.equal((await client.call('get', '/me')).status, 401);
  const event = (await auditOf(w.t, viewer)).slice(before).find((row) => row.action === 'user.endSessions');
  assert.equal(event?.actorId, helpdesk);
  assert.equal(event?.targetId, viewer);
  assert.equal(JSON.parse(event?.details ?? '{}').ended, 2);
  assert.equal((await admin.call('get', '/me')).status, 200);
});

test('R-SESS-3, R-ESC-2, R-OWNER-1: ending the sessions of someone not dominated, or of the owner, is refused with 403 and ends nothing', async () => {
  const standard = await signInWith('standard', 'Standard Browser');
  const owner = await signInWith('owner', 'Owner Browser');
  const admin = await signIn(w.t.app, 'helpdesk', PASSWORD);
  for (const [target, rule] of [
    [w.users.standard, 'R-ESC-2'],
    [w.users.owner, 'R-OWNER-1'],
  ] as const) {
    for (const answer of [await admin.call('get', `/users/${target}/sessions`), await admin.call('post', `/users/${target}/sessions/end`, {})]) {
      assert.equal(answer.status, 403);
      assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(answer.body.rule, rule);
    }
  }
  assert.equal((await standard.call('get', '/me')).status, 200);
  assert.equal((await owner.call('get', '/me')).status, 200);
  const denied = await w.t.prisma.auditEvent.findFirst({ where: { actorId: helpdesk, targetId: w.users.standard, outcome: 'DENIED', rule: 'R-ESC-2' } });
  assert.ok(denied, 'the refusal is audited (R-AUDIT-1)');
  // Outside the administrator's organisations: not found (R-TENANT-1).
  assert.equal((await admin.call('get', `/users/${w.users.stranger}/sessions`)).status, 404);
  // Without the permission at all: R-PERM-1.
  const plain = await signIn(w.t.app, 'viewer', PASSWORD);
  assert.equal((await plain.call('post', `/users/${helpdesk}/sessions/end`, {})).body.rule, 'R-PERM-1');
});

test('R-SESS-3: an unknown session id is a 404 and ends nothing', async () => {
  const victim = await signInWith('viewer', 'Viewer Browser');
  const admin = await signIn(w.t.app, 'helpdesk', PASSWORD);
  const unknown = await admin.call('post', `/users/${viewer}/sessions/end`, { session: '0'.repeat(32) });
  assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
  assert.equal(unknown.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal((await admin.call('post', `/users/${viewer}/sessions/end`, { session: 'zz' })).status, 400);
  assert.equal((await victim.call('get', '/me')).status, 200);
});

test('R-SESS-3: timed-out sessions are not listed as open', async () => {
  const stale = await signInWith('billing', 'Stale');
  w.t.clock.advance(31 * 60_000);
  const fresh = await signInWith('billing', 'Fresh');
  const items = (await fresh.call('get', '/me/sessions')).body.items as { userAgent: string }[];
  assert.deepEqual(items.map((item) => item.userAgent), ['Fresh']);
  assert.equal((await stale.call('get', '/me')).status, 401);
});
