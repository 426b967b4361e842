// The outbox (demo mode): messages are stored redacted (R-OUTBOX-1) and links come only from the
// mail transport; each user sees the messages addressed to them, and the invitation messages of
// invitations in their scope; never someone else's reset mail or sign-in code, nor another
// organisation's invitation to the same address.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { createMember } from '../../src/setup/bootstrap.ts';
import { hashToken } from '../../src/tokens/token.ts';
import type { TestSetup } from '../support/setup.ts';
import { type Agent, demo, loadResourceAction, panelSetup, runRecordAction, runResourceAction, signInToPanel, userId } from './helpers.ts';

const INVITEE = 'twice.invited@example.com';
const SOUTH_OFFICER = 'south.officer@acme.example';
let t: TestSetup;
let owner: Agent;
let southOfficer: Agent;
let standard: Agent;
let auditor: Agent;

type Option = { value: string; label: string; group?: string };

async function invite(organization: string): Promise<void> {
  const form = await loadResourceAction(owner, 'Invitation', 'new');
  const options = (form.body.data.form.fields as { name: string; options?: Option[] }[]).find((field) => field.name === 'organizationId|roleId')?.options ?? [];
  const choice = options.find((option) => option.group === organization && option.label === 'Standard User');
  assert.ok(choice, `a Standard User choice in ${organization}`);
  const sent = await runResourceAction(owner, 'Invitation', 'new', { email: INVITEE, 'organizationId|roleId': choice.value, ipAllowlist: [] });
  assert.equal(sent.body.notice?.type, 'success', JSON.stringify(sent.body.notice));
}

before(async () => {
  t = await panelSetup();
  const south = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme South' } });
  await createMember(
    t.gatehouse.context,
    { email: SOUTH_OFFICER, username: 'south.officer', firstName: 'South', lastName: 'Officer', password: DEMO_PASSWORD },
    [{ organizationId: south.id, roleKey: 'complianceOfficer' }],
  );
  owner = await signInToPanel(t.app, demo.owner);
  southOfficer = await signInToPanel(t.app, SOUTH_OFFICER);
  standard = await signInToPanel(t.app, demo.standard);
  auditor = await signInToPanel(t.app, demo.auditor);
  await invite('Acme North');
  await invite('Acme South');
  const reset = await runRecordAction(owner, 'User', await userId(t, demo.standard), 'resetPassword');
  assert.equal(reset.body.notice?.type, 'success', JSON.stringify(reset.body.notice));
  // A sign-in code, as the e-mail second factor writes it.
  await t.prisma.outboxMessage.create({ data: { to: demo.auditor, kind: 'sign-in-code', subject: 'Your sign-in code', text: 'Your code: 123456' } });
});
after(() => t.close());

async function outbox(agent: Agent): Promise<{ id: string; to: string; kind: string; subject: string }[]> {
  const list = await agent.get('/admin/api/resources/OutboxMessage/actions/list?perPage=100');
  assert.equal(list.status, 200);
  return ((list.body.records ?? []) as { id: string; params: { to: string; kind: string; subject: string } }[]).map((record) => ({ id: record.id, ...record.params }));
}

test('R-SECRET-1: outbox: another user\'s password-reset link and sign-in code are never listed, even for someone who may invite', async () => {
  const seen = await outbox(owner);
  assert.ok(!seen.some((message) => message.to === demo.standard), 'not the standard user\'s reset link');
  assert.ok(!seen.some((message) => message.kind === 'sign-in-code'), 'not the auditor\'s code');
  const reset = await t.prisma.outboxMessage.findFirstOrThrow({ where: { to: demo.standard, kind: 'password-reset' } });
  const show = await owner.get(`/admin/api/resources/OutboxMessage/records/${reset.id}/show`);
  assert.equal(show.body.notice?.type, 'error');
  assert.doesNotMatch(show.text, /token=/);
});

