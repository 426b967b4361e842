// The demo host app: seeded once, panel sign-in through the AdminJS login page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from '../../demo/seed.ts';
import { setup, type TestSetup } from '../support/setup.ts';

let t: TestSetup;
before(async () => {
  t = await setup();
  await seedDemo(t.gatehouse);
});
after(() => t.close());

async function counts() {
  const { prisma } = t;
  return {
    organizations: await prisma.organization.count(),
    users: await prisma.user.count(),
    memberships: await prisma.membership.count(),
    roles: await prisma.role.count(),
    policies: await prisma.permissionPolicy.count(),
  };
}

test('the demo seed creates a parent with two sub-organisations and a user for each role of the preset', async () => {
  const organizations = await t.prisma.organization.findMany({ select: { name: true, parentId: true } });
  assert.equal(organizations.filter((o) => o.parentId === null).length, 1);
  assert.equal(organizations.filter((o) => o.parentId !== null).length, 2);
  const roleKeys = new Set((await t.prisma.membership.findMany({ include: { role: true } })).map((m) => m.role.key));
  for (const role of t.gatehouse.context.preset.roles.filter((r) => !r.custom)) assert.ok(roleKeys.has(role.key), `a demo user holds ${role.key}`);
});

test('the demo seed is idempotent: a second start changes nothing', async () => {
  const before = await counts();
  assert.equal(await seedDemo(t.gatehouse), false);
  assert.deepEqual(await counts(), before);
});

test('a demo user signs in to the panel with e-mail and password and sees the panel', async () => {
  const agent = request.agent(t.app);
  const [account] = demoAccounts(t.gatehouse);
  assert.ok(account);
  const login = await agent.post('/admin/login').type('form').send({ email: account.email, password: DEMO_PASSWORD });
  assert.equal(login.status, 302);
  assert.equal(login.headers.location, '/admin');
  const panel = await agent.get('/admin');
  assert.equal(panel.status, 200);
  assert.match(panel.text, /Acme|Gatehouse|AdminJS/);
  assert.match(panel.text, new RegExp(account.email.replace('.', '\\.')));
});

test('a wrong password does not sign in, and the panel stays closed', async () => {
  const agent = request.agent(t.app);
  const [account] = demoAccounts(t.gatehouse);
  assert.ok(account);
  const login = await agent.post('/admin/login').type('form').send({ email: account.email, password: 'wrong-password' });
  assert.equal(login.status, 401);
  assert.match(login.text, /<html/i);
  const panel = await agent.get('/admin');
  assert.equal(panel.status, 302);
  assert.equal(panel.headers.location, '/admin/login');
});

test('R-SECRET-1: the panel never sends password hashes, TOTP secrets or token hashes', async () => {
  const agent = request.agent(t.app);
  const [account] = demoAccounts(t.gatehouse);
  assert.ok(account);
  await agent.post('/admin/login').type('form').send({ email: account.email, password: DEMO_PASSWORD });
  const list = await agent.get('/admin/api/resources/User/actions/list');
  assert.equal(list.status, 200);
  assert.ok(list.body.records.length > 0);
  const record = list.body.records[0];
  const show = await agent.get(`/admin/api/resources/User/records/${record.id}/show`);
  assert.equal(show.status, 200);
  for (const body of [list.text, show.text]) {
    assert.doesNotMatch(body, /passwordHash|totpSecret|securityAnswerHash|tokenHash|\$argon2/);
  }
});
