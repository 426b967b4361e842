// The panel's "Sign in as this user" asks its question with the time limit the host configured
// (R-IMP-1), in words (R-PANEL-1): a fixed "30 minutes" was wrong for any other limit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { createMember } from '../../src/setup/bootstrap.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import { type Agent, loadRecordAction, signInToPanel } from './helpers.ts';

let t: TestSetup;
let admin: Agent;
let jane: string;

before(async () => {
  // Seed 004's administrator may sign in as the organisation's users.
  t = await setup({ preset: 'seed004', impersonation: { maxMinutes: 90 } });
  await seedDemo(t.gatehouse);
  const organization = await t.prisma.organization.findFirstOrThrow({ where: { name: DEMO_ORGANIZATION, parentId: null } });
  const member = { email: 'jane.doe@acme.example', username: 'jane.doe', firstName: 'Jane', lastName: 'Doe', password: DEMO_PASSWORD };
  jane = (await createMember(t.gatehouse.context, member, [{ organizationId: organization.id, roleKey: 'operations' }])).id;
  admin = await signInToPanel(t.app, 'admin@acme.example');
});
after(() => t.close());

test('R-IMP-1, R-PANEL-1: the confirm question says how long the configured impersonation lasts', async () => {
  const loaded = await loadRecordAction(admin, 'User', jane, 'impersonate');
  assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
  assert.match(loaded.body.data.confirm, /ends by itself after 90 minutes\.$/);
});
