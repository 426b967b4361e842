// Panel user actions through AdminJS's API, allowed and denied, each naming its rule. The panel
// decides nothing itself: the engine decides what is offered, the users service what happens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestSetup } from '../support/setup.ts';
import { type Agent, demo, loadRecordAction, offeredActions, panelSetup, runRecordAction, signInToPanel, userId } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
let auditor: Agent;
let standard: Agent;
before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
  auditor = await signInToPanel(t.app, demo.auditor);
  standard = await signInToPanel(t.app, demo.standard);
});
after(() => t.close());

const user = (email: string) => t.prisma.user.findUniqueOrThrow({ where: { email } });

test('R-PERM-1: the compliance officer is offered every user action on a member, and none of the state-specific opposites', async () => {
  const actions = await offeredActions(owner, 'User', await userId(t, demo.standard));
  for (const name of ['lock', 'disable', 'resetPassword', 'setPassword', 'setMfa', 'editRole', 'accessRights', 'assignOrganizations', 'edit', 'show']) {
    assert.ok(actions.includes(name), `${name} is offered (${actions.join(', ')})`);
  }
  assert.ok(!actions.includes('unlock') && !actions.includes('enable'), 'unlock/enable only on a locked/disabled user');
});

test('R-STATE-1: lock then unlock through the panel calls the users service, with notices', async () => {
  const id = await userId(t, demo.advanced);
  const locked = await runRecordAction(owner, 'User', id, 'lock');
  assert.equal(locked.body.notice.type, 'success', JSON.stringify(locked.body.notice));
  assert.ok((await user(demo.advanced)).lockedUntil);
  assert.ok((await offeredActions(owner, 'User', id)).includes('unlock'));
  const unlocked = await runRecordAction(owner, 'User', id, 'unlock');
  assert.equal(unlocked.body.notice.type, 'success');
  assert.equal((await user(demo.advanced)).lockedUntil, null);
  const audit = await t.prisma.auditEvent.findMany({ where: { targetId: id, action: 'user.lock', outcome: 'ALLOWED' } });
  assert.equal(audit.length, 2);
});

test('R-CSRF-1: a one-click action changes nothing on GET (a link or a prefetch cannot lock anyone); GET only returns its question', async () => {
  const id = await userId(t, demo.standard);
  const loaded = await loadRecordAction(owner, 'User', id, 'lock');
  assert.match(loaded.body.data.confirm, /Lock this user/);
  assert.equal((await user(demo.standard)).lockedUntil, null);
});

test('R-STATE-1: disable then enable', async () => {
  const id = await userId(t, demo.advanced);
  assert.equal((await runRecordAction(owner, 'User', id, 'disable')).body.notice.type, 'success');
  assert.equal((await user(demo.advanced)).status, 'DISABLED');
  assert.equal((await runRecordAction(owner, 'User', id, 'enable')).body.notice.type, 'success');
  assert.equal((await user(demo.advanced)).status, 'ACTIVE');
});

test('R-SELF-1: nobody locks or disables themselves: not offered, and a direct URL is refused and audited', async () => {
  const self = await userId(t, demo.owner);
  const actions = await offeredActions(owner, 'User', self);
  assert.ok(!actions.includes('lock') && !actions.includes('disable') && !actions.includes('editRole'));
  const direct = await runRecordAction(owner, 'User', self, 'lock');
  assert.equal(direct.body.notice.type, 'error');
  assert.equal((await user(demo.owner)).lockedUntil, null);
  const denied = await t.prisma.auditEvent.findFirst({ where: { targetId: self, action: 'user.lock', outcome: 'DENIED' } });
  assert.equal(denied?.rule, 'R-SELF-1');
});

test('R-PERM-1: a member without user management is offered no user action, and a direct URL on the owner is refused', async () => {
  const ownerId = await userId(t, demo.owner);
  const actions = await offeredActions(standard, 'User', await userId(t, demo.standard));
  assert.deepEqual(actions.filter((name) => ['lock', 'disable', 'resetPassword'].includes(name)), []);
  const direct = await runRecordAction(standard, 'User', ownerId, 'disable');
  assert.equal(direct.body.notice.type, 'error');
  assert.equal((await user(demo.owner)).status, 'ACTIVE');
});

