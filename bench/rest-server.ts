// The server side of bench:rest, run in a child process so that the load generator (bench/rest.ts)
// does not share the server's event loop. One process serves every target, each measured alone:
//   guarded    GET /admin/api/v1/users/:id — session, principal (cached per accessVersion), the
//              engine's decision on the row's memberships, the serialized user.
//   unguarded  the same route with the guard switched off: a bench-only twin inside the very same
//              Gatehouse router (helmet, session, authenticate run as for the guarded route),
//              answering the same serialized user without asking the engine.
//   host       a route of the host app behind gatehouse.requirePermission('user.view').
//   anonymous  a route of the host app with no session at all: the ceiling.
//   floor      Express 5 + express-session + a minimal better-sqlite3 store + one prepared user
//              read, on a router mounted like Gatehouse's (bench/rest-floor.ts); floorHelmet is
//              the same with helmet's headers, as Gatehouse's router sends them.
//   betterAuth better-auth's getSession on a signed-in cookie (bench/rest-better-auth.ts).
// It prints one line `TARGETS <json>` (URL and cookie per target) and serves until SIGTERM. SIGUSR2
// starts the CPU profiler and the next SIGUSR2 writes what it recorded (`PROFILE <file>`), so that
// a profile covers the measured requests only, not start-up.
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { requestState } from '../src/http/state.ts';
import { getUser } from '../src/users/read-user.ts';
import { argument, benchWorld, MANAGER_PASSWORD } from './bench-world.ts';
import { betterAuthApp } from './rest-better-auth.ts';
import { floorApp } from './rest-floor.ts';

const USERS = Number(argument('users', '2000'));

function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  return new Promise((resolve) =>
    server.once('listening', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((done) => server.close(() => done())) }),
    ),
  );
}

const world = await benchWorld({
  users: USERS,
  extend(app, gatehouse) {
    app.get('/anonymous/ping', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/host/reports', gatehouse.requirePermission('user.view'), (_req, res) => {
      res.json({ ok: true });
    });
    // The guard-off twin of GET /users/:id: the same read and serializer, an engine that allows.
    const twin = express.Router();
    const allowAll = { ...gatehouse.context, engine: { ...gatehouse.context.engine, decide: () => ({ allowed: true, rule: 'R-PERM-1', reason: '' }) } };
    twin.get('/bench/unguarded/users/:id', async (req, res) => {
      const principal = requestState(res).principal;
      if (!principal) {
        res.status(401).end();
        return;
      }
      res.json(await getUser(allowAll as typeof gatehouse.context, principal, req.params.id));
    });
    // Placed in Gatehouse's own router just before the REST API layer, so that helmet, the session
    // and authenticate (which loads the principal) run exactly as they do for the guarded route.
    type Layer = { rawPath?: unknown };
    const stack = (gatehouse.router as unknown as { stack: Layer[] }).stack;
    gatehouse.router.use(twin);
    const twinLayer = stack.pop();
    const apiIndex = stack.findIndex((layer) => layer.rawPath === '/api/v1');
    if (!twinLayer || apiIndex < 0) throw new Error('could not find the REST API layer of the Gatehouse router');
    stack.splice(apiIndex, 0, twinLayer);
  },
});

const { prisma } = world.gatehouse.context;
const target = (await prisma.user.findFirstOrThrow({ where: { id: { startsWith: 'benchuser' } }, orderBy: { id: 'asc' }, skip: 777 })).id;
// Floor and better-auth share the Gatehouse target's SQLite file (a file of their own with --db postgres).
const sqliteFile =
  world.provider === 'sqlite'
    ? (await prisma.$queryRawUnsafe<{ file: string }[]>('PRAGMA database_list'))[0]?.file ?? ''
    : join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-floor-')), 'floor.db');
if (world.provider !== 'sqlite') {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(sqliteFile);
  db.exec('CREATE TABLE "User" ("id" TEXT PRIMARY KEY, "email" TEXT, "username" TEXT, "firstName" TEXT, "lastName" TEXT, "status" TEXT, "createdAt" TEXT, "updatedAt" TEXT)');
  db.prepare('INSERT INTO "User" VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(target, 'x@bench.test', 'x', 'X', 'Y', 'ACTIVE', '2026-01-01', '2026-01-01');
  db.close();
}

async function floorSignIn(url: string): Promise<string> {
  const response = await fetch(`${url}/floor/login`, { method: 'POST' });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const floor = floorApp(sqliteFile, world.managerId);
const floorServer = await listen(floor.app);
const floorCookie = await floorSignIn(floorServer.url);
const floorHelmet = floorApp(sqliteFile, world.managerId, { withHelmet: true });
const floorHelmetServer = await listen(floorHelmet.app);
const floorHelmetCookie = await floorSignIn(floorHelmetServer.url);

const better = await betterAuthApp(sqliteFile, MANAGER_PASSWORD);
const betterServer = await listen(better.app);

const targets = {
  guarded: { url: `${world.baseUrl}/admin/api/v1/users/${target}`, cookie: world.cookie },
  unguarded: { url: `${world.baseUrl}/admin/bench/unguarded/users/${target}`, cookie: world.cookie },
  host: { url: `${world.baseUrl}/host/reports`, cookie: world.cookie },
  anonymous: { url: `${world.baseUrl}/anonymous/ping`, cookie: '' },
  floor: { url: `${floorServer.url}/floor/users/${target}`, cookie: floorCookie },
  floorHelmet: { url: `${floorHelmetServer.url}/floor/users/${target}`, cookie: floorHelmetCookie },
  betterAuth: { url: `${betterServer.url}/ba/session`, cookie: better.cookie },
};
console.log(`TARGETS ${JSON.stringify({ targets, target })}`);

const inspector = new Session();
inspector.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  void (async () => {
    if (!profiling) {
      profiling = true;
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
      console.log('PROFILING');
      return;
    }
    profiling = false;
    const { profile } = await inspector.post('Profiler.stop');
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-rest-profile-')), 'rest.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    console.log(`PROFILE ${file}`);
  })();
});

process.once('SIGTERM', () => {
  void (async () => {
    await floorServer.close();
    await floorHelmetServer.close();
    floorHelmet.close();
    await betterServer.close();
    floor.close();
    better.close();
    await world.close();
    process.exit(0);
  })();
});
