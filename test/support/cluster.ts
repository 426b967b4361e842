// A scaled-out deployment in one test process: N Gatehouse instances, each with its own database
// client and HTTP server on a loopback port, sharing one database (a PostgreSQL schema with
// TEST_DATABASE_URL, else one SQLite file) and one clock, behind a round-robin proxy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import type { GatehouseOptions } from '../../src/config/options.ts';
import { createGatehouse, type Gatehouse } from '../../src/index.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API } from './agent.ts';
import { freshDatabase } from './database-url.ts';
import { type RoundRobinProxy, roundRobinProxy } from './round-robin-proxy.ts';
import { silentLogger, TestClock } from './setup.ts';

export const CLUSTER_PASSWORD = 'Scale-Out-2026!pass';

export interface Instance {
  readonly url: string;
  readonly gatehouse: Gatehouse;
  readonly server: Server;
}

/** A signed-in browser: one cookie, usable against any instance or the proxy. */
export interface Browser {
  readonly cookie: string;
  readonly csrf: string;
  readonly userId: string;
  call(on: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object): Promise<request.Response>;
}

export interface Cluster {
  readonly instances: readonly Instance[];
  readonly proxy: RoundRobinProxy;
  readonly clock: TestClock;
  readonly databaseUrl: string;
  member(name: string, organizationId: string, roleKey: string, owner?: boolean): Promise<string>;
  organization(name: string, parentId?: string): Promise<string>;
  signIn(on: string, username: string): Promise<Browser>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  readonly instances: number;
  /** A database of the test's own (it is not dropped); by default a fresh one (freshDatabase). */
  readonly databaseUrl?: string;
  readonly preset?: GatehouseOptions['preset'];
  /** Options every instance gets, on top of the cluster's own (cheap hashing, shared clock, no rate limit). */
  readonly options?: Partial<GatehouseOptions>;
}

async function listen(gatehouse: Gatehouse): Promise<Instance> {
  const app = express();
  app.use('/admin', gatehouse.router);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { url: `http://127.0.0.1:${address.port}`, gatehouse, server };
}

export async function startCluster(settings: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-'));
  const database = settings.databaseUrl ? { url: settings.databaseUrl, drop: async () => {} } : freshDatabase(dir);
  const clock = new TestClock();
  const instances: Instance[] = [];
  for (let i = 0; i < settings.instances; i += 1) {
    const gatehouse = await createGatehouse({
      databaseUrl: database.url,
      preset: settings.preset ?? 'seed002',
      secret: 'scale-out-secret-shared-by-instances',
      passwordHashing: { memoryKiB: 1024, passes: 1 },
      signInRateLimit: false,
      clock: clock.now,
      logger: process.env.GATEHOUSE_TEST_LOG ? console : silentLogger,
      ...settings.options,
    });
    instances.push(await listen(gatehouse));
  }
  const proxy = await roundRobinProxy(instances.map((instance) => instance.url));
  const ctx = (instances[0] as Instance).gatehouse.context;
  return {
    instances,
    proxy,
    clock,
    databaseUrl: database.url,
    organization: async (name, parentId) => (await createOrganization(ctx, { name, parentId: parentId ?? null })).id,
    async member(name, organizationId, roleKey, owner = false) {
      return (await createMember(ctx, { email: `${name}@scale.test`, username: name, firstName: name, lastName: '-', password: CLUSTER_PASSWORD }, [{ organizationId, roleKey, owner }])).id;
    },
    async signIn(on, username) {
      const login = await request(on).post(`${API}/auth/login`).send({ identifier: username, password: CLUSTER_PASSWORD });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((value) => value.split(';')[0]).join('; ');
      const csrf = login.body.csrfToken as string;
      return {
        cookie,
        csrf,
        userId: login.body.userId as string,
        call(target, method, path, body) {
          const pending = request(target)[method](`${API}${path}`).set('cookie', cookie);
          if (method !== 'get') pending.set('x-csrf-token', csrf);
          return body === undefined ? pending : pending.send(body);
        },
      };
    },
    async close() {
      await proxy.close();
      for (const instance of instances) {
        instance.server.closeAllConnections();
        await new Promise((resolve) => instance.server.close(resolve));
        await instance.gatehouse.close();
      }
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
