// R-IMP-1 and R-IMP-2: support signs in as another user — only with user.impersonate on a user they
// dominate (R-ESC-2), never the owner (R-OWNER-1) or themself, from a browser session — then acts
// exactly as that user, audited with both identities, until they stop, the time limit passes or
// they may no longer; meanwhile nothing about anyone's sign-in changes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Response } from 'express';
import request from 'supertest';
import { auditEventInWords } from '../../src/audit/in-words.ts';
import { securityQuestions } from '../../src/account/security-questions.ts';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { PASSWORD, world, type World } from '../users/world.ts';

let w: World;
let support: string;
let viewer: string;
/** A second support agent: the first dominates them, and the engine would let them impersonate too. */
let colleague: string;
const MINUTE = 60_000;

before(async () => {
  w = await world();
  const role = (key: string, permissions: readonly string[]) =>
    w.t.prisma.role.create({ data: { key, name: key, organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(permissions) } });
  // Holds everything a Standard User holds (so it dominates them), and not org.view (so not the Auditor).
  await role('support', ['user.view', 'user.impersonate', 'user.manageSessions', 'scan.runMember', 'scan.runCorporate', 'scan.viewResults', 'scan.dueDiligence', 'report.view', 'apikey.create']);
  await role('viewer', ['user.view']);
  support = await w.member('support', [{ organizationId: w.org.acme, roleKey: 'support' }], { firstName: 'Sue', lastName: 'Support' });
  colleague = await w.member('colleague', [{ organizationId: w.org.acme, roleKey: 'support' }], { firstName: 'Cole', lastName: 'League' });
  viewer = await w.member('viewer', [{ organizationId: w.org.acme, roleKey: 'viewer' }]);
});
after(() => w.close());

const signInAs = (username: string): Promise<ApiClient> => signIn(w.t.app, username, PASSWORD);

/** A support session acting as the Standard User. */
async function impersonating(target = w.users.standard): Promise<ApiClient> {
  const client = await signInAs('support');
  const started = await client.call('post', `/users/${target}/impersonate`, {});
  assert.equal(started.status, 200, JSON.stringify(started.body));
  return client;
}

/** Ends whatever the client is doing, so that one test's impersonation is not the next one's. */
async function stopped(client: ApiClient): Promise<void> {
  await client.call('post', '/me/impersonation/stop', {});
}

/** A fresh instant: events at or after it are this test's (the test clock stands still otherwise). */
function mark(): Date {
  w.t.clock.advance(1000);
  return w.t.clock.now();
}

/** Runs `body` while the user is locked for an hour, then unlocks them. */
async function whileLocked(userId: string, body: () => Promise<void>): Promise<void> {
  await w.t.prisma.user.update({ where: { id: userId }, data: { lockedUntil: new Date(w.t.clock.now().getTime() + 60 * MINUTE) } });
  try {
    await body();
  } finally {
    await w.t.prisma.user.update({ where: { id: userId }, data: { lockedUntil: null } });
  }
}

