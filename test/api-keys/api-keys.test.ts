// R-KEY-1: personal API keys — created with apikey.create, shown once, stored hashed, revocable;
// Bearer authentication needs no CSRF token and still obeys the owner's state (R-SESS-1, R-IP-1).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { member, organization, PASSWORD } from '../auth/helpers.ts';

let t: TestSetup;
let org: string;

before(async () => {
  t = await setup({ signInRateLimit: false });
  org = await organization(t);
});
after(() => t.close());

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function newKey(roleKey = 'standardUser') {
  const user = await member(t, org, roleKey);
  const client = await signIn(t.app, user.email, PASSWORD);
  const created = await client.call('post', '/me/api-keys', { name: 'CI script' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { user, client, key: created.body.key as string, created: created.body };
}

test('R-KEY-1: a key is shown once, stored as a SHA-256 hash with a visible prefix, and lists never show it', async () => {
  const { user, client, key, created } = await newKey();
  assert.match(key, /^gh_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  assert.ok(key.startsWith(created.prefix));
  assert.equal(created.organizationId, org);
  const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(row.hash, createHash('sha256').update(key).digest('hex'));
  const list = await client.call('get', '/me/api-keys');
  assert.equal(list.body.total, 1);
  assert.ok(!JSON.stringify(list.body).includes(key.slice(16)));
  assert.ok(!('hash' in list.body.items[0]) && !('key' in list.body.items[0]));
  const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { actorId: user.id, action: 'apikey.create' } });
  assert.ok(!audit.details.includes(key.slice(16)));
});

test('R-KEY-1: Bearer authenticates REST calls as the owner, without a CSRF token; lastUsedAt is coarse', async () => {
  const { user, key, created } = await newKey();
  const me = await request(t.app).get(`${API}/me`).set(bearer(key));
  assert.equal(me.status, 200);
  assert.equal(me.body.id, user.id);
  const patched = await request(t.app).patch(`${API}/me`).set(bearer(key)).send({ phone: '42' });
  assert.equal(patched.status, 200, 'no CSRF token needed with a key (R-CSRF-1)');
  const firstUse = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
  assert.equal(firstUse?.getTime(), t.clock.now().getTime());
  t.clock.advance(10 * 60_000);
  await request(t.app).get(`${API}/me`).set(bearer(key));
  assert.equal((await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.getTime(), firstUse?.getTime());
  t.clock.advance(60 * 60_000);
  await request(t.app).get(`${API}/me`).set(bearer(key));
  assert.equal((await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.getTime(), t.clock.now().getTime());
  // A key cannot mint more keys.
  const minted = await request(t.app).post(`${API}/me/api-keys`).set(bearer(key)).send({ name: 'more' });
  assert.equal(minted.status, 403);
  assert.equal(minted.body.code, 'SESSION_REQUIRED');
});

test('R-KEY-1: wrong, malformed and revoked keys answer 401 alike; revocation is immediate', async () => {
  const { client, key, created } = await newKey();
  const forged = `${created.prefix}_${'A'.repeat(43)}`;
  for (const candidate of [forged, 'nonsense', '']) {
    const response = await request(t.app).get(`${API}/me`).set('Authorization', `Bearer ${candidate}`);
    assert.equal(response.status, 401, candidate);
    assert.equal(response.body.code, 'INVALID_API_KEY');
  }
  assert.equal((await client.call('delete', `/me/api-keys/${created.id}`)).status, 204);
  const revoked = await request(t.app).get(`${API}/me`).set(bearer(key));
  assert.equal(revoked.status, 401);
  assert.equal(revoked.body.code, 'INVALID_API_KEY');
  assert.ok((await client.call('get', '/me/api-keys')).body.items[0].revokedAt);
});

test("R-KEY-1: another user's key id is not found; the owner's disabled, locked or outside-allowlist state stops the key", async () => {
  const { user, key, created } = await newKey();
  const stranger = await newKey();
  assert.equal((await stranger.client.call('delete', `/me/api-keys/${created.id}`)).status, 404);

  await t.prisma.user.update({ where: { id: user.id }, data: { status: 'DISABLED' } });
  assert.equal((await request(t.app).get(`${API}/me`).set(bearer(key))).status, 403);
  await t.prisma.user.update({ where: { id: user.id }, data: { status: 'ACTIVE', lockedUntil: new Date(t.clock.now().getTime() + 60_000) } });
  assert.equal((await request(t.app).get(`${API}/me`).set(bearer(key))).status, 423);
  await t.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: null, ipAllowlist: JSON.stringify(['10.0.0.0/8']) } });
  const outside = await request(t.app).get(`${API}/me`).set(bearer(key));
  assert.equal(outside.status, 403);
  assert.equal(outside.body.code, 'IP_NOT_ALLOWED');
});

test('R-KEY-1: a role without apikey.create cannot create keys (403 naming the rule, audited)', async () => {
  const user = await member(t, org, 'auditor');
  const client = await signIn(t.app, user.email, PASSWORD);
  const refused = await client.call('post', '/me/api-keys', { name: 'nope' });
  assert.equal(refused.status, 403);
  assert.ok(refused.body.rule);
  assert.equal(await t.prisma.apiKey.count({ where: { userId: user.id } }), 0);
  assert.ok(await t.prisma.auditEvent.findFirst({ where: { actorId: user.id, action: 'apikey.create', outcome: 'DENIED' } }));
  assert.equal((await client.call('post', '/me/api-keys', { name: 'x', extra: 1 })).status, 400);
});
