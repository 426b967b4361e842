// Seed 002's organisation e-mail: "notifications … are emailed to the Compliance Officer. An
// alternative Organisation Email can be nominated". Gatehouse's own notices (a user locked, by an
// administrator or by failed sign-ins; a user disabled; an invitation accepted) and the host's go
// to the nominated address, or to the holders of the unique role while none is nominated.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { demo, panelSetup, runRecordAction, signInToPanel } from '../panel/helpers.ts';

const PASSWORD = 'Notices-Walk-2026!';
const OFFICER = 'co@notices.test';
const OWNER = 'owner@notices.test';
const NOMINATED = 'compliance-desk@notices.test';
let t: TestSetup;
let officer: ApiClient;
let organizationId: string;

before(async () => {
  t = await setup({ preset: 'seed002', signInRateLimit: false });
  const ctx = t.gatehouse.context;
  organizationId = (await createOrganization(ctx, { name: 'Notices Ltd' })).id;
  await createMember(ctx, { email: OWNER, username: 'owner', firstName: 'Olga', lastName: 'Owner', password: PASSWORD }, [{ organizationId, roleKey: 'advancedUser', owner: true }]);
  await createMember(ctx, { email: OFFICER, username: 'co', firstName: 'Cora', lastName: 'Officer', password: PASSWORD }, [{ organizationId, roleKey: 'complianceOfficer' }]);
  officer = await signIn(t.app, 'co', PASSWORD);
});
after(() => t.close());

async function member(username: string): Promise<string> {
  const user = await createMember(t.gatehouse.context, { email: `${username}@notices.test`, username, firstName: username, lastName: 'Member', password: PASSWORD }, [
    { organizationId, roleKey: 'standardUser' },
  ]);
  return user.id;
}

const notices = (to: string) => t.mailbox.messages.filter((message) => message.to === to && message.kind === 'organization-notice');

test('seed 002 (R-NOTIFY-1): without a nominated address, notices go to the Compliance Officer, the unique role, not to the owner', async () => {
  const id = await member('locked1');
  const before = notices(OFFICER).length;
  assert.equal((await officer.call('post', `/users/${id}/lock`)).status, 200);
  const received = notices(OFFICER).slice(before);
  assert.equal(received.length, 1);
  assert.match(received[0]!.subject, /Notices Ltd: locked1 Member was locked/);
  assert.match(received[0]!.text, /locked1@notices\.test/);
  assert.equal(notices(OWNER).length, 0, 'the owner is told only when nobody holds a unique role');

  // Disabling tells them too; unlocking and enabling give access back and are not notices.
  assert.equal((await officer.call('post', `/users/${id}/unlock`)).status, 200);
  assert.equal((await officer.call('post', `/users/${id}/disable`)).status, 200);
  assert.equal((await officer.call('post', `/users/${id}/enable`)).status, 200);
  assert.deepEqual(notices(OFFICER).slice(before).map((message) => /: (.*)$/.exec(message.subject)?.[1]), ['locked1 Member was locked', 'locked1 Member was disabled']);
});

test('R-NOTIFY-1: an organisation where nobody holds a unique role hears through its owner', async () => {
  const ctx = t.gatehouse.context;
  const lone = (await createOrganization(ctx, { name: 'Lone Branch' })).id;
  await createMember(ctx, { email: 'lone.owner@notices.test', username: 'loneowner', firstName: 'Lone', lastName: 'Owner', password: PASSWORD }, [{ organizationId: lone, roleKey: 'advancedUser', owner: true }]);
  assert.equal(await t.gatehouse.notifyOrganization(lone, { subject: 'Hello', text: 'A notice.' }), 1);
  assert.equal(notices('lone.owner@notices.test').length, 1);
});

test('seed 002 (R-NOTIFY-1): a lock caused by failed sign-ins is told once, however many attempts hit it', async () => {
  await member('guesser');
  const before = notices(OFFICER).length;
  const attempts = await Promise.all(Array.from({ length: 12 }, () => request(t.app).post(`${API}/auth/login`).send({ identifier: 'guesser', password: 'not the password at all' })));
  assert.ok(attempts.some((attempt) => attempt.status === 423), 'the account locked');
  const received = notices(OFFICER).slice(before);
  assert.equal(received.length, 1);
  assert.match(received[0]!.subject, /guesser Member was locked after failed sign-ins/);
});