const eventsSince = (at: Date, where: Record<string, unknown> = {}) => w.t.prisma.auditEvent.findMany({ where: { at: { gte: at }, ...where }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
const detailsOf = (row: { details: string }) => JSON.parse(row.details) as Record<string, unknown>;

test('R-IMP-1: support with user.impersonate signs in as a user they dominate, for the time limit, audited', async () => {
  const since = mark();
  const client = await signInAs('support');
  const started = await client.call('post', `/users/${w.users.standard}/impersonate`, {});
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.equal(started.body.actingAs, w.users.standard);
  assert.equal(new Date(started.body.endsAt).getTime(), w.t.clock.now().getTime() + 30 * MINUTE);
  const [event] = await eventsSince(since, { action: 'user.impersonate' });
  assert.equal(event?.outcome, 'ALLOWED');
  assert.equal(event?.actorId, support);
  assert.equal(event?.targetId, w.users.standard);
  await stopped(client);
});

test('R-IMP-1, R-PERM-1: without user.impersonate nobody signs in as anyone, and the refusal is audited', async () => {
  const since = mark();
  const client = await signInAs('viewer');
  const refused = await client.call('post', `/users/${w.users.standard}/impersonate`, {});
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-PERM-1');
  assert.equal((await client.call('get', '/me')).body.id, viewer, 'still themself');
  const [event] = await eventsSince(since, { action: 'user.impersonate' });
  assert.equal(event?.outcome, 'DENIED');
  assert.equal(event?.rule, 'R-PERM-1');
});

test('R-IMP-1, R-ESC-2: not a user holding what the actor does not (the Auditor sees the organisation)', async () => {
  const client = await signInAs('support');
  const refused = await client.call('post', `/users/${w.users.auditor}/impersonate`, {});
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-ESC-2');
});

test('R-IMP-1, R-OWNER-1: nobody signs in as the owner', async () => {
  const client = await signInAs('support');
  const refused = await client.call('post', `/users/${w.users.owner}/impersonate`, {});
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-OWNER-1');
});

test('R-IMP-1, R-SELF-1: not oneself, not outside one\'s organisations (404, R-TENANT-1), not through an API key', async () => {
  const client = await signInAs('support');
  const self = await client.call('post', `/users/${support}/impersonate`, {});
  assert.equal(self.status, 403);
  assert.equal(self.body.rule, 'R-SELF-1');
  const foreign = await client.call('post', `/users/${w.users.stranger}/impersonate`, {});
  assert.equal(foreign.status, 404);
  const created = await client.call('post', '/me/api-keys', { name: 'support script' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const viaKey = await request(w.t.app).post(`${API}/users/${w.users.standard}/impersonate`).set('authorization', `Bearer ${created.body.key}`).send({});
  assert.equal(viaKey.status, 403);
  assert.equal(viaKey.body.code, 'SESSION_REQUIRED');
});

test('R-IMP-1, R-STATE-1: not a user who cannot sign in themself (locked), and bad input changes nothing', async () => {
  const client = await signInAs('support');
  await whileLocked(w.users.standard, async () => {
    const locked = await client.call('post', `/users/${w.users.standard}/impersonate`, {});
    assert.equal(locked.status, 409);
  });
  const bad = await client.call('post', `/users/${w.users.standard}/impersonate`, { minutes: 600 });
  assert.equal(bad.status, 400);
  assert.match(bad.headers['content-type'] ?? '', /problem\+json/);
  assert.equal((await client.call('get', '/me')).body.id, support);
});

test('R-IMP-1: while it lasts, requests are the user\'s, decided as theirs, and each is audited with both identities', async () => {
  const client = await impersonating();
  const since = mark();
  const me = await client.call('get', '/me');
  assert.equal(me.body.id, w.users.standard);
  // The Standard User may not list users: neither may the session acting as them.
  assert.equal((await client.call('get', `/users/${w.users.auditor}`)).status, 403);
  const reads = await eventsSince(since, { action: 'impersonation.request' });
  assert.equal(reads.length, 2);
  for (const read of reads) {
    assert.equal(read.actorId, support);
    assert.equal(read.organizationId, w.org.acme, "filed under the user's organisation, so its trail shows it");
    assert.equal(detailsOf(read).actingAsId, w.users.standard);
  }
  assert.deepEqual(reads.map((read) => detailsOf(read).path), ['/api/v1/me', `/api/v1/users/${w.users.auditor}`]);

  // A change is audited by its own event, naming both; so is a refusal.
  const edited = await client.call('patch', '/me', { firstName: 'Stanley' });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const lock = await client.call('post', `/users/${w.users.auditor}/lock`, {});
  assert.ok(lock.status === 403 || lock.status === 404);
  const changes = await eventsSince(since, { action: { in: ['account.updateProfile', 'user.edit', 'user.lock'] } });
  assert.equal(changes.length, 2);
  for (const change of changes) {
    assert.equal(change.actorId, support);
    assert.equal(detailsOf(change).actingAsId, w.users.standard);
  }
  await w.t.prisma.user.update({ where: { id: w.users.standard }, data: { firstName: 'Stan' } });

  // The panel's audit trail says it in words.
  const [read] = reads;
  assert.ok(read);
  const words = await auditEventInWords(w.t.gatehouse.context, read as unknown as Record<string, unknown>);
  assert.equal(words.actorText, 'Sue Support (support@example.test) acting as Stan Standard (standard@example.test)');
  assert.ok(!String(words.detailsText).includes(w.users.standard), 'no id on screen');
  await stopped(client);
});

test('R-IMP-1: a REST read while impersonating reads the session once, from the cookie, and not again through express-session', async () => {
  const client = await impersonating();
  await client.call('get', '/me');
  const { executed } = w.t.gatehouse.context.reads;
  const runs = () => ({ cookie: executed.get('session_with_user') ?? 0, wholeSession: executed.get('session_with_owner') ?? 0 });
  const before = runs();
  const me = await client.call('get', '/me');
  assert.equal(me.body.id, w.users.standard, 'still the user acted as');
  const after = runs();
  assert.deepEqual({ cookie: after.cookie - before.cookie, wholeSession: after.wholeSession - before.wholeSession }, { cookie: 1, wholeSession: 0 });
  await stopped(client);
});

test('R-IMP-1: stopping returns the session to the impersonator, audited once with both identities', async () => {
  const client = await impersonating();
  const since = mark();
  const stop = await client.call('post', '/me/impersonation/stop', {});
  assert.equal(stop.status, 200, JSON.stringify(stop.body));
  assert.equal((await client.call('get', '/me')).body.id, support);
  const ends = await eventsSince(since, { action: 'impersonation.end' });
  assert.equal(ends.length, 1);
  assert.equal(ends[0]?.actorId, support);
  assert.equal(ends[0]?.organizationId, w.org.acme);
  assert.deepEqual(detailsOf(ends[0] as { details: string }), { actingAsId: w.users.standard, reason: 'stopped' });
  assert.equal((await eventsSince(since, { action: 'impersonation.request' })).length, 0, 'the requests after are the impersonator\'s own');
  const again = await client.call('post', '/me/impersonation/stop', {});
  assert.equal(again.status, 409, 'nothing to stop');
});

test('R-IMP-1, R-SESS-1: signing out while impersonating ends both, and the trail says the impersonation ended with it', async () => {
  const client = await impersonating();
  const since = mark();
  const out = await client.call('post', '/auth/logout');
  assert.equal(out.status, 204, JSON.stringify(out.body));
  assert.equal((await client.call('get', '/me')).status, 401);
  const ends = await eventsSince(since, { action: 'impersonation.end' });
  assert.equal(ends.length, 1);
  assert.equal(ends[0]?.actorId, support);
  assert.deepEqual(detailsOf(ends[0] as { details: string }), { actingAsId: w.users.standard, reason: 'the impersonator signed out' });
});

test('R-IMP-1: at 30 minutes the session is the impersonator\'s again, by the clock, and the end is audited once', async () => {
  const client = await impersonating();
  const since = mark();
  w.t.clock.advance(29 * MINUTE);
  assert.equal((await client.call('get', '/me')).body.id, w.users.standard, 'still acting at 29 minutes');
  w.t.clock.advance(MINUTE);
  assert.equal((await client.call('get', '/me')).body.id, support, 'over at 30 minutes');
  assert.equal((await client.call('get', '/me')).body.id, support);
  const ends = await eventsSince(since, { action: 'impersonation.end' });
  assert.equal(ends.length, 1);
  assert.equal(detailsOf(ends[0] as { details: string }).reason, 'the time limit was reached');
});

test('R-IMP-1: the host\'s own routes run as the user acted as too, decided as theirs and audited, and end with the time limit', async () => {
  // Added to the test app behind Gatehouse's router, as a host adds its routes.
  const { gatehouse } = w.t;
  const whoami = (res: Response) => ({ userId: gatehouse.principalOf(res)?.userId, impersonator: gatehouse.principalOf(res)?.impersonator?.userId ?? null });
  w.t.app.get('/host/scans', gatehouse.requirePermission('scan.runMember'), (_req, res) => res.json(whoami(res)));
  w.t.app.get('/host/support-desk', gatehouse.requirePermission('user.impersonate'), (_req, res) => res.json(whoami(res)));

  const own = await signInAs('support');
  assert.deepEqual((await own.agent.get('/host/support-desk')).body, { userId: support, impersonator: null }, 'support\'s own rights');
  const client = await impersonating();
  const since = mark();
  const scans = await client.agent.get('/host/scans');
  assert.equal(scans.status, 200, JSON.stringify(scans.body));
  assert.deepEqual(scans.body, { userId: w.users.standard, impersonator: support });
  // The Standard User may not impersonate: neither may the session acting as them, on the host's route.
  assert.equal((await client.agent.get('/host/support-desk')).status, 403);
  const reads = await eventsSince(since, { action: 'impersonation.request' });
  assert.deepEqual(reads.map((read) => [read.actorId, detailsOf(read).actingAsId, detailsOf(read).path]), [
    [support, w.users.standard, '/host/scans'],
    [support, w.users.standard, '/host/support-desk'],
  ]);
  const ended = mark();

  w.t.clock.advance(29 * MINUTE);
  assert.equal((await client.agent.get('/host/scans')).body.userId, w.users.standard, 'still acting at 29 minutes');
  w.t.clock.advance(MINUTE);
  assert.deepEqual((await client.agent.get('/host/support-desk')).body, { userId: support, impersonator: null }, 'over at 30 minutes, on the host\'s route');
  assert.equal((await client.call('get', '/me')).body.id, support, 'and in Gatehouse\'s own router: the record was saved without it');
  const ends = await eventsSince(ended, { action: 'impersonation.end' });
  assert.equal(ends.length, 1);
  assert.equal(detailsOf(ends[0] as { details: string }).reason, 'the time limit was reached');
});

test('R-IMP-1: when the impersonator loses the permission, it ends at their next request; locked, their session ends (R-SESS-1)', async () => {
  const client = await impersonating();
  const membership = await w.t.prisma.membership.findFirstOrThrow({ where: { userId: support } });
  const viewerRole = await w.t.prisma.role.findFirstOrThrow({ where: { key: 'viewer', organizationId: w.org.acme } });
  await w.t.prisma.membership.update({ where: { id: membership.id }, data: { roleId: viewerRole.id } });
  await w.t.prisma.user.update({ where: { id: support }, data: { accessVersion: { increment: 1 } } });
  try {
    const since = mark();
    assert.equal((await client.call('get', '/me')).body.id, support);
    const [end] = await eventsSince(since, { action: 'impersonation.end' });
    assert.equal(detailsOf(end as { details: string }).reason, 'the impersonator may no longer act as this user');
  } finally {
    await w.t.prisma.membership.update({ where: { id: membership.id }, data: { roleId: membership.roleId } });
    await w.t.prisma.user.update({ where: { id: support }, data: { accessVersion: { increment: 1 } } });
  }
  const second = await impersonating();
  await whileLocked(support, async () => {
    assert.equal((await second.call('get', '/me')).status, 401);
  });
});

test('R-IMP-1: when the user acted as is locked meanwhile, it ends at the next request', async () => {
  const client = await impersonating();
  await whileLocked(w.users.standard, async () => {
    const since = mark();
    assert.equal((await client.call('get', '/me')).body.id, support);
    const [end] = await eventsSince(since, { action: 'impersonation.end' });
    assert.equal(detailsOf(end as { details: string }).reason, 'the user can no longer sign in');
  });
});

test('R-IMP-2: while impersonating, passwords, second factors, API keys, sessions, the security question and another impersonation are refused, each audited as a denial', async () => {
  // As a colleague who holds user.impersonate, so that the engine alone would allow another impersonation.
  const client = await impersonating(colleague);
  const since = mark();
  const attempts: readonly [string, () => Promise<request.Response>][] = [
    ['own password', () => client.call('post', '/me/password', { currentPassword: PASSWORD, newPassword: 'Another-Horse-7!x' })],
    ['authenticator', () => client.call('post', '/me/mfa/totp', { currentPassword: PASSWORD })],
    ['e-mailed codes', () => client.call('post', '/me/mfa/email', { currentPassword: PASSWORD })],
    ['second factor off', () => client.call('delete', '/me/mfa', { currentPassword: PASSWORD })],
    ['security question', () => client.call('put', '/me/security-question', { currentPassword: PASSWORD, question: securityQuestions[0], answer: 'Rex' })],
    ['API key', () => client.call('post', '/me/api-keys', { name: 'as them' })],
    ['other sessions', () => client.call('post', '/me/sessions/end-others', {})],
    ["another user's sessions", () => client.call('post', `/users/${w.users.standard}/sessions/end`, {})],
    ['another impersonation', () => client.call('post', `/users/${w.users.standard}/impersonate`, {})],
    ['a passkey', () => client.call('post', '/me/passkeys/options', { currentPassword: PASSWORD })],
  ];
  for (const [what, attempt] of attempts) {
    const refused = await attempt();
    assert.equal(refused.status, 403, `${what}: ${JSON.stringify(refused.body)}`);
    assert.equal(refused.body.rule, 'R-IMP-2', what);
    assert.match(refused.headers['content-type'] ?? '', /problem\+json/);
  }
  const denials = await eventsSince(since, { outcome: 'DENIED', rule: 'R-IMP-2' });
  assert.equal(denials.length, attempts.length);
  for (const denial of denials) {
    assert.equal(denial.actorId, support);
    assert.equal(detailsOf(denial).actingAsId, colleague);
  }
  const user = await w.t.prisma.user.findUniqueOrThrow({ where: { id: colleague } });
  assert.equal(user.mfaMethod, 'NONE', 'nothing changed');
  assert.equal(await w.t.prisma.apiKey.count({ where: { userId: colleague } }), 0);
  await stopped(client);
});