test('R-SECRET-1: outbox: a user sees the messages addressed to them, and nothing else without invitations in scope', async () => {
  const mine = await outbox(standard);
  assert.ok(mine.length > 0);
  assert.ok(mine.every((message) => message.to === demo.standard));
  assert.ok(mine.some((message) => message.kind === 'password-reset'));
  const auditorsOwn = await outbox(auditor);
  assert.deepEqual(auditorsOwn.map((message) => message.kind), ['sign-in-code']);
});

test('R-SECRET-1: outbox: invitation messages follow the invitations in scope, not the address', async () => {
  const ownerInvitations = (await outbox(owner)).filter((message) => message.to === INVITEE);
  const subjects = ownerInvitations.map((message) => message.subject).sort();
  assert.equal(subjects.length, 2, 'the parent\'s officer reaches both sub-organisations');
  assert.match(subjects[0] ?? '', /Acme North/);
  assert.match(subjects[1] ?? '', /Acme South/);
  const southOnly = await outbox(southOfficer);
  assert.deepEqual(
    southOnly.filter((message) => message.to === INVITEE).map((message) => message.subject),
    [(await t.prisma.outboxMessage.findFirstOrThrow({ where: { to: INVITEE, subject: { contains: 'Acme South' } } })).subject],
  );
  assert.ok(!southOnly.some((message) => message.subject.includes('Acme North')), 'not Acme North\'s invitation to the same address');
});

test('R-OUTBOX-1: outbox: after a resend both messages of the invitation are listed, redacted, neither with a live link', async () => {
  const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: INVITEE, organization: { name: 'Acme South' } } });
  const resent = await runRecordAction(owner, 'Invitation', invitation.id, 'resend');
  assert.equal(resent.body.notice?.type, 'success', JSON.stringify(resent.body.notice));
  const listed = (await outbox(southOfficer)).filter((message) => message.to === INVITEE);
  assert.equal(listed.length, 2);
  for (const message of listed) {
    const show = await southOfficer.get(`/admin/api/resources/OutboxMessage/records/${message.id}/show`);
    assert.match(show.body.record?.params?.text ?? '', /accept-invitation\?token=\[redacted\]/);
  }
  const live = t.mailbox.token(INVITEE, 'invitation');
  assert.equal((await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).tokenHash, hashToken(live), 'the transport got the live link');
});

test('R-OUTBOX-1: no outbox list or view shows a token or code the transport received, to anyone, and the table holds none', async () => {
  const secrets = [...t.mailbox.allTokens(), ...t.mailbox.messages.flatMap((message) => /code is: (\d{6})/.exec(message.text)?.[1] ?? [])];
  assert.ok(secrets.length >= 3, 'invitation and reset links were sent');
  for (const agent of [owner, southOfficer, standard, auditor]) {
    const list = await agent.get('/admin/api/resources/OutboxMessage/actions/list?perPage=100');
    const shows = await Promise.all(((list.body.records ?? []) as { id: string }[]).map((record) => agent.get(`/admin/api/resources/OutboxMessage/records/${record.id}/show`)));
    for (const text of [list.text, ...shows.map((show) => show.text)]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), 'no live token or code in the panel');
    }
  }
  const rows = await t.prisma.outboxMessage.findMany();
  for (const row of rows) {
    for (const secret of secrets) assert.ok(!row.text.includes(secret) && !row.subject.includes(secret), `message ${row.id} is stored redacted`);
  }
  assert.ok(rows.filter((row) => row.status === 'SENT').every((row) => row.sealed === null), 'a delivered message keeps no sealed clear text');
});

test('R-OUTBOX-1: the Auditor cannot take an invitation link from the outbox and join', async () => {
  const messages = await outbox(auditor);
  assert.ok(messages.every((message) => message.to === demo.auditor), 'only the auditor\'s own messages');
  const texts = await Promise.all(messages.map((message) => auditor.get(`/admin/api/resources/OutboxMessage/records/${message.id}/show`)));
  assert.ok(texts.every((show) => !/token=[A-Za-z0-9_-]{20,}/.test(show.text)));
});
