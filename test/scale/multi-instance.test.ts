// Scale-out: three Gatehouse app instances on three loopback ports share one database (a
// PostgreSQL schema with TEST_DATABASE_URL, else one SQLite file) and one session store, behind a
// round-robin proxy, as instances behind a load balancer would. Whatever one does, the others
// enforce on the next request: sessions and their revocation, locks and lockout counts, unique
// roles, policy edits and rate limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { API } from '../support/agent.ts';
import { type Browser, type Cluster, CLUSTER_PASSWORD, type Instance, startCluster } from '../support/cluster.ts';

/** The i-th instance, and the instance request i goes to when requests are spread over all of them. */
const nth = (c: Cluster, i: number) => c.instances[i % c.instances.length] as Instance;

describe('three instances behind a round-robin proxy, one database (seed 002)', () => {
  let c: Cluster;
  let root: string;
  let officer: Browser;
  const a = () => nth(c, 0);
  const b = () => nth(c, 1);
  const third = () => nth(c, 2);
  const url = (i: number) => nth(c, i).url;
  before(async () => {
    c = await startCluster({ instances: 3, preset: 'seed002' });
    root = await c.organization('Scale Root');
    await c.member('officer', root, 'complianceOfficer', true);
    officer = await c.signIn(c.proxy.url, 'officer');
  });
  after(() => c.close());

  test('R-SESS-1: a session created through one instance is valid on the other', async () => {
    const me = await officer.call(b().url, 'get', '/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.id ?? me.body.user?.id ?? officer.userId, officer.userId);
  });

  test('R-SESS-1, R-STATE-1: a lock made through B ends the session on A at its next request', async () => {
    await c.member('locked.victim', root, 'standardUser');
    const victim = await c.signIn(a().url, 'locked.victim');
    assert.equal((await victim.call(a().url, 'get', '/me')).status, 200);
    assert.ok((await officer.call(b().url, 'post', `/users/${victim.userId}/lock`)).status < 300);
    assert.equal((await victim.call(a().url, 'get', '/me')).status, 401);
  });

  test('R-SESS-1, R-STATE-1: a disable made through A ends the session on B at its next request', async () => {
    await c.member('disabled.victim', root, 'standardUser');
    const victim = await c.signIn(b().url, 'disabled.victim');
    assert.equal((await victim.call(b().url, 'get', '/me')).status, 200);
    assert.ok((await officer.call(a().url, 'post', `/users/${victim.userId}/disable`)).status < 300);
    assert.equal((await victim.call(b().url, 'get', '/me')).status, 401);
  });

  test('R-SESS-1: a role change made through A is enforced by B on the next request', async () => {
    await c.member('promoted', root, 'standardUser');
    const promoted = await c.signIn(b().url, 'promoted');
    const before = await promoted.call(b().url, 'get', `/users/${officer.userId}`);
    assert.ok(before.status === 403 || before.status === 404, `a standard user cannot view users (${before.status})`);
    const change = await officer.call(a().url, 'put', `/users/${promoted.userId}/role`, { organizationId: root, roleId: 'builtin:auditor' });
    assert.equal(change.status, 200, JSON.stringify(change.body));
    assert.equal((await promoted.call(b().url, 'get', `/users/${officer.userId}`)).status, 200);
  });

  test('R-LOCK-1: 60 concurrent wrong passwords spread over three instances lock once and count exactly; an unlock resets the count everywhere', async () => {
    const id = await c.member('brute.victim', root, 'standardUser');
    const attempts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => request(url(i)).post(`${API}/auth/login`).send({ identifier: 'brute.victim', password: 'Wrong-Password-0000!' })),
    );
    const max = a().gatehouse.config.lockout.maxAttempts;
    assert.equal(attempts.filter((response) => response.status === 401).length, max);
    assert.equal(attempts.filter((response) => response.status === 423).length, 60 - max);
    const user = await a().gatehouse.context.prisma.user.findUniqueOrThrow({ where: { id } });
    assert.equal(user.failedAttempts, max);
    assert.equal(await a().gatehouse.context.prisma.auditEvent.count({ where: { action: 'user.lock', targetId: id } }), 1);
    // Unlocked through the third instance: the count starts again on all of them.
    assert.ok((await officer.call(third().url, 'post', `/users/${id}/unlock`)).status < 300);
    const again = await request(a().url).post(`${API}/auth/login`).send({ identifier: 'brute.victim', password: 'Wrong-Password-0000!' });
    assert.equal(again.status, 401);
    assert.equal((await a().gatehouse.context.prisma.user.findUniqueOrThrow({ where: { id } })).failedAttempts, 1);
    assert.equal((await request(b().url).post(`${API}/auth/login`).send({ identifier: 'brute.victim', password: CLUSTER_PASSWORD })).status, 200);
  });

  test('R-SESS-1: signing out through one instance ends the session on every instance', async () => {
    await c.member('leaver', root, 'standardUser');
    const leaver = await c.signIn(a().url, 'leaver');
    for (const instance of c.instances) assert.equal((await leaver.call(instance.url, 'get', '/me')).status, 200);
    assert.equal((await leaver.call(b().url, 'post', '/auth/logout')).status, 204);
    for (const instance of c.instances) assert.equal((await leaver.call(instance.url, 'get', '/me')).status, 401);
  });

  test('R-SESS-1, R-PWD-3: a password reset through one instance ends the user\'s sessions held on the others', async () => {
    await c.member('reset.victim', root, 'standardUser');
    const sessions = await Promise.all(c.instances.map((instance) => c.signIn(instance.url, 'reset.victim')));
    c.clock.advance(1_000); // the reset comes after the sign-ins, as it would by any real clock
    const reset = await officer.call(third().url, 'post', `/users/${sessions[0]?.userId}/reset-password`);
    assert.ok(reset.status < 300, JSON.stringify(reset.body));
    for (const [i, session] of sessions.entries()) assert.equal((await session.call(url(i + 1), 'get', '/me')).status, 401);
  });

  test('R-UNIQ-1: one holder of the unique role, with concurrent assignments spread over three instances', async () => {
    const branch = await c.organization('Scale Branch', root);
    const candidates = await Promise.all(Array.from({ length: 21 }, (_, i) => c.member(`candidate${i}`, branch, 'standardUser')));
    const answers = await Promise.all(
      candidates.map((id, i) => officer.call(url(i), 'put', `/users/${id}/role`, { organizationId: branch, roleId: 'builtin:complianceOfficer' })),
    );
    assert.equal(answers.filter((response) => response.status === 200).length, 1, JSON.stringify(answers.map((response) => response.status)));
    assert.ok(answers.every((response) => response.status === 200 || response.status === 409));
    const holders = await a().gatehouse.context.prisma.membership.count({ where: { organizationId: branch, roleId: 'builtin:complianceOfficer' } });
    assert.equal(holders, 1);
  });
});

