// A host that already runs express-session app-wide (issue 18 item 8). Gatehouse's session must
// stay Gatehouse's: kept in its own store, recognised only by its own signed cookie. Behind the
// host's session the router refuses with a clear error (and stores nothing); mounted before it,
// both sessions work side by side, and requirePermission never reads the host's session.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import session from 'express-session';
import request from 'supertest';
import { member, organization, PASSWORD, type Member } from '../auth/helpers.ts';
import { API } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

function hostSession(store: session.Store) {
  return session({ secret: 'the-host-own-secret-value', store, resave: false, saveUninitialized: false });
}

function storedSessions(t: TestSetup): Promise<number> {
  return t.prisma.session.count();
}

function hostStoreSize(store: session.MemoryStore): Promise<number> {
  return new Promise((resolve, reject) => store.length((error, length) => (error ? reject(error) : resolve(length ?? 0))));
}

describe("a host with its own express-session", () => {
  let t: TestSetup;
  let officer: Member;
  before(async () => {
    t = await setup();
    const org = await organization(t);
    officer = await member(t, org, 'complianceOfficer', { owner: true });
  });
  after(() => t.close());

  test("R-SESS-2: behind the host's session the router refuses with a clear error and stores nothing", async () => {
    const hostStore = new session.MemoryStore();
    const app = express();
    app.use(hostSession(hostStore));
    app.use('/admin', t.gatehouse.router);
    const sessionsBefore = await storedSessions(t);

    const login = await request(app).post(`${API}/auth/login`).send({ identifier: officer.username, password: PASSWORD });
    assert.equal(login.status, 500);
    assert.match(login.headers['content-type'] ?? '', /application\/problem\+json/);
    assert.equal(login.body.code, 'HOST_SESSION_CONFLICT');
    assert.match(login.body.detail, /Mount Gatehouse before it/);
    assert.equal(JSON.stringify(login.body).includes('at '), false, 'no stack trace');
    assert.equal(await storedSessions(t), sessionsBefore);
    assert.equal(await hostStoreSize(hostStore), 0);
    assert.equal((await request(app).get('/admin/login')).body.code, 'HOST_SESSION_CONFLICT');
  });

  describe('Gatehouse mounted before the host session', () => {
    const hostStore = new session.MemoryStore();
    const app = express();
    app.use('/admin', t_router());
    app.use(hostSession(hostStore));
    app.get('/visits', (req, res) => {
      const data = req.session as unknown as { visits?: number };
      data.visits = (data.visits ?? 0) + 1;
      res.json({ visits: data.visits });
    });
    // A host that keeps its own notion of "user" in its own session, with a real Gatehouse user id.
    app.post('/host-login', (req, res) => {
      Object.assign(req.session, { userId: officer.id, signedInAt: Date.now(), lastSeenAt: Date.now() });
      res.json({ ok: true });
    });
    app.get('/reports', (req, res, next) => t.gatehouse.requirePermission('user.view')(req, res, next), (_req, res) => {
      res.json({ userId: t.gatehouse.principalOf(res)?.userId });
    });
    function t_router(): express.RequestHandler {
      return (req, res, next) => t.gatehouse.router(req, res, next);
    }

    test('R-SESS-2, R-SESS-1: sign-in lands in Gatehouse\'s store, requirePermission admits the user, and the host session keeps working', async () => {
      const browser = request.agent(app);
      const sessionsBefore = await storedSessions(t);
      assert.equal((await browser.get('/visits')).body.visits, 1);
      const login = await browser.post(`${API}/auth/login`).send({ identifier: officer.username, password: PASSWORD });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      assert.equal(await storedSessions(t), sessionsBefore + 1);
      const reports = await browser.get('/reports');
      assert.equal(reports.status, 200, JSON.stringify(reports.body));
      assert.equal(reports.body.userId, officer.id);
      assert.equal((await browser.get('/visits')).body.visits, 2);
      assert.equal((await browser.get('/reports')).status, 200);
      // The host's store holds the host's session only: nothing of Gatehouse's.
      const hostSessions = await new Promise<Record<string, unknown>>((resolve) => hostStore.all((_error, all) => resolve((all ?? {}) as Record<string, unknown>)));
      assert.equal(Object.keys(hostSessions).length, 1);
      assert.equal(JSON.stringify(hostSessions).includes('csrfToken'), false);
    });

    test("R-SESS-2: requirePermission does not take the host's session for Gatehouse's, even with a real user id in it", async () => {
      const browser = request.agent(app);
      assert.equal((await browser.post('/host-login')).status, 200);
      const reports = await browser.get('/reports');
      assert.equal(reports.status, 401);
      assert.equal(reports.body.code, 'NOT_SIGNED_IN');
    });
  });
});