test('seed 002 (R-NOTIFY-1, R-INPUT-1): a nominated organisation e-mail receives the notices instead; bad addresses are refused and change nothing', async () => {
  for (const bad of ['not an address', 'a@x.test, b@x.test', 'desk@x.test\r\nBcc: evil@x.test', 42]) {
    const refused = await officer.call('patch', `/organizations/${organizationId}`, { notificationEmail: bad });
    assert.equal(refused.status, 400, JSON.stringify(bad));
    assert.equal(refused.headers['content-type']?.split(';')[0], 'application/problem+json');
  }
  assert.equal((await t.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).notificationEmail, null);

  const set = await officer.call('patch', `/organizations/${organizationId}`, { notificationEmail: ` ${NOMINATED.toUpperCase()} ` });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.equal(set.body.notificationEmail, NOMINATED);

  const id = await member('disabled1');
  const officerBefore = notices(OFFICER).length;
  assert.equal((await officer.call('post', `/users/${id}/disable`)).status, 200);
  assert.equal(notices(NOMINATED).length, 1);
  assert.match(notices(NOMINATED)[0]!.subject, /disabled1 Member was disabled/);
  assert.equal(notices(OFFICER).length, officerBefore, 'the Compliance Officer is no longer the recipient');

  // The host sends its own notices through the same route.
  assert.equal(await t.gatehouse.notifyOrganization(organizationId, { subject: 'Screening report ready', text: 'The monthly report can be downloaded.' }), 1);
  assert.match(notices(NOMINATED).at(-1)!.subject, /Notices Ltd: Screening report ready/);
  assert.equal(await t.gatehouse.notifyOrganization('no-such-organisation', { subject: 'x', text: 'y' }), 0);

  // Emptying it sends the notices to the unique role again.
  const cleared = await officer.call('patch', `/organizations/${organizationId}`, { notificationEmail: null });
  assert.equal(cleared.body.notificationEmail, null);
  await t.gatehouse.notifyOrganization(organizationId, { subject: 'Back to the officer', text: '…' });
  assert.match(notices(OFFICER).at(-1)!.subject, /Back to the officer/);
});

test('seed 002 (R-NOTIFY-1): an accepted invitation is told to the organisation; the audit and outbox keep no link', async () => {
  const invited = await officer.call('post', '/invitations', { email: 'joiner@notices.test', organizationId, roleId: 'builtin:standardUser' });
  assert.equal(invited.status, 201, JSON.stringify(invited.body));
  const token = t.mailbox.token('joiner@notices.test');
  const before = notices(OFFICER).length;
  const accepted = await request(t.app).post(`${API}/invitations/accept`).send({ token, firstName: 'Jo', lastName: 'Iner', username: 'joiner', password: PASSWORD });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const received = notices(OFFICER).slice(before);
  assert.equal(received.length, 1);
  assert.match(received[0]!.text, /Jo Iner \(joiner@notices\.test\) accepted an invitation .* Standard User/);
  const stored = await t.prisma.outboxMessage.findFirstOrThrow({ where: { id: received[0]!.id } });
  assert.equal(stored.text.includes(token), false);
});

test('seed 002 (R-NOTIFY-1): the panel edits the organisation e-mail with the same rules', async () => {
  const p = await panelSetup();
  try {
    const agent = await signInToPanel(p.app, demo.owner);
    const acme = await p.prisma.organization.findFirstOrThrow({ where: { parentId: null } });
    const form = await agent.get(`/admin/api/resources/Organization/records/${acme.id}/edit`);
    assert.equal(form.status, 200);
    assert.match(JSON.stringify(form.body), /Notification e-mail/);

    const bad = await runRecordAction(agent, 'Organization', acme.id, 'edit', { notificationEmail: 'two@x.test; three@x.test' });
    assert.equal(bad.status, 400);
    assert.equal((await p.prisma.organization.findUniqueOrThrow({ where: { id: acme.id } })).notificationEmail, null);

    const saved = await runRecordAction(agent, 'Organization', acme.id, 'edit', { notificationEmail: 'desk@acme.example' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal((await p.prisma.organization.findUniqueOrThrow({ where: { id: acme.id } })).notificationEmail, 'desk@acme.example');

    // An empty field empties it.
    assert.equal((await runRecordAction(agent, 'Organization', acme.id, 'edit', { notificationEmail: '' })).status, 200);
    assert.equal((await p.prisma.organization.findUniqueOrThrow({ where: { id: acme.id } })).notificationEmail, null);
  } finally {
    await p.close();
  }
});