describe('three instances, one database (seed 004 policies)', () => {
  let c: Cluster;
  const a = () => nth(c, 0);
  const b = () => nth(c, 1);
  test('R-POL-1: a policy edited through one instance changes the holder\'s decisions on every instance at the next request', async () => {
    c = await startCluster({ instances: 3, preset: 'seed004' });
    try {
      const root = await c.organization('Policy Root');
      await c.member('admin', root, 'admin', true);
      await c.member('holder', root, 'operations');
      const admin = await c.signIn(a().url, 'admin');
      const holder = await c.signIn(c.proxy.url, 'holder');

      const policy = await admin.call(a().url, 'post', '/policies', { organizationId: root, name: 'User viewers', grants: ['user.view'] });
      assert.equal(policy.status, 201, JSON.stringify(policy.body));
      const role = await admin.call(a().url, 'post', '/roles', { organizationId: root, name: 'Viewers', policyIds: [policy.body.id] });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      assert.equal((await admin.call(a().url, 'put', `/users/${holder.userId}/role`, { organizationId: root, roleId: role.body.id })).status, 200);
      assert.equal((await holder.call(b().url, 'get', `/users/${admin.userId}`)).status, 200);

      const edit = await admin.call(a().url, 'patch', `/policies/${policy.body.id}`, { grants: ['org.view'] });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      for (const instance of c.instances) {
        const after = await holder.call(instance.url, 'get', `/users/${admin.userId}`);
        assert.ok(after.status === 403 || after.status === 404, `user.view is gone on every instance (${after.status})`);
      }
    } finally {
      await c.close();
    }
  });
});

describe('three instances behind a round-robin proxy: rate limits (seed 002)', () => {
  test('R-RATE-1: sign-in attempts spread by the proxy over three instances meet one shared limit', async () => {
    const c = await startCluster({ instances: 3, options: { signInRateLimit: { perIp: 5, perAccount: 1_000 } } });
    try {
      const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => request(c.proxy.url).post(`${API}/auth/login`).send({ identifier: `nobody${i}@scale.test`, password: 'Wrong-Password-0000!' })));
      assert.equal(answers.filter((answer) => answer.status === 401).length, 5, 'five attempts in all, not five per instance');
      assert.equal(answers.filter((answer) => answer.status === 429).length, 10);
      assert.deepEqual(c.proxy.served, [5, 5, 5]);
    } finally {
      await c.close();
    }
  });
});
