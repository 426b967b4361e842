// R-INPUT-1: bad input gets a 4xx problem document and changes nothing, through the REST API and the
// panel's own endpoints; found by an outside assessment as 500s (lone surrogates, a year-275760
// date) and as panel actions run by HEAD requests.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { type Agent, demo, panelSetup, runRecordAction, runResourceAction, signInToPanel, userId } from '../panel/helpers.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { member, PASSWORD } from '../auth/helpers.ts';
import type { TestSetup } from '../support/setup.ts';

let t: TestSetup;
let owner: ApiClient;
let panel: Agent;

before(async () => {
  t = await panelSetup();
  owner = await signIn(t.app, demo.owner, DEMO_PASSWORD);
  panel = await signInToPanel(t.app, demo.owner);
});
after(() => t.close());

const LONE = 'Ann\ud800';

function assertProblem(response: request.Response, status: number): void {
  assert.equal(response.status, status, response.text);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  assert.doesNotMatch(response.text, /at .*\.(ts|js):\d+/, 'no stack trace');
}

test('R-INPUT-1: a lone surrogate in sign-in, profile and API-key input answers 400 and changes nothing', async () => {
  const before = await t.prisma.auditEvent.count();
  const login = await request(t.app).post('/admin/api/v1/auth/login').send({ identifier: LONE, password: 'x' });
  assertProblem(login, 400);
  assert.equal(login.body.errors[0].path, 'identifier');
  assertProblem(await owner.call('patch', '/me', { firstName: LONE }), 400);
  assertProblem(await owner.call('post', '/me/api-keys', { name: LONE }), 400);
  // In a key too, and deep inside the document.
  assertProblem(await owner.call('patch', '/me', { [LONE]: 'x' }), 400);
  assertProblem(await owner.call('patch', '/me', { nested: [[[{ deep: LONE }]]] }), 400);
  assert.equal(await t.prisma.apiKey.count(), 0);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { email: demo.owner } })).firstName.includes('\ud800'), false);
  assert.equal(await t.prisma.auditEvent.count(), before, 'nothing was done, so nothing was audited');
});

test('R-INPUT-1: a lone surrogate in a panel action answers 400 with the notice, and changes nothing', async () => {
  const id = await userId(t, demo.standard);
  const edited = await runRecordAction(panel, 'User', id, 'edit', { firstName: LONE });
  assertProblem(edited, 400);
  assert.equal(edited.body.notice.type, 'error');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id } })).firstName.includes('\ud800'), false);
});

test('R-INPUT-1: audit dates the databases cannot hold (year 275760, year 0) answer 400, not 500', async () => {
  for (const from of ['275760-09-13', '0000-01-01', 'not-a-date']) {
    const response = await owner.call('get', `/audit-events?from=${from}`);
    assertProblem(response, 400);
    assert.equal(response.body.errors[0].path, 'from');
  }
  assert.equal((await owner.call('get', '/audit-events?from=2026-01-01')).status, 200);
});

test('R-INPUT-1: HEAD on a panel action reads, it never runs the action', async () => {
  const id = await userId(t, demo.standard);
  const head = await panel.head(`/admin/api/resources/User/records/${id}/lock`);
  assert.ok(head.status < 500, `HEAD answered ${head.status}`);
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id } })).lockedUntil, null);
  assert.equal(await t.prisma.auditEvent.count({ where: { action: 'user.lock', targetId: id } }), 0);
});

test('R-TENANT-1: inviting an address that has an account in another tenant tells the inviter nothing more than a fresh address', async () => {
  const northId = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme North' } })).id;
  const inviter = await member(t, northId, 'complianceOfficer');
  const north = await signIn(t.app, inviter.email, PASSWORD);
  const invite = (email: string) => north.call('post', '/invitations', { email, organizationId: northId, roleId: 'builtin:standardUser' });
  const elsewhere = await invite(demo.south);
  const fresh = await invite('never.seen@example.test');
  assert.equal(elsewhere.status, 201, elsewhere.text);
  assert.equal(fresh.status, 201, fresh.text);
  const shape = (body: Record<string, unknown>) => ({ ...body, id: '', email: '', expiresAt: '', createdAt: '' });
  assert.deepEqual(shape(elsewhere.body), shape(fresh.body));
  // And the Outbox the inviter may read carries no link to follow to the preview (R-OUTBOX-1).
  const stored = await t.prisma.outboxMessage.findMany({ where: { to: { in: [demo.south, 'never.seen@example.test'] } } });
  assert.equal(stored.length, 2);
  for (const message of stored) assert.doesNotMatch(message.text, /token=[A-Za-z0-9_-]{20,}/);
});

test('R-SECRET-1: panel lists filter and sort only by the columns they show: a hidden field is a 400, not an oracle', async () => {
  const auditor = await signInToPanel(t.app, demo.auditor);
  const list = (query: string) => auditor.get(`/admin/api/resources/User/actions/list?${query}`);
  for (const query of ['filters.securityQuestion=pet', 'filters.securityAnswerHash=x', 'filters.passwordHash=%24argon', 'filters.totpSecret=a', 'sortBy=passwordHash', 'sortBy=securityQuestion']) {
    const response = await list(query);
    assertProblem(response, 400);
    assert.doesNotMatch(response.text, /argon2|securityQuestion"\s*:\s*"/);
  }
  for (const resource of ['Invitation', 'ApiKey', 'OutboxMessage', 'AuditEvent']) {
    assertProblem(await auditor.get(`/admin/api/resources/${resource}/actions/list?filters.tokenHash=a`), 400);
  }
  // The columns staff see still filter and sort.
  assert.equal((await list('filters.lastName=Officer&sortBy=lastName')).status, 200);
});

test('R-INPUT-1: an e-mail field takes one address: lists and CR/LF header smuggling are 400 in REST and in the panel, and nothing is sent', async () => {
  const acme = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } })).id;
  const sentBefore = t.mailbox.messages.length;
  for (const email of ['one@example.test,two@example.test', 'one@example.test, two@example.test', 'one@example.test\r\nBcc: two@example.test', 'one@example.test\nCc: two@example.test']) {
    const rest = await owner.call('post', '/invitations', { email, organizationId: acme, roleId: 'builtin:standardUser' });
    assertProblem(rest, 400);
    const viaPanel = await runResourceAction(panel, 'User', 'invite', { email, 'organizationId|roleId': `${acme}|builtin:standardUser` });
    assertProblem(viaPanel, 400);
  }
  assert.equal(await t.prisma.invitation.count({ where: { email: { contains: 'two@example.test' } } }), 0);
  assert.equal(t.mailbox.messages.length, sentBefore);
});
