// R-POL-2: before a policy's grants are saved, who gains and who loses which permissions, computed
// by the engine over every holder of every role carrying the policy; the save carries the preview's
// version and is refused (409) when the holders changed meanwhile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiClient } from '../support/agent.ts';
import { auditOf, company, type Company } from '../roles/fixture.ts';

let c: Company;
let owner: ApiClient;
let policyId: string;
let roleKey: string;

before(async () => {
  c = await company();
  owner = await c.client('owner');
  const policy = await owner.call('post', '/policies', { organizationId: c.acme, name: 'Front desk', grants: ['page.dashboard', 'transaction.view'] });
  policyId = policy.body.id;
  const role = await owner.call('post', '/roles', { organizationId: c.acme, name: 'Front desk staff', policyIds: [policyId] });
  roleKey = role.body.key;
  // Named so that the holders' order (last name, then first) is known: Ada, Bea, Cy.
  for (const name of ['cy', 'ada', 'bea']) await c.member(`desk-${name}`, c.acme, roleKey);
});
after(() => c.close());

const preview = (grants: unknown[]) => owner.call('post', `/policies/${policyId}/impact`, { grants });

test('R-POL-2: the preview names who gains and who loses which permission, over every holder, and changes nothing', async () => {
  const grantsBefore = await c.ctx.prisma.policyGrant.count({ where: { policyId } });
  const events = await c.ctx.prisma.auditEvent.count();
  const answer = await preview(['page.dashboard', 'transaction.refund']);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.holders, 3);
  assert.equal(answer.body.affected, 3);
  assert.deepEqual(answer.body.firstAffected, ['desk-ada -', 'desk-bea -', 'desk-cy -']);
  assert.deepEqual(answer.body.gains.map((entry: { permission: string; holders: number }) => [entry.permission, entry.holders]), [['transaction.refund', 3]]);
  assert.deepEqual(answer.body.losses.map((entry: { permission: string; holders: number }) => [entry.permission, entry.holders]), [['transaction.view', 3]]);
  assert.match(answer.body.version, /^[0-9a-f]{16}$/);
  assert.equal(await c.ctx.prisma.policyGrant.count({ where: { policyId } }), grantsBefore, 'nothing stored');
  assert.equal(await c.ctx.prisma.auditEvent.count(), events, 'nothing audited');

  const same = await preview(['page.dashboard', 'transaction.view']);
  assert.deepEqual([same.body.affected, same.body.gains, same.body.losses], [0, [], []], 'no change, nobody affected');
  assert.equal(same.body.version, answer.body.version, 'the version is of the holders, not of the change');
});

test('R-POL-2: a save with the preview\'s version goes through; once a holder joined, the same version is refused 409 and nothing changes', async () => {
  const { body } = await preview(['page.dashboard', 'transaction.view', 'report.view']);
  const saved = await owner.call('patch', `/policies/${policyId}`, { grants: ['page.dashboard', 'transaction.view', 'report.view'], previewVersion: body.version });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  const stale = (await preview(['page.dashboard'])).body.version;
  await c.member('desk-dee', c.acme, roleKey);
  const refused = await owner.call('patch', `/policies/${policyId}`, { grants: ['page.dashboard'], previewVersion: stale });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /preview the change again/);
  assert.equal(await c.ctx.prisma.policyGrant.count({ where: { policyId } }), 3, 'the grants are unchanged');
  const fresh = await preview(['page.dashboard']);
  assert.equal(fresh.body.holders, 4);
  assert.equal((await owner.call('patch', `/policies/${policyId}`, { grants: ['page.dashboard'], previewVersion: fresh.body.version })).status, 200);
  const updates = (await auditOf(c.ctx, policyId)).filter((event) => event.details.operation === 'update' && event.outcome === 'ALLOWED');
  assert.equal(updates.length, 2, 'the refused save is not audited as done');
});

test('R-POL-2, R-ESC-1: the preview is decided as the edit is: escalation and preset policies refused, other tenants not found, bad input 400', async () => {
  const operator = await c.client('operator');
  const denied = await operator.call('post', `/policies/${policyId}/impact`, { grants: ['page.dashboard'] });
  assert.equal(denied.status, 403);
  const preset = await owner.call('post', '/policies/preset:refunds/impact', { grants: ['transaction.view'] });
  assert.equal(preset.body.code, 'BUILT_IN_READ_ONLY');
  const globex = await c.client('globex-owner');
  assert.equal((await globex.call('post', `/policies/${policyId}/impact`, { grants: ['page.dashboard'] })).status, 404);
  const bad = await owner.call('post', `/policies/${policyId}/impact`, { grants: 'everything' });
  assert.equal(bad.status, 400);
  const badVersion = await owner.call('patch', `/policies/${policyId}`, { grants: ['page.dashboard'], previewVersion: 'not-a-version' });
  assert.equal(badVersion.status, 400);
});
