// Two Gatehouse instances over one database (a PostgreSQL schema with TEST_DATABASE_URL, else one
// SQLite file), each serving the REST API at /admin and a host route `GET /reports` behind
// requirePermission('user.view'), as two app instances behind a load balancer would. Each
// instance's `reads.executed` counts the statements its signed-in requests ran.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { createGatehouse, type Gatehouse } from '../../src/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API } from './agent.ts';
import { freshDatabase } from './database-url.ts';
import { silentLogger, TestClock } from './setup.ts';

export const PASSWORD = 'Two-Instances-2026!pass';

export interface Instance {
  readonly url: string;
  readonly gatehouse: Gatehouse;
  /** Statements run so far, by name (src/reads/). */
  executed(name: string): number;
}

export interface Browser {
  readonly cookie: string;
  readonly userId: string;
  call(on: Instance, method: 'get' | 'post' | 'put' | 'patch', path: string, body?: object): Promise<request.Response>;
  reports(on: Instance): Promise<request.Response>;
}

export interface TwoInstances {
  readonly a: Instance;
  readonly b: Instance;
  readonly clock: TestClock;
  organization(name: string): Promise<string>;
  member(name: string, organizationId: string, roleKey: string, owner?: boolean): Promise<string>;
  signIn(on: Instance, username: string): Promise<Browser>;
  close(): Promise<void>;
}

export async function twoInstances(preset: PresetId): Promise<TwoInstances> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-two-'));
  const database = freshDatabase(dir);
  const clock = new TestClock();
  const servers: Server[] = [];
  const start = async (): Promise<Instance> => {
    const gatehouse = await createGatehouse({
      databaseUrl: database.url,
      preset,
      secret: 'two-instances-secret-shared-by-both',
      passwordHashing: { memoryKiB: 1024, passes: 1 },
      signInRateLimit: false,
      clock: clock.now,
      logger: silentLogger,
    });
    const app = express();
    app.get('/reports', gatehouse.requirePermission('user.view'), (_req, res) => {
      res.json({ userId: gatehouse.principalOf(res)?.userId });
    });
    app.use('/admin', gatehouse.router);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    servers.push(server);
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    return { url: `http://127.0.0.1:${address.port}`, gatehouse, executed: (name) => gatehouse.context.reads.executed.get(name) ?? 0 };
  };
  const a = await start();
  const b = await start();
  const ctx = a.gatehouse.context;
  return {
    a,
    b,
    clock,
    organization: async (name) => (await createOrganization(ctx, { name, parentId: null })).id,
    async member(name, organizationId, roleKey, owner = false) {
      return (await createMember(ctx, { email: `${name}@two.test`, username: name, firstName: name, lastName: '-', password: PASSWORD }, [{ organizationId, roleKey, owner }])).id;
    },
    async signIn(on, username) {
      const login = await request(on.url).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
      const csrf = login.body.csrfToken as string;
      return {
        cookie,
        userId: login.body.userId as string,
        call(target, method, path, body) {
          const pending = request(target.url)[method](`${API}${path}`).set('cookie', cookie);
          if (method !== 'get') pending.set('x-csrf-token', csrf);
          return body === undefined ? pending : pending.send(body);
        },
        reports: (target) => request(target.url).get('/reports').set('cookie', cookie),
      };
    },
    async close() {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
      await a.gatehouse.close();
      await b.gatehouse.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
