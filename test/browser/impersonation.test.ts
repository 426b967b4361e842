// R-IMP-1 in a real browser (playwright-core with Debian's Chromium, docs/stack.md): the
// administrator opens a user's page, signs in as that user after a confirmation, sees on the page
// whom they act as, on whose behalf and for how long, and stops, back as themself. Seed 004 preset.
// Screenshots go to test-results/ (git-ignored).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ORGANIZATION, DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { createMember } from '../../src/setup/bootstrap.ts';
import { browserPanel, type BrowserPanel } from '../support/browser-panel.ts';
import type { PanelWalk } from '../support/browser-walk.ts';
import type { TestSetup } from '../support/setup.ts';

const ADMIN = 'admin@acme.example';

let panel: BrowserPanel;
let t: TestSetup;
let base: string;
let walk: PanelWalk;
let jane: string;

before(async () => {
  panel = await browserPanel({
    shots: 'impersonation-',
    async prepare(t) {
      await seedDemo(t.gatehouse);
      const organization = await t.prisma.organization.findFirstOrThrow({ where: { name: DEMO_ORGANIZATION, parentId: null } });
      const member = { email: 'jane.doe@acme.example', username: 'jane.doe', firstName: 'Jane', lastName: 'Doe', password: DEMO_PASSWORD };
      jane = (await createMember(t.gatehouse.context, member, [{ organizationId: organization.id, roleKey: 'operations' }])).id;
    },
  });
  ({ t, base, walk } = panel);
});

after(() => panel?.close());

async function clickAction(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).or(page.getByRole('link', { name: label, exact: true })).first().click();
}

test('R-IMP-1, R-PANEL-1: the administrator signs in as a user from their page, sees the banner on every page, and stops', async () => {
  const page = await walk.page();
  await page.goto(`${base}/admin/login`);
  await page.locator('input[name="email"]').fill(ADMIN);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('input[name="password"]').press('Enter');
  await page.getByTestId('gatehouse-dashboard').waitFor();

  await page.goto(`${base}/admin/resources/User/records/${jane}/show`);
  await clickAction(page, 'Sign in as this user');
  await page.getByTestId('confirm-action').waitFor();
  assert.match(await page.getByTestId('confirm-action').innerText(), /audit trail under your name.*30 minutes/s);
  // The action's words, not its name, in the breadcrumb and on the button (R-PANEL-1).
  assert.equal((await page.getByTestId('action-submit').innerText()).trim(), 'Sign in as this user');
  assert.doesNotMatch(await page.locator('body').innerText(), /\bimpersonate\b/i);
  await walk.shot(page, '1-confirm');
  await page.getByTestId('action-submit').click();

  const banner = page.getByTestId('impersonation-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /You are signed in as Jane Doe \(jane\.doe@acme\.example\) on behalf of Admin .*\(admin@acme\.example\); ends in 30 minutes\./);
  await walk.shot(page, '2-banner');
  // Every page says it, not only the first one after the start.
  await page.goto(`${base}/admin/resources/User`);
  await banner.waitFor();
  const reads = await t.prisma.auditEvent.count({ where: { action: 'impersonation.request', targetId: jane } });
  assert.ok(reads > 0, 'the pages seen as Jane are audited');

  await page.getByTestId('impersonation-stop').click();
  await page.getByTestId('gatehouse-dashboard').waitFor();
  assert.equal(await banner.count(), 0, 'the banner is gone');
  const [end] = await t.prisma.auditEvent.findMany({ where: { action: 'impersonation.end', targetId: jane } });
  assert.equal(JSON.parse(end?.details ?? '{}').reason, 'stopped');
  await walk.shot(page, '3-stopped');
  assert.deepEqual(walk.seen.rawKeys, [], 'words, not keys');
  assert.deepEqual(walk.seen.consoleErrors, []);
});
