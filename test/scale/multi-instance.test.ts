// Scale-out (issue 9): two Gatehouse app instances on two loopback ports share one database (a
// PostgreSQL schema with TEST_DATABASE_URL, else one SQLite file) and one session store, as two
// instances behind a load balancer would. Whatever one does, the other enforces on the next request.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import type { PresetId } from '../../src/presets/types.ts';
import { createGatehouse, type Gatehouse } from '../../src/index.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API } from '../support/agent.ts';
import { freshDatabase } from '../support/database-url.ts';
import { silentLogger, TestClock } from '../support/setup.ts';

const PASSWORD = 'Scale-Out-2026!pass';

interface Instance {
  readonly url: string;
  readonly gatehouse: Gatehouse;
  readonly server: Server;
}

/** A signed-in browser: one cookie, usable against either instance. */
interface Browser {
  readonly cookie: string;
  readonly csrf: string;
  readonly userId: string;
  call(on: Instance, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: object): Promise<request.Response>;
}

interface Cluster {
  readonly a: Instance;
  readonly b: Instance;
  readonly clock: TestClock;
  member(name: string, organizationId: string, roleKey: string, owner?: boolean): Promise<string>;
  organization(name: string, parentId?: string): Promise<string>;
  signIn(on: Instance, username: string): Promise<Browser>;
  close(): Promise<void>;
}