test('R-READ-1: the auditor sees users but every mutation is refused, even by direct URL', async () => {
  const id = await userId(t, demo.standard);
  const actions = await offeredActions(auditor, 'User', id);
  assert.deepEqual(actions, ['show']);
  for (const action of ['lock', 'disable', 'resetPassword']) {
    const direct = await runRecordAction(auditor, 'User', id, action);
    assert.equal(direct.body.notice.type, 'error', `${action} refused`);
  }
  const setMfa = await runRecordAction(auditor, 'User', id, 'setMfa', { method: 'EMAIL' });
  assert.equal(setMfa.body.notice.type, 'error');
  assert.equal((await user(demo.standard)).mfaMethod, 'NONE');
  const denied = await t.prisma.auditEvent.findFirst({ where: { targetId: id, action: 'user.lock', outcome: 'DENIED', actorId: await userId(t, demo.auditor) } });
  assert.equal(denied?.rule, 'R-READ-1');
});

test('R-PWD-3: reset password invalidates the password and puts a link in the outbox', async () => {
  const id = await userId(t, demo.standard);
  const reset = await runRecordAction(owner, 'User', id, 'resetPassword');
  assert.equal(reset.body.notice.type, 'success', JSON.stringify(reset.body.notice));
  assert.equal((await user(demo.standard)).passwordHash, null);
  assert.equal(t.mailbox.latest(demo.standard)?.kind, 'password-reset', 'a reset message was sent');
});

test('R-PWD-3: set password on behalf: the form, a policy violation as a notice, then success', async () => {
  const id = await userId(t, demo.advanced);
  const form = await loadRecordAction(owner, 'User', id, 'setPassword');
  // The confirmation is checked in the form and never sent: the input is the REST body.
  assert.deepEqual(form.body.data.form.fields.map((field: { name: string; matches?: string }) => [field.name, field.matches ?? null]), [['password', null], ['passwordConfirmation', 'password']]);
  const weak = await runRecordAction(owner, 'User', id, 'setPassword', { password: 'short' });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.notice.type, 'error');
  const good = 'Another-Strong-Pass-2026!';
  const set = await runRecordAction(owner, 'User', id, 'setPassword', { password: good });
  assert.equal(set.body.notice.type, 'success', JSON.stringify(set.body.notice));
  await signInToPanel(t.app, demo.advanced, good);
});

test('R-MFA-3: set MFA method, with the choices offered by the form', async () => {
  const id = await userId(t, demo.north);
  const form = await loadRecordAction(owner, 'User', id, 'setMfa');
  assert.deepEqual(form.body.data.form.fields[0].options.map((option: { value: string }) => option.value), ['NONE', 'TOTP', 'EMAIL']);
  const set = await runRecordAction(owner, 'User', id, 'setMfa', { method: 'EMAIL' });
  assert.equal(set.body.notice.type, 'success');
  assert.equal((await user(demo.north)).mfaMethod, 'EMAIL');
  const bad = await runRecordAction(owner, 'User', id, 'setMfa', { method: 'SMS' });
  assert.equal(bad.body.notice.type, 'error');
});

test('R-SELF-2: the built-in edit saves one\u2019s own personal fields through the service; one\u2019s own e-mail stays read-only', async () => {
  const self = await userId(t, demo.standard);
  const saved = await runRecordAction(standard, 'User', self, 'edit', { firstName: 'Stan', lastName: 'Dard', email: demo.standard });
  assert.equal(saved.body.notice.type, 'success', JSON.stringify(saved.body.notice));
  assert.equal((await user(demo.standard)).firstName, 'Stan');
  const refused = await runRecordAction(standard, 'User', self, 'edit', { email: 'someone.else@acme.example' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.rule, 'R-SELF-2');
  assert.equal(refused.body.notice.type, 'error');
  assert.match(refused.body.notice.message, /read-only to you/);
});

test('R-ACC-1: a form whose one possible organisation is chosen for the person still sends it, so Access rights saves for a member of one organisation', async () => {
  const id = await userId(t, demo.standard);
  const [membership] = await t.prisma.membership.findMany({ where: { userId: id } });
  assert.ok(membership);
  const form = await loadRecordAction(owner, 'User', id, 'accessRights');
  const fields = form.body.data.form.fields as { name: string; type: string; value?: string | string[] }[];
  assert.deepEqual(fields.find((field) => field.name === 'organizationId'), { name: 'organizationId', label: 'Organisation', type: 'hidden', required: false, value: membership.organizationId });
  // What the form's component sends: every field's current value (ActionForm's inputOf).
  const input = Object.fromEntries(fields.map((field) => [field.name, field.value ?? '']));
  const saved = await runRecordAction(owner, 'User', id, 'accessRights', input);
  assert.equal(saved.body.notice?.type, 'success', JSON.stringify(saved.body));
});
