// The panel's side of R-SESS-3 and R-STATE-2: the Sessions card of My profile and the Sessions
// action on a user, in words and without session ids; the Disable form with its reason and end,
// and the user page saying until when and why, to administrators only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMember } from '../../src/setup/bootstrap.ts';
import type { TestSetup } from '../support/setup.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { type Agent, demo, loadRecordAction, offeredActions, panelSetup, runRecordAction, signInToPanel, userId } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
});
after(() => t.close());

const sids = async (userId: string) => (await t.prisma.session.findMany({ where: { userId }, select: { sid: true } })).map((row) => row.sid);

test('R-SESS-3: My profile lists one\'s sessions, the current one marked, and ends another one', async () => {
  const other = await signInToPanel(t.app, demo.auditor);
  const self = await signInToPanel(t.app, demo.auditor);
  const page = await self.get('/admin/api/pages/myProfile');
  assert.equal(page.status, 200);
  const sessions = page.body.sessions as { id: string; current: boolean }[];
  assert.ok(sessions.length >= 2);
  assert.equal(sessions.filter((session) => session.current).length, 1);
  for (const sid of await sids(page.body.profile.id)) assert.ok(!page.text.includes(sid), 'no session id in the page');
  const target = sessions.find((session) => !session.current);
  const ended = await runRecordAction(self, 'User', page.body.profile.id, 'endOwnSession', { session: target?.id });
  assert.equal(ended.body.notice?.type, 'success', JSON.stringify(ended.body.notice));
  assert.equal(ended.body.notice.message, 'The session is ended');
  const afterwards = await other.get('/admin/api/pages/myProfile');
  assert.notEqual(afterwards.status, 200, 'the ended session is signed out');
  assert.equal((await self.get('/admin/api/pages/myProfile')).status, 200);
});

test('R-SESS-3, R-ESC-2: the Sessions action shows a user\'s sessions to an administrator who may end them, and ends them all', async () => {
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  await t.prisma.role.createMany({
    data: [
      { key: 'helpdesk', name: 'Helpdesk', organizationId: group.id, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.manageSessions']) },
      { key: 'viewer', name: 'Viewer', organizationId: group.id, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view']) },
    ],
  });
  const member = (username: string, roleKey: string) =>
    createMember(t.gatehouse.context, { email: `${username}@acme.example`, username, firstName: username, lastName: 'Tester', password: DEMO_PASSWORD }, [{ organizationId: group.id, roleKey }]);
  await member('helpdesk', 'helpdesk');
  const viewer = (await member('viewer', 'viewer')).id;
  const viewerPanel = await signInToPanel(t.app, 'viewer@acme.example');
  const helpdesk = await signInToPanel(t.app, 'helpdesk@acme.example');

  assert.ok((await offeredActions(helpdesk, 'User', viewer)).includes('sessions'));
  const shown = await loadRecordAction(helpdesk, 'User', viewer, 'sessions');
  assert.equal(shown.status, 200);
  const sessions = shown.body.data.sessions as { id: string; userAgent: string | null }[];
  assert.equal(sessions.length, 1);
  for (const sid of await sids(viewer)) assert.ok(!shown.text.includes(sid), 'no session id in the action');

  // Someone holding more than the helpdesk: the action is refused with the rule's words, not listed.
  const refused = await loadRecordAction(helpdesk, 'User', await userId(t, demo.standard), 'sessions');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.notice?.type, 'error');
  assert.equal(refused.body.data, undefined);

  const ended = await runRecordAction(helpdesk, 'User', viewer, 'sessions', {});
  assert.equal(ended.body.notice?.type, 'success', JSON.stringify(ended.body.notice));
  assert.equal(ended.body.notice.message, 'One session is ended');
  assert.notEqual((await viewerPanel.get('/admin/api/pages/myProfile')).status, 200);
});

test('R-STATE-2: the Disable form asks for a reason and an end; the user page says until when and why, in words', async () => {
  const id = await userId(t, demo.standard);
  const form = await loadRecordAction(owner, 'User', id, 'disable');
  assert.equal(form.status, 200);
  const fields = form.body.data.form.fields as { name: string; type: string; label: string; required: boolean }[];
  assert.deepEqual(
    fields.map((field) => [field.name, field.type, field.required]),
    [
      ['reason', 'textarea', false],
      ['until', 'datetime', false],
    ],
  );
  const until = new Date(t.clock.now().getTime() + 2 * 24 * 60 * 60_000);
  const disabled = await runRecordAction(owner, 'User', id, 'disable', { reason: 'Contract paused', until: until.toISOString() });
  assert.equal(disabled.body.notice?.type, 'success', JSON.stringify(disabled.body.notice));
  const show = await owner.get(`/admin/api/resources/User/records/${id}/show`);
  const params = show.body.record.params as Record<string, unknown>;
  assert.equal(params.status, 'disabled');
  assert.equal(params.disabledReason, 'Contract paused');
  assert.equal(params.disabledUntilText, `Until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  // A past end is refused with a notice and changes nothing.
  const enabled = await runRecordAction(owner, 'User', id, 'enable');
  assert.equal(enabled.body.notice?.type, 'success');
  const past = await runRecordAction(owner, 'User', id, 'disable', { until: new Date(t.clock.now().getTime() - 60_000).toISOString() });
  assert.equal(past.status, 400);
  assert.equal(past.body.notice?.type, 'error');
  assert.equal((await t.prisma.user.findUniqueOrThrow({ where: { id } })).status, 'ACTIVE');
});

test('R-STATE-2: a user\'s own record in the panel never carries the reason', async () => {
  const id = await userId(t, demo.advanced);
  await t.prisma.user.update({ where: { id }, data: { disabledReason: 'Left over from an earlier disable' } });
  const self = await signInToPanel(t.app, demo.advanced);
  const show = await self.get(`/admin/api/resources/User/records/${id}/show`);
  assert.equal(show.status, 200);
  assert.ok(!('disabledReason' in (show.body.record.params as object)));
  assert.ok(!show.text.includes('Left over from an earlier disable'));
});
