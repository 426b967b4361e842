// Seed 001's account switcher: a user linked to several accounts works in one at a time. The
// header lists their accounts with the role held in each; choosing one limits what the panel lists
// and decides to that account (the REST API is not narrowed), and only one's own accounts can be chosen.
import assert from 'node:assert/strict';
import { after, before, mock, test } from 'node:test';
import { GatehouseSessionStore } from '../../src/auth/session-store.ts';
import { createMember } from '../../src/setup/bootstrap.ts';
import { type Agent, listIds, panelCsrf, signInToPanel } from './helpers.ts';
import { world, type World } from '../users/world.ts';

let w: World;
let agent: Agent;
let twoHats: string;
before(async () => {
  w = await world();
  twoHats = (
    await createMember(
      w.t.gatehouse.context,
      { email: 'twohats@example.test', username: 'twohats', firstName: 'Tess', lastName: 'Twohats', password: 'Correct-Horse-9' },
      [
        { organizationId: w.org.south, roleKey: 'complianceOfficer' },
        { organizationId: w.org.other, roleKey: 'advancedUser' },
      ],
    )
  ).id;
  agent = await signInToPanel(w.t.app, 'twohats@example.test', 'Correct-Horse-9');
});
after(() => w.close());

const list = async (resource: string) => {
  const answer = await agent.get(`/admin/api/resources/${resource}/actions/list`).query({ perPage: 100 });
  assert.equal(answer.status, 200);
  return listIds(answer.body).sort();
};

async function pageSession(): Promise<{ accounts: { id: string; name: string; role: string }[]; account: string | null }> {
  const page = await agent.get('/admin');
  const state = JSON.parse(/window\.REDUX_STATE = (\{.*?\});?\s*\n/s.exec(page.text)?.[1] ?? '{}') as { session: { accounts: { id: string; name: string; role: string }[]; account: string | null } };
  return state.session;
}

const choose = async (organizationId: string | null) => agent.post('/admin/account').set('x-csrf-token', await panelCsrf(agent)).send({ organizationId });

test('R-TENANT-1 (seed 001): the header lists the user\'s accounts with the role held in each, none chosen at first', async () => {
  const session = await pageSession();
  assert.deepEqual(
    session.accounts.map((account) => [account.name, account.role]),
    [
      ['Acme South', 'Compliance Officer'],
      ['Other Corp', 'Advanced User'],
    ],
  );
  assert.equal(session.account, null);
  assert.deepEqual(await list('Organization'), [w.org.other, w.org.south].sort());
  assert.deepEqual(await list('User'), [w.users.billing, twoHats].sort());
});

test('R-TENANT-1 (seed 001): choosing an account limits the lists to it, and "all" widens them again', async () => {
  assert.equal((await choose(w.org.other)).status, 200);
  assert.equal((await pageSession()).account, w.org.other);
  assert.deepEqual(await list('Organization'), [w.org.other]);
  // An Advanced User there does not see the other members: only their own record (R-SELF-2).
  assert.deepEqual(await list('User'), [twoHats]);
  // What the Compliance Officer sees of South's members is out of reach while working in Other.
  const billing = await agent.get(`/admin/api/resources/User/records/${w.users.billing}/show`);
  assert.equal(billing.body.record?.baseError?.type, 'NotFoundError');

  assert.equal((await choose(w.org.south)).status, 200);
  assert.deepEqual(await list('Organization'), [w.org.south]);
  assert.deepEqual(await list('User'), [w.users.billing, twoHats].sort());

  assert.equal((await choose(null)).status, 200);
  assert.equal((await pageSession()).account, null);
  assert.deepEqual(await list('Organization'), [w.org.other, w.org.south].sort());
});

test('R-TENANT-1: an account the user does not belong to cannot be chosen (400), and nothing changes', async () => {
  assert.equal((await choose(w.org.south)).status, 200);
  const refused = await choose(w.org.acme);
  assert.equal(refused.status, 400);
  assert.match(refused.headers['content-type'] ?? '', /application\/problem\+json/);
  assert.match(refused.body.detail, /do not belong to that account/);
  assert.equal((await pageSession()).account, w.org.south);
  await choose(null);
});

test('bad input: the switcher answers a malformed or ill-shaped body with 400, and a change without the CSRF token with 403 (R-CSRF-2)', async () => {
  const token = await panelCsrf(agent);
  assert.equal((await agent.post('/admin/account').set('x-csrf-token', token).set('content-type', 'application/json').send('{"organizationId":')).status, 400);
  assert.equal((await agent.post('/admin/account').set('x-csrf-token', token).send({ organizationId: 7 })).status, 400);
  assert.equal((await agent.post('/admin/account').set('x-csrf-token', token).send({ organizationId: w.org.south, extra: true })).status, 400);
  const forged = await agent.post('/admin/account').send({ organizationId: w.org.south });
  assert.equal(forged.status, 403);
  assert.equal((await pageSession()).account, null);
});

test('R-EXP-1 (seed 001): an account whose membership has ended is neither listed nor chosen', async () => {
  const ctx = w.t.gatehouse.context;
  const ended = new Date(ctx.config.now().getTime() - 60_000);
  const where = { userId_organizationId: { userId: twoHats, organizationId: w.org.other } };
  await w.t.prisma.membership.update({ where, data: { expiresAt: ended } });
  try {
    assert.deepEqual(
      (await pageSession()).accounts.map((account) => account.name),
      ['Acme South'],
    );
    const refused = await choose(w.org.other);
    assert.equal(refused.status, 400);
    assert.equal((await pageSession()).account, null);
  } finally {
    await w.t.prisma.membership.update({ where, data: { expiresAt: null } });
  }
});

test('R-SESS-1 (seed 001): the once-a-minute "last seen" refresh writes that field alone, so it cannot undo an account chosen by a request of the same session meanwhile', async () => {
  assert.equal((await choose(w.org.other)).status, 200);
  w.t.clock.advance(2 * 60_000);
  // A request that changes nothing but when the session was last seen: had it saved the whole
  // record it loaded, a choice saved by another request in between would be lost.
  const wholeWrites = mock.method(GatehouseSessionStore.prototype, 'write');
  try {
    assert.equal((await agent.get('/admin/api/v1/me')).status, 200);
    assert.equal(wholeWrites.mock.callCount(), 0, 'no request saved the whole session record');
  } finally {
    wholeWrites.mock.restore();
  }
  const row = await w.t.prisma.session.findFirstOrThrow({ where: { userId: twoHats } });
  assert.equal(row.lastSeenAt?.getTime(), w.t.clock.now().getTime());
  assert.equal((JSON.parse(row.data) as { lastSeenAt: number }).lastSeenAt, w.t.clock.now().getTime());
  assert.equal((await pageSession()).account, w.org.other);
  await choose(null);
});
