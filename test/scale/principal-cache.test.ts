// The signed-in request's caches (issue 21): the principal of a host route behind requirePermission
// is cached per cookie and the compiled actor per accessVersion, so a repeated request costs one
// read. These tests count that work on instance A (its statements, by name) while the changes are
// made through instance B: each must take effect on A's very next request, and cost A exactly one
// actor reload where permissions changed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ActorCache } from '../../src/authz/actor-cache.ts';
import type { Actor } from '../../src/engine/types.ts';
import { type Browser, type TwoInstances, twoInstances } from '../support/two-instances.ts';

/** What A's next request costs: the statements it ran, by name. */
async function work(c: TwoInstances, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const names = ['session', 'session_user', 'session_with_user', 'session_with_owner', 'actor_memberships', 'user_view'];
  const before = Object.fromEntries(names.map((name) => [name, c.a.executed(name)]));
  await run();
  return Object.fromEntries(names.map((name) => [name, c.a.executed(name) - (before[name] ?? 0)]));
}

describe('principal and actor caches, two instances (seed 004)', () => {
  let c: TwoInstances;
  let root: string;
  let admin: Browser;
  let viewers: { policyId: string; roleId: string };

  async function viewerRole(name: string): Promise<{ policyId: string; roleId: string }> {
    const policy = await admin.call(c.b, 'post', '/policies', { organizationId: root, name: `${name} policy`, grants: ['user.view'] });
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    const role = await admin.call(c.b, 'post', '/roles', { organizationId: root, name, policyIds: [policy.body.id] });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    return { policyId: policy.body.id as string, roleId: role.body.id as string };
  }

  async function viewer(name: string): Promise<Browser> {
    const id = await c.member(name, root, 'operations');
    assert.equal((await admin.call(c.b, 'put', `/users/${id}/role`, { organizationId: root, roleId: viewers.roleId })).status, 200);
    const browser = await c.signIn(c.a, name);
    assert.equal((await browser.reports(c.a)).status, 200);
    return browser;
  }

  before(async () => {
    c = await twoInstances('seed004');
    root = await c.organization('Cache Root');
    await c.member('admin', root, 'admin', true);
    admin = await c.signIn(c.b, 'admin');
    viewers = await viewerRole('Viewers');
  });
  after(() => c.close());

  test('R-SESS-1: a repeated host-route request costs one read of session and user together, and no actor load', async () => {
    const holder = await viewer('repeat');
    const cost = await work(c, async () => {
      for (let i = 0; i < 5; i += 1) assert.equal((await holder.reports(c.a)).status, 200);
    });
    assert.deepEqual(cost, { session: 0, session_user: 0, session_with_user: 5, session_with_owner: 0, actor_memberships: 0, user_view: 0 });
  });

  test('R-POL-1: a policy edited through B changes the decision on A at the next request, with one actor reload', async () => {
    const { policyId, roleId } = await viewerRole('Editable viewers');
    const id = await c.member('policy.holder', root, 'operations');
    assert.equal((await admin.call(c.b, 'put', `/users/${id}/role`, { organizationId: root, roleId })).status, 200);
    const holder = await c.signIn(c.a, 'policy.holder');
    assert.equal((await holder.reports(c.a)).status, 200);
    assert.equal((await admin.call(c.b, 'patch', `/policies/${policyId}`, { grants: ['org.view'] })).status, 200);
    let status = 0;
    const cost = await work(c, async () => {
      status = (await holder.reports(c.a)).status;
    });
    assert.equal(status, 403);
    assert.equal(cost.actor_memberships, 1);
    assert.equal(cost.session_with_user, 1);
  });

  test('R-SESS-1: a role change made through B is enforced by A at the next request, with one actor reload', async () => {
    const operations = await c.member('operations.peer', root, 'operations');
    const { roleId: operationsRoleId } = await c.b.gatehouse.context.prisma.membership.findFirstOrThrow({ where: { userId: operations }, select: { roleId: true } });
    const holder = await viewer('role.holder');
    assert.equal((await admin.call(c.b, 'put', `/users/${holder.userId}/role`, { organizationId: root, roleId: operationsRoleId })).status, 200);
    let status = 0;
    const cost = await work(c, async () => {
      status = (await holder.reports(c.a)).status;
    });
    assert.equal(status, 403);
    assert.equal(cost.actor_memberships, 1);
    // And the REST API of A, whose actor cache is the same, agrees.
    assert.equal((await holder.call(c.a, 'get', `/users/${admin.userId}`)).status === 200, false);
  });

  test('R-SESS-1, R-STATE-1: a lock made through B ends the session on A at its next request', async () => {
    const holder = await viewer('lock.holder');
    assert.ok((await admin.call(c.b, 'post', `/users/${holder.userId}/lock`)).status < 300);
    const answer = await holder.reports(c.a);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 'SESSION_ENDED');
    // The session itself is ended, not only refused: the REST API of either instance refuses it too.
    assert.equal((await holder.call(c.b, 'get', '/me')).status, 401);
  });

  test('R-SESS-1, R-STATE-1: a disable made through B ends the session on A at its next request', async () => {
    const holder = await viewer('disable.holder');
    assert.ok((await admin.call(c.b, 'post', `/users/${holder.userId}/disable`)).status < 300);
    const answer = await holder.reports(c.a);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 'SESSION_ENDED');
  });

  test('R-SESS-1: signing out through B ends the session on A at its next request', async () => {
    const holder = await viewer('logout.holder');
    assert.ok((await holder.call(c.b, 'post', '/auth/logout')).status < 300);
    const answer = await holder.reports(c.a);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.code, 'NOT_SIGNED_IN');
  });

  test('R-SESS-1: the guarded REST read reads session and user in one statement, compiles the actor once and reloads it only when the accessVersion moves', async () => {
    const holder = await viewer('rest.holder');
    const steady = await work(c, async () => {
      for (let i = 0; i < 3; i += 1) assert.equal((await holder.call(c.a, 'get', `/users/${admin.userId}`)).status, 200);
    });
    assert.equal(steady.actor_memberships, 0);
    // A read is identified from the cookie, as a host route is: express-session never loads the record.
    assert.equal(steady.session_with_user, 3);
    assert.equal(steady.session_with_owner, 0);
    assert.equal(steady.session_user, 0);
    assert.equal(steady.session, 0);
    assert.equal(steady.user_view, 3);
    const { roleId } = await viewerRole('Second viewers');
    assert.equal((await admin.call(c.b, 'put', `/users/${holder.userId}/role`, { organizationId: root, roleId })).status, 200);
    const changed = await work(c, async () => {
      assert.equal((await holder.call(c.a, 'get', `/users/${admin.userId}`)).status, 200);
    });
    assert.equal(changed.actor_memberships, 1);
    // A change loads the session with express-session: its CSRF token is kept there (R-CSRF-1).
    const write = await work(c, async () => {
      assert.equal((await holder.call(c.a, 'post', `/users/${admin.userId}/lock`, {})).status, 403);
    });
    assert.equal(write.session_with_owner, 1);
    assert.equal(write.session_with_user, 0);
  });
});

describe('actor cache', () => {
  const actor = (validUntil?: number): Actor => ({ userId: 'u1', organizations: new Map(), ...(validUntil === undefined ? {} : { validUntil }) }) as Actor;

  test('an actor is served at its own accessVersion only', () => {
    const cache = new ActorCache();
    const compiled = actor();
    cache.set('u1', 3, compiled);
    assert.equal(cache.get('u1', 3, 0), compiled);
    assert.equal(cache.get('u1', 4, 0), undefined);
  });

  test('an actor past its validUntil (a grant ran out) is stale even at the same accessVersion', () => {
    const cache = new ActorCache();
    const compiled = actor(1_000);
    cache.set('u1', 3, compiled);
    assert.equal(cache.get('u1', 3, 999), compiled);
    assert.equal(cache.get('u1', 3, 1_000), undefined);
  });

  test('the least recently used actor leaves a full cache first', () => {
    const cache = new ActorCache(2);
    cache.set('a', 1, actor());
    cache.set('b', 1, actor());
    cache.get('a', 1, 0);
    cache.set('c', 1, actor());
    assert.ok(cache.get('a', 1, 0));
    assert.equal(cache.get('b', 1, 0), undefined);
  });
});
