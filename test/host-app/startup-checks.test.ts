// What a host gets wrong when mounting Gatehouse, said at once instead of failing later: a router
// mounted elsewhere than `mountPath`, secure cookies on plain HTTP (no `trust proxy`), a zod 3
// schema in defineAction, and its own PrismaClient without the URL of its database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { z as zod3 } from 'zod/v3';
import { z } from 'zod';
import { createGatehouse } from '../../src/index.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const PASSWORD = 'Startup-Checks-2026!';
const logged = { warn: [] as string[], error: [] as string[] };
const logger = { info() {}, warn: (message: string) => logged.warn.push(message), error: (message: string) => logged.error.push(message) };
let t: TestSetup;

before(async () => {
  t = await setup({ logger, session: { secureCookies: true } });
  const organization = await createOrganization(t.gatehouse.context, { name: 'Checks' });
  await createMember(t.gatehouse.context, { email: 'owner@checks.test', username: 'owner', firstName: 'O', lastName: 'Wner', password: PASSWORD }, [
    { organizationId: organization.id, roleKey: t.gatehouse.context.preset.ownerRoleKey, owner: true },
  ]);
});
after(() => t.close());

const login = (app: express.Express) => request(app).post(`${API}/auth/login`).set('x-forwarded-proto', 'https').send({ identifier: 'owner', password: PASSWORD });

test('mounted elsewhere than mountPath, the router answers a problem naming the fix, logged once', async () => {
  logged.error.length = 0;
  const app = express();
  app.use('/backoffice', t.gatehouse.router);
  const first = await request(app).get('/backoffice/login');
  assert.equal(first.status, 500);
  assert.match(first.headers['content-type'] ?? '', /application\/problem\+json/);
  assert.match(first.body.detail, /mounted at "\/backoffice" but createGatehouse was given mountPath "\/admin": pass mountPath: '\/backoffice'/);
  assert.equal((await request(app).get('/backoffice/api/v1/openapi.json')).status, 500);
  assert.equal(logged.error.length, 1);
});

test('secure cookies behind a proxy the app does not trust: sign-in sets no cookie, and a warning says to set trust proxy, once', async () => {
  logged.warn.length = 0;
  const untrusting = express();
  untrusting.use('/admin', t.gatehouse.router);
  const response = await login(untrusting);
  assert.equal(response.headers['set-cookie'], undefined, 'express-session sets no secure cookie on a request it sees as HTTP');
  await login(untrusting);
  assert.equal(logged.warn.length, 1);
  assert.match(logged.warn[0] ?? '', /app\.set\('trust proxy', 1\)/);
});

test('secure cookies behind a trusted proxy: sign-in sets the cookie and nothing is logged', async () => {
  const gatehouse = await createGatehouse({ databaseUrl: t.databaseUrl, secret: 'test-secret-test-secret-test-secret', logger, session: { secureCookies: true }, passwordHashing: { memoryKiB: 1024, passes: 1 } });
  try {
    logged.warn.length = 0;
    const trusting = express();
    trusting.set('trust proxy', 1);
    trusting.use('/admin', gatehouse.router);
    const response = await login(trusting);
    assert.equal(response.status, 200);
    assert.match(String(response.headers['set-cookie']), /gatehouse\.sid=.*Secure/);
    assert.deepEqual(logged.warn, []);
  } finally {
    await gatehouse.close();
  }
});

test('defineAction refuses a zod 3 schema when it is defined, and keeps accepting zod 4', async () => {
  // A Gatehouse that has served nothing yet: the first request freezes the defined actions.
  const gatehouse = await createGatehouse({ databaseUrl: t.databaseUrl, secret: 'test-secret-test-secret-test-secret', logger, passwordHashing: { memoryKiB: 1024, passes: 1 } });
  try {
    const definition = { resource: 'Organization', name: 'ping', label: 'Ping', permission: 'org.view', handler: () => ({ ok: true }) } as const;
    assert.throws(
      () => gatehouse.defineAction({ ...definition, input: zod3.object({ note: zod3.string() }) as unknown as z.ZodType }),
      /input must be a zod 4 schema, and this one comes from zod 3: .*zod@\^4/,
    );
    gatehouse.defineAction({ ...definition, name: 'pong', input: z.strictObject({}) });
  } finally {
    await gatehouse.close();
  }
});

test('a host client without a database URL is refused at start-up, saying what to pass', async () => {
  await assert.rejects(
    createGatehouse({ prisma: t.prisma, secret: 'test-secret-test-secret-test-secret', logger }),
    /needs the URL of its database to apply its migrations: create the client with createPrismaClient\(PrismaClient, url\), or pass `databaseUrl`/,
  );
});

test('the host configuration is checked at start-up, every problem named at once', async () => {
  await assert.rejects(
    createGatehouse({
      databaseUrl: t.databaseUrl,
      secret: 'test-secret-test-secret-test-secret',
      logger,
      session: { idleMinutes: -5 },
      passwordPolicy: { minLength: 40, maxLength: 20 },
      emailChangeableBy: 'everyone' as 'nobody',
    }),
    (error: Error) => {
      assert.match(error.message, /session\.idleMinutes must be greater than 0/);
      assert.match(error.message, /passwordPolicy\.minLength is above maxLength/);
      assert.match(error.message, /emailChangeableBy must be 'nobody' or 'administrators'/);
      return true;
    },
  );
});