async function cluster(preset: PresetId): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-scale-'));
  const database = freshDatabase(dir);
  const clock = new TestClock();
  const start = async (): Promise<Instance> => {
    const gatehouse = await createGatehouse({
      databaseUrl: database.url,
      preset,
      secret: 'scale-out-secret-shared-by-instances',
      passwordHashing: { memoryKiB: 1024, passes: 1 },
      signInRateLimit: false,
      clock: clock.now,
      logger: silentLogger,
    });
    const app = express();
    app.use('/admin', gatehouse.router);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    return { url: `http://127.0.0.1:${address.port}`, gatehouse, server };
  };
  const a = await start();
  const b = await start();
  const ctx = a.gatehouse.context;
  return {
    a,
    b,
    clock,
    organization: async (name, parentId) => (await createOrganization(ctx, { name, parentId: parentId ?? null })).id,
    async member(name, organizationId, roleKey, owner = false) {
      return (await createMember(ctx, { email: `${name}@scale.test`, username: name, firstName: name, lastName: '-', password: PASSWORD }, [{ organizationId, roleKey, owner }])).id;
    },
    async signIn(on, username) {
      const login = await request(on.url).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
      const csrf = login.body.csrfToken as string;
      return {
        cookie,
        csrf,
        userId: login.body.userId as string,
        call(target, method, path, body) {
          const pending = request(target.url)[method](`${API}${path}`).set('cookie', cookie);
          if (method !== 'get') pending.set('x-csrf-token', csrf);
          return body === undefined ? pending : pending.send(body);
        },
      };
    },
    async close() {
      for (const instance of [a, b]) {
        await new Promise((resolve) => instance.server.close(resolve));
        await instance.gatehouse.close();
      }
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('two instances, one database (seed 002)', () => {
  let c: Cluster;
  let root: string;
  let officer: Browser;
  before(async () => {
    c = await cluster('seed002');
    root = await c.organization('Scale Root');
    await c.member('officer', root, 'complianceOfficer', true);
    officer = await c.signIn(c.a, 'officer');
  });
  after(() => c.close());

  test('R-SESS-1: a session created through one instance is valid on the other', async () => {
    const me = await officer.call(c.b, 'get', '/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.id ?? me.body.user?.id ?? officer.userId, officer.userId);
  });

  test('R-SESS-1, R-STATE-1: a lock made through B ends the session on A at its next request', async () => {
    await c.member('locked.victim', root, 'standardUser');
    const victim = await c.signIn(c.a, 'locked.victim');
    assert.equal((await victim.call(c.a, 'get', '/me')).status, 200);
    assert.ok((await officer.call(c.b, 'post', `/users/${victim.userId}/lock`)).status < 300);
    assert.equal((await victim.call(c.a, 'get', '/me')).status, 401);
  });

  test('R-SESS-1, R-STATE-1: a disable made through A ends the session on B at its next request', async () => {
    await c.member('disabled.victim', root, 'standardUser');
    const victim = await c.signIn(c.b, 'disabled.victim');
    assert.equal((await victim.call(c.b, 'get', '/me')).status, 200);
    assert.ok((await officer.call(c.a, 'post', `/users/${victim.userId}/disable`)).status < 300);
    assert.equal((await victim.call(c.b, 'get', '/me')).status, 401);
  });

  test('R-SESS-1: a role change made through A is enforced by B on the next request', async () => {
    await c.member('promoted', root, 'standardUser');
    const promoted = await c.signIn(c.b, 'promoted');
    const before = await promoted.call(c.b, 'get', `/users/${officer.userId}`);
    assert.ok(before.status === 403 || before.status === 404, `a standard user cannot view users (${before.status})`);
    const change = await officer.call(c.a, 'put', `/users/${promoted.userId}/role`, { organizationId: root, roleId: 'builtin:auditor' });
    assert.equal(change.status, 200, JSON.stringify(change.body));
    assert.equal((await promoted.call(c.b, 'get', `/users/${officer.userId}`)).status, 200);
  });

  test('R-LOCK-1: concurrent wrong passwords spread over both instances lock once and count exactly', async () => {
    const id = await c.member('brute.victim', root, 'standardUser');
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request((i % 2 ? c.a : c.b).url).post(`${API}/auth/login`).send({ identifier: 'brute.victim', password: 'Wrong-Password-0000!' })),
    );
    const max = c.a.gatehouse.config.lockout.maxAttempts;
    assert.equal(attempts.filter((response) => response.status === 401).length, max);
    assert.equal(attempts.filter((response) => response.status === 423).length, 40 - max);
    const user = await c.a.gatehouse.context.prisma.user.findUniqueOrThrow({ where: { id } });
    assert.equal(user.failedAttempts, max);
    assert.equal(await c.a.gatehouse.context.prisma.auditEvent.count({ where: { action: 'user.lock', targetId: id } }), 1);
  });

  test('R-UNIQ-1: one holder of the unique role, with concurrent assignments spread over both instances', async () => {
    const branch = await c.organization('Scale Branch', root);
    const candidates = await Promise.all(Array.from({ length: 20 }, (_, i) => c.member(`candidate${i}`, branch, 'standardUser')));
    const answers = await Promise.all(
      candidates.map((id, i) => officer.call(i % 2 ? c.a : c.b, 'put', `/users/${id}/role`, { organizationId: branch, roleId: 'builtin:complianceOfficer' })),
    );
    assert.equal(answers.filter((response) => response.status === 200).length, 1, JSON.stringify(answers.map((response) => response.status)));
    assert.ok(answers.every((response) => response.status === 200 || response.status === 409));
    const holders = await c.a.gatehouse.context.prisma.membership.count({ where: { organizationId: branch, roleId: 'builtin:complianceOfficer' } });
    assert.equal(holders, 1);
  });
});

describe('two instances, one database (seed 004 policies)', () => {
  let c: Cluster;
  test('R-POL-1: a policy edited through A changes the holder\'s decisions on B at the next request', async () => {
    c = await cluster('seed004');
    try {
      const root = await c.organization('Policy Root');
      await c.member('admin', root, 'admin', true);
      await c.member('holder', root, 'operations');
      const admin = await c.signIn(c.a, 'admin');
      const holder = await c.signIn(c.b, 'holder');

      const policy = await admin.call(c.a, 'post', '/policies', { organizationId: root, name: 'User viewers', grants: ['user.view'] });
      assert.equal(policy.status, 201, JSON.stringify(policy.body));
      const role = await admin.call(c.a, 'post', '/roles', { organizationId: root, name: 'Viewers', policyIds: [policy.body.id] });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      assert.equal((await admin.call(c.a, 'put', `/users/${holder.userId}/role`, { organizationId: root, roleId: role.body.id })).status, 200);
      assert.equal((await holder.call(c.b, 'get', `/users/${admin.userId}`)).status, 200);

      const edit = await admin.call(c.a, 'patch', `/policies/${policy.body.id}`, { grants: ['org.view'] });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      const after = await holder.call(c.b, 'get', `/users/${admin.userId}`);
      assert.ok(after.status === 403 || after.status === 404, `user.view is gone on B (${after.status})`);
    } finally {
      await c.close();
    }
  });
});
